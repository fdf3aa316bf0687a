/**
 * How a report spec names an analysis variable (a Table 1 row, a model covariate, an outcome): continuous (one
 * column), binary (a column equal to a value), or categorical (levels defined by predicates; the first level is the
 * reference in models). A variable is missing for a run when its column is missing.
 */
import { z } from 'zod';
import { PredicateSchema, analysisVariableNames } from '../../cohort/index.js';

const ColumnSchema = z.string().refine((name) => analysisVariableNames.includes(name), {
  message: 'not a dictionary column or derived variable',
});

const IdSchema = z.string().regex(/^[a-z][a-z0-9_]*$/, 'a lower-case identifier such as hx_ckd');

/** What every kind of variable has, after its `kind`: its id, its label in the report and its column. */
const variableFields = { id: IdSchema, label: z.string().min(1), column: ColumnSchema };

export const ContinuousVariableSchema = z
  .object({
    kind: z.literal('continuous'),
    ...variableFields,
    unit: z.string().optional(),
    /** Skewed: shown as median [IQR] too and tested by Mann–Whitney U instead of Student's t. */
    skewed: z.boolean().default(false),
  })
  .strict();

export const BinaryVariableSchema = z
  .object({
    kind: z.literal('binary'),
    ...variableFields,
    /** The value that counts as "yes". */
    value: z.union([z.string(), z.number(), z.boolean()]),
  })
  .strict();

export const CategoricalVariableSchema = z
  .object({
    kind: z.literal('categorical'),
    ...variableFields,
    levels: z
      .array(z.object({ id: IdSchema, label: z.string().min(1), when: PredicateSchema }).strict())
      .min(2),
  })
  .strict();

export const VariableSpecSchema = z.discriminatedUnion('kind', [
  ContinuousVariableSchema,
  BinaryVariableSchema,
  CategoricalVariableSchema,
]);

export type VariableSpec = z.infer<typeof VariableSpecSchema>;
export type BinaryVariableSpec = z.infer<typeof BinaryVariableSchema>;
export type CategoricalVariableSpec = z.infer<typeof CategoricalVariableSchema>;
export type ContinuousVariableSpec = z.infer<typeof ContinuousVariableSchema>;
export { IdSchema, ColumnSchema };
