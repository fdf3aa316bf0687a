/**
 * Multiple imputation of the cohort's missing blood gases (STUDY.md, "Missing data"): MICE with predictive mean
 * matching, m data sets (the algorithm of R's `mice(data, m = 5, maxit = 5, method = "pmm", seed)`, with a
 * different random generator; see stats/mice.ts). The
 * imputation model holds the imputed variables, every adjustment covariate, the exposure and the first two
 * outcomes (an imputation model should include the analysis model's outcome, or the imputed values dilute the
 * associations; White, Royston & Wood 2011).
 */
import { inlineModels, type ModelRunner } from './model-runner.js';
import type { ReportSpec } from '../spec/index.js';
import { binaryValue, encodeColumns, type AnalysisRow } from './model-variables.js';

/**
 * One completed data set: each imputed variable's values for every run of the cohort (index i the i-th run, the
 * recorded value where there is one). Only the imputed columns: every other value is the run's own.
 */
export type ImputedData = Readonly<Record<string, Float64Array>>;

/**
 * The m completed data sets of the cohort's runs (same order): MICE (`miceColumns`, stats/mice.ts) on the columns
 * exposure, the adjustment covariates' model columns, the first two outcomes and the imputed variables; each data
 * set keeps only the imputed variables. What is the same as `mice::mice(data, m, maxit, method = "pmm", seed)`:
 * the algorithm (start values, visit order, predictor screening, Bayesian draws, type-1 matching, donors). What is
 * not: the random numbers (our generator is not R's), so the imputed values, and the estimates pooled from them,
 * agree with R's in distribution, not digit for digit; the report bench therefore hands R our imputations.
 * `models` runs the chains (inline by default; a pool splits them over its workers, with the same data sets).
 */
export async function imputeCohort(
  rows: readonly (AnalysisRow & { group: 'exposure' | 'comparator' })[],
  spec: Pick<ReportSpec, 'adjustment' | 'outcomes' | 'imputation'>,
  models: ModelRunner = inlineModels,
): Promise<ImputedData[]> {
  const { m, maxit, seed, method, variables } = spec.imputation;
  const n = rows.length;
  // The column order is the imputation model's (mice visits the incomplete columns left to right).
  const columns: Record<string, Float64Array> = {
    exposure: Float64Array.from(rows, (row) => (row.group === 'exposure' ? 1 : 0)),
  };
  const covariates = encodeColumns(rows, spec.adjustment);
  covariates.names.forEach((name, j) => (columns[`x:${name}`] = covariates.columns[j]!));
  for (const outcome of spec.outcomes.slice(0, 2)) {
    columns[`y:${outcome.id}`] = Float64Array.from(rows, (row) => binaryValue(row, outcome) ?? NaN);
  }
  for (const column of variables) {
    const values = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const value = (rows[i] as Record<string, unknown>)[column];
      values[i] = typeof value === 'number' ? value : NaN;
    }
    columns[column] = values;
  }
  return models.impute({ columns, options: { m, maxit, seed, method }, keep: variables });
}
