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
 * The m completed data sets: copies of the cohort's rows (same order) whose imputed columns are filled in.
 * Rows are copied only for the imputed columns; everything else is the original run.
 */
export function imputeCohort<R extends GroupedRow>(
  rows: readonly R[],
  spec: Pick<ReportSpec, 'adjustment' | 'outcomes' | 'imputation'>,
): R[][] {
  const { m, maxit, seed, method, variables } = spec.imputation;
  const input: MiceRow[] = rows.map((row) => {
    const record: Record<string, number | null> = { exposure: row.group === 'exposure' ? 1 : 0 };
    for (const variable of spec.adjustment) {
      const names = modelColumnNames(variable);
      const values = encodeVariable(row, variable);
      names.forEach((name, k) => (record[`x:${name}`] = values?.[k] ?? null));
    }
    for (const outcome of spec.outcomes.slice(0, 2))
      record[`y:${outcome.id}`] = binaryValue(row, outcome) ?? null;
    for (const column of variables) {
      const value = (row as Record<string, unknown>)[column];
      record[column] = typeof value === 'number' ? value : null;
    }
    return record;
  });
  const completed = mice(input, { m, maxit, seed, method });
  return completed.map((data) =>
    rows.map((row, i) => {
      const copy = { ...row } as Record<string, unknown>;
      for (const column of variables) copy[column] = data[i]![column];
      return copy as R;
    }),
  );
}

/** Whether every imputed variable of a run is recorded (the complete-case set). */
export function hasObservedImputationVariables(row: AnalysisRow, variables: readonly string[]): boolean {
  return variables.every((column) => typeof (row as Record<string, unknown>)[column] === 'number');
}
