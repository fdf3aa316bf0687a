/**
 * A small declarative predicate language over analysis variables, so a committee can define cohort rules,
 * exposures, comparators and subgroups in a report spec without code:
 * `{ column, op, value }` comparisons combined with `all`, `any` and `not`.
 *
 * Missing values never satisfy a comparison (`eq`, `in`, `lt`, `lte`, `gt`, `gte`); test them with `missing` / `present`.
 */
import { z } from 'zod';
import { analysisVariableNames, readVariable, type VariableValue } from './analysis-variables.js';
import type { RunRow } from '../dictionary/index.js';

type Scalar = string | number | boolean;

/** One comparison of a variable with a value. */
export type VariableComparison =
  | { column: string; op: 'eq'; value: Scalar }
  | { column: string; op: 'in'; value: Scalar[] }
  | { column: string; op: 'lt' | 'lte' | 'gt' | 'gte'; value: number }
  | { column: string; op: 'missing' | 'present' };

/** A comparison, or a combination of predicates. */
export type Predicate = VariableComparison | { all: Predicate[] } | { any: Predicate[] } | { not: Predicate };

const ColumnSchema = z.string().refine((name) => analysisVariableNames.includes(name), {
  message: 'not a dictionary column or derived variable',
});
const ScalarSchema = z.union([z.string(), z.number(), z.boolean()]);

const ComparisonSchema = z.union([
  z.object({ column: ColumnSchema, op: z.literal('eq'), value: ScalarSchema }).strict(),
  z.object({ column: ColumnSchema, op: z.literal('in'), value: z.array(ScalarSchema).min(1) }).strict(),
  z.object({ column: ColumnSchema, op: z.enum(['lt', 'lte', 'gt', 'gte']), value: z.number() }).strict(),
  z.object({ column: ColumnSchema, op: z.enum(['missing', 'present']) }).strict(),
]);

/** zod schema of {@link Predicate}. */
export const PredicateSchema: z.ZodType<Predicate> = z.lazy(() =>
  z.union([
    ComparisonSchema,
    z.object({ all: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ any: z.array(PredicateSchema).min(1) }).strict(),
    z.object({ not: PredicateSchema }).strict(),
  ]),
);

/**
 * Evaluates a predicate on a run. `read` reads a variable of the run (default {@link readVariable}; e.g. one that
 * takes imputed values from a completed data set).
 * @example evaluatePredicate({ all: [{ column: 'sex', op: 'eq', value: 'male' }, { column: 'age', op: 'gte', value: 65 }] }, row)
 */
export function evaluatePredicate<T = Partial<RunRow>>(
  predicate: Predicate,
  row: T,
  read: (row: T, name: string) => VariableValue = readVariable as (row: T, name: string) => VariableValue,
): boolean {
  if ('all' in predicate) return predicate.all.every((p) => evaluatePredicate(p, row, read));
  if ('any' in predicate) return predicate.any.some((p) => evaluatePredicate(p, row, read));
  if ('not' in predicate) return !evaluatePredicate(predicate.not, row, read);
  const value = read(row, predicate.column);
  switch (predicate.op) {
    case 'missing':
      return value === undefined;
    case 'present':
      return value !== undefined;
    case 'eq':
      return value !== undefined && value === predicate.value;
    case 'in':
      return value !== undefined && predicate.value.includes(value);
    case 'lt':
      return typeof value === 'number' && value < predicate.value;
    case 'lte':
      return typeof value === 'number' && value <= predicate.value;
    case 'gt':
      return typeof value === 'number' && value > predicate.value;
    case 'gte':
      return typeof value === 'number' && value >= predicate.value;
  }
}

/** The variables a predicate reads (to know, e.g., whether it depends on an imputed variable). */
export function predicateColumns(predicate: Predicate): string[] {
  if ('all' in predicate) return predicate.all.flatMap(predicateColumns);
  if ('any' in predicate) return predicate.any.flatMap(predicateColumns);
  if ('not' in predicate) return predicateColumns(predicate.not);
  return [predicate.column];
}
