/**
 * The declarative report spec: cohort rules, exposure and comparator, covariates, outcomes, subgroups,
 * matching, imputation, survival, benchmark and suppression settings. Everything a quarterly report computes is
 * driven by one validated spec; the default is the source study's (default-report-spec.ts).
 */
import { z } from 'zod';
import { PredicateSchema } from '../../cohort/index.js';
import { BinaryVariableSchema, ColumnSchema, IdSchema, VariableSpecSchema } from './variable-spec.js';

const GroupSchema = z.object({ label: z.string().min(1), when: PredicateSchema }).strict();

const SubgroupSchema = z
  .object({
    id: IdSchema,
    label: z.string().min(1),
    /** Two or more levels; a run in none of them is left out of this subgroup analysis. */
    levels: z
      .array(z.object({ id: IdSchema, label: z.string().min(1), when: PredicateSchema }).strict())
      .min(2),
  })
  .strict();

const DateSchema = z.iso.date();

export const ReportSpecSchema = z
  .object({
    id: IdSchema,
    title: z.string().min(1),
    cohort: z
      .object({
        /** First ECMO start date included (UTC, inclusive); default: no lower bound. */
        from: DateSchema.optional(),
        /** Last ECMO start date included (UTC, inclusive); default: the report's data cut-off. */
        to: DateSchema.optional(),
        steps: z
          .array(
            z
              .object({
                id: z.string().regex(/^[a-z][a-z0-9-]*$/),
                label: z.string(),
                excludeWhen: PredicateSchema,
              })
              .strict(),
          )
          .min(0),
      })
      .strict(),
    exposure: GroupSchema,
    comparator: GroupSchema,
    /** Table 1 rows. */
    baseline: z.array(VariableSpecSchema).min(1),
    /** Covariates of every adjusted outcome model (Fig. 2, Fig. 4). */
    adjustment: z.array(VariableSpecSchema).min(1),
    /** Covariates of the propensity-score model. */
    propensity: z.array(VariableSpecSchema).min(1),
    /** Binary outcomes; the first is the primary outcome (subgroups, Kaplan–Meier event, benchmark). */
    outcomes: z.array(BinaryVariableSchema).min(1),
    /** Durations in Table 2 / Table 3 (mean (SD) and median [IQR], Mann–Whitney U). */
    durations: z
      .array(z.object({ id: IdSchema, label: z.string(), column: ColumnSchema, unit: z.string() }).strict())
      .default([]),
    subgroups: z.array(SubgroupSchema).default([]),
    matching: z
      .object({
        method: z.literal('nearest').default('nearest'),
        ratio: z.literal(1).default(1),
        replace: z.literal(false).default(false),
        /** Caliper in SDs of the propensity score (MatchIt's std.caliper); none by default. */
        caliper: z.number().positive().optional(),
        order: z.enum(['largest', 'smallest', 'data']).default('largest'),
      })
      .strict(),
    imputation: z
      .object({
        m: z.number().int().min(2).max(100).default(5),
        maxit: z.number().int().min(1).max(100).default(5),
        seed: z.number().int(),
        method: z.literal('pmm').default('pmm'),
        /** Imputed columns; they enter every adjusted model as continuous covariates. */
        variables: z.array(ColumnSchema).min(1),
      })
      .strict(),
    survival: z
      .object({
        horizonDays: z.number().int().positive().default(30),
        atRiskDays: z.array(z.number().nonnegative()).default([0, 5, 10, 15, 20, 25, 30]),
      })
      .strict(),
    benchmark: z
      .object({
        /** Pre-ECMO covariates of the center risk model (the exposure is deliberately not among them). */
        riskModel: z.array(VariableSpecSchema).min(1),
        rollingQuarters: z.number().int().min(1).max(20).default(4),
        /** Two-sided coverage of the funnel-plot control limits. */
        limits: z.array(z.number().gt(0).lt(1)).default([0.95, 0.998]),
      })
      .strict(),
    suppression: z.object({ threshold: z.number().int().min(1).default(11) }).strict(),
  })
  .strict();

/** A validated report spec (defaults applied). */
export type ReportSpec = z.infer<typeof ReportSpecSchema>;
/** A report spec as written, before defaults. */
export type ReportSpecInput = z.input<typeof ReportSpecSchema>;
