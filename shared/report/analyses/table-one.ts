/**
 * Table 1: baseline characteristics by group (the paper's Table 1), one row per spec variable. A categorical
 * variable gets one row per level with its n (%) and SMD; with the spec's `tests.categorical` = `per-variable`
 * (the default, as the paper) a row before the levels carries one test over all levels: Pearson's chi-square on
 * the 2 × k table (R's `chisq.test(tab)`), or Fisher's exact test (`fisher.test(tab)`) when an expected count is
 * below 5; with `per-level` each level is tested against the rest (2 × 2).
 */
import { chiSquareTest, fisherExact, StatsError } from '../../stats/index.js';
import { suppressTable } from '../small-cell-suppression.js';
import type { ReportSpec, VariableSpec } from '../spec/index.js';
import { plainReason } from './fit-logistic.js';
import {
  compareBinary,
  compareContinuous,
  type BinaryComparison,
  type ContinuousComparison,
  type GroupTest,
} from './group-comparison.js';
import { binaryValue, continuousValue, levelIndex, type AnalysisRow } from './model-variables.js';

/** A row of Table 1. */
export type TableOneRow =
  | ({ id: string; label: string; kind: 'continuous'; unit: string; skewed: boolean } & ContinuousComparison)
  | ({ id: string; label: string; kind: 'binary' } & BinaryComparison)
  | ({ id: string; label: string; kind: 'level'; variable: string } & BinaryComparison)
  | { id: string; label: string; kind: 'categorical'; test: GroupTest | null; note?: string };

type CategoricalTest = 'per-variable' | 'per-level';

/** A run with its group, as the cohort assigns it. */
export type GroupedRow = AnalysisRow & { group: 'exposure' | 'comparator' };

/** Splits rows into [comparator, exposure]. */
export function splitGroups<R extends GroupedRow>(rows: readonly R[]): [R[], R[]] {
  return [rows.filter((r) => r.group === 'comparator'), rows.filter((r) => r.group === 'exposure')];
}

/** Counts runs with a 0/1 value of 1, and runs with the value recorded, in each group. */
export function countBinary(
  groups: readonly [readonly AnalysisRow[], readonly AnalysisRow[]],
  value: (row: AnalysisRow) => 0 | 1 | undefined,
): { yes: [number, number]; n: [number, number] } {
  const yes: [number, number] = [0, 0];
  const n: [number, number] = [0, 0];
  groups.forEach((rows, g) => {
    for (const row of rows) {
      const v = value(row);
      if (v === undefined) continue;
      n[g]!++;
      yes[g]! += v;
    }
  });
  return { yes, n };
}

/** Recorded values of a continuous column in each group. */
export function continuousByGroup(
  groups: readonly [readonly AnalysisRow[], readonly AnalysisRow[]],
  column: string,
): [number[], number[]] {
  const collect = (rows: readonly AnalysisRow[]) =>
    rows.map((r) => continuousValue(r, column)).filter((v): v is number => v !== undefined);
  return [collect(groups[0]), collect(groups[1])];
}

/**
 * One r × c test of a categorical variable: the 2 × k table of group by level (levels no run has are left out),
 * chi-square, or Fisher's exact test when an expected count is below 5. No test when a cell of the table would
 * be suppressed (the test would let it be worked out) or fewer than two levels are present.
 */
export function categoricalTest(
  counts: readonly [readonly number[], readonly number[]],
  threshold: number,
): { test: GroupTest | null; note?: string } {
  const hidden = suppressTable(counts, threshold);
  if ([...hidden.cells.flat(), ...hidden.rowTotals, ...hidden.columnTotals].some((c) => c.value === null))
    return { test: null, note: 'test hidden: a count in the table is suppressed' };
  const present = counts[0].map((_, j) => j).filter((j) => counts[0][j]! + counts[1][j]! > 0);
  if (present.length < 2) return { test: null, note: 'no test: every run is in the same level' };
  if (counts.some((row) => present.every((j) => row[j] === 0)))
    return { test: null, note: 'a group has no runs' };
  const table = counts.map((row) => present.map((j) => row[j]!));
  try {
    const chi = chiSquareTest(table, { correct: false });
    if (chi.minExpected < 5)
      return { test: { method: 'fisher_exact', statistic: null, pValue: fisherExact(table).pValue } };
    return { test: { method: 'chi_square', statistic: chi.statistic, pValue: chi.pValue } };
  } catch (error) {
    if (!(error instanceof StatsError)) throw error;
    return { test: null, note: `no test: ${plainReason(error)}` };
  }
}

/** Compares one spec variable between the groups, as Table 1 rows (one per level for a categorical variable). */
export function describeVariable(
  groups: readonly [readonly AnalysisRow[], readonly AnalysisRow[]],
  spec: VariableSpec,
  threshold: number,
  categorical: CategoricalTest = 'per-variable',
): TableOneRow[] {
  switch (spec.kind) {
    case 'continuous': {
      const [c, e] = continuousByGroup(groups, spec.column);
      return [
        {
          id: spec.id,
          label: spec.label,
          kind: 'continuous',
          unit: spec.unit ?? '',
          skewed: spec.skewed,
          ...compareContinuous(c, e, spec.skewed, threshold),
        },
      ];
    }
    case 'binary': {
      const { yes, n } = countBinary(groups, (row) => binaryValue(row, spec));
      return [{ id: spec.id, label: spec.label, kind: 'binary', ...compareBinary(yes, n, threshold) }];
    }
    case 'categorical': {
      const counts: [number[], number[]] = [spec.levels.map(() => 0), spec.levels.map(() => 0)];
      const levels = spec.levels.map((level, k): TableOneRow => {
        const { yes, n } = countBinary(groups, (row) => {
          const index = levelIndex(row, spec);
          return index === undefined ? undefined : index === k ? 1 : 0;
        });
        counts[0][k] = yes[0];
        counts[1][k] = yes[1];
        const compared = compareBinary(yes, n, threshold);
        return {
          id: `${spec.id}:${level.id}`,
          label: `${spec.label}: ${level.label}`,
          kind: 'level' as const,
          variable: spec.id,
          ...(categorical === 'per-variable'
            ? { ...compared, test: null, note: 'tested over all levels (row above)' }
            : compared),
        };
      });
      if (categorical === 'per-level') return levels;
      return [
        { id: spec.id, label: spec.label, kind: 'categorical', ...categoricalTest(counts, threshold) },
        ...levels,
      ];
    }
  }
}

/**
 * Builds Table 1 for the cohort's runs.
 * @param variables the spec's baseline variables. @param categorical the spec's `tests.categorical`.
 */
export function buildTableOne(
  rows: readonly GroupedRow[],
  variables: readonly VariableSpec[],
  threshold: number,
  categorical: ReportSpec['tests']['categorical'] = 'per-variable',
): TableOneRow[] {
  const groups = splitGroups(rows);
  return variables.flatMap((spec) => describeVariable(groups, spec, threshold, categorical));
}
