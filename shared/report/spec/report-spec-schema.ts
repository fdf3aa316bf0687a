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
    /**
     * Covariates of every main adjusted outcome model (Fig. 2, Fig. 4), fitted on the runs with all of them
     * recorded. The source study's list: age, sex, BMI, the history variables, pre-ECMO cardiac arrest and
     * vasopressors (no blood gases: those are missing in a third of runs and enter only the sensitivity models).
     */
    adjustment: z.array(VariableSpecSchema).min(1),
    /**
     * Named sensitivity models of Fig. 2: the main model plus `addCovariates` (continuous columns). Each is fitted
     * on the multiply imputed data sets (columns in `imputation.variables` imputed, pooled by Rubin's rules) and,
     * as its own sensitivity check, on the runs with every added column recorded (complete case).
     */
    sensitivityModels: z
      .array(
        z
          .object({ id: IdSchema, label: z.string().min(1), addCovariates: z.array(ColumnSchema).min(1) })
          .strict(),
      )
      .default([]),
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
        /**
         * Imputed columns: a subgroup whose levels read one is analysed on each completed data set, and a
         * sensitivity model that adds one is fitted on them; the main models never use them.
         */
        variables: z.array(ColumnSchema).min(1),
      })
      .strict(),
    survival: z
      .object({
        horizonDays: z.number().int().positive().default(30),
        atRiskDays: z.array(z.number().nonnegative()).default([0, 5, 10, 15, 20, 25, 30]),
        /**
         * A run discharged alive before the horizon: `alive-at-horizon` counts it as alive at the horizon
         * (censored there; follow-up ends at discharge, and the source study's 30-day survival means this);
         * `censored` censors it at discharge (treats discharge as uninformative, which it is not).
         */
        liveDischarge: z.enum(['alive-at-horizon', 'censored']).default('alive-at-horizon'),
        /**
         * Also publish the cumulative incidence of in-hospital death by the horizon with live discharge as a
         * competing event (Aalen–Johansen).
         */
        competingRisks: z.boolean().default(true),
      })
      .strict(),
    /**
     * Each center's volume in runs a year (the variable `center_runs_per_year`, read by the "large center"
     * subgroup): the center's runs that `when` accepts divided by the years of the study window. `submitted`
     * counts every run the center submitted in the window (the source study: adult VA-ECMO runs, whatever
     * happened to them later); `cohort` counts only its runs left after every exclusion.
     */
    centerVolume: z
      .object({
        runs: z.enum(['submitted', 'cohort']).default('submitted'),
        when: PredicateSchema.optional(),
      })
      .strict()
      .default({ runs: 'submitted' }),
    /** Tests of Table 1. */
    tests: z
      .object({
        /**
         * A categorical variable: `per-variable` is one r × c test over all its levels (Pearson chi-square, or
         * Fisher's exact test when an expected count is below 5), as the source study; `per-level` compares each
         * level with the rest (2 × 2).
         */
        categorical: z.enum(['per-variable', 'per-level']).default('per-variable'),
      })
      .strict()
      .default({ categorical: 'per-variable' }),
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
