/**
 * Multiple imputation of the cohort's missing blood gases (STUDY.md, "Missing data"): MICE with predictive mean
 * matching, m data sets (R's `mice(data, m = 5, maxit = 5, method = "pmm", seed)`; see stats/mice.ts). The
 * imputation model holds the imputed variables, every adjustment covariate, the exposure and the first two
 * outcomes (an imputation model should include the analysis model's outcome, or the imputed values dilute the
 * associations; White, Royston & Wood 2011).
 */
import { mice, type MiceRow } from '../../stats/index.js';
import type { ReportSpec } from '../spec/index.js';
import { binaryValue, encodeVariable, modelColumnNames, type AnalysisRow } from './model-variables.js';
import type { GroupedRow } from './table-one.js';

/**
 * The m completed data sets: the cohort's rows (same order) with their imputed columns filled in. Each completed
 * row holds only the imputed columns and inherits every other value from its run (its prototype).
 */
export function imputeCohort<R extends GroupedRow>(
  rows: readonly R[],
  spec: Pick<ReportSpec, 'adjustment' | 'outcomes' | 'imputation'>,
): R[][] {
  const { m, maxit, seed, method, variables } = spec.imputation;
  // Column keys are built once, not per run.
  const covariateKeys = spec.adjustment.map((variable) => modelColumnNames(variable).map((n) => `x:${n}`));
  const outcomes = spec.outcomes.slice(0, 2).map((outcome) => ({ outcome, key: `y:${outcome.id}` }));
  const input: MiceRow[] = rows.map((row) => {
    const record: Record<string, number | null> = { exposure: row.group === 'exposure' ? 1 : 0 };
    spec.adjustment.forEach((variable, v) => {
      const values = encodeVariable(row, variable);
      covariateKeys[v]!.forEach((key, k) => (record[key] = values?.[k] ?? null));
    });
    for (const { outcome, key } of outcomes) record[key] = binaryValue(row, outcome) ?? null;
    for (const column of variables) {
      const value = (row as Record<string, unknown>)[column];
      record[column] = typeof value === 'number' ? value : null;
    }
    return record;
  });
  const completed = mice(input, { m, maxit, seed, method });
  return completed.map((data) =>
    rows.map((row, i) => {
      // The run is the completed row's prototype, so a data set stores only its imputed values: m full copies of
      // 200,000 runs would take gigabytes. Read it by property (as readVariable does); a spread or JSON of it
      // would see only the imputed columns.
      const copy = Object.create(row) as Record<string, unknown>;
      for (const column of variables) copy[column] = data[i]![column];
      return copy as R;
    }),
  );
}

/** Whether every imputed variable of a run is recorded (the complete-case set). */
export function hasObservedImputationVariables(row: AnalysisRow, variables: readonly string[]): boolean {
  return variables.every((column) => typeof (row as Record<string, unknown>)[column] === 'number');
}
