/**
 * Table 1: baseline characteristics by group (the paper's Table 1), one row per spec variable. Categorical
 * variables get one row per level, each compared as level vs the rest (a 2 × 2 table, so Fisher's exact test is
 * available whenever an expected count is below 5; the engine has no r × c Fisher test).
 */
import type { VariableSpec } from '../spec/index.js';
import {
  compareBinary,
  compareContinuous,
  type BinaryComparison,
  type ContinuousComparison,
} from './group-comparison.js';
import { binaryValue, continuousValue, levelIndex, type AnalysisRow } from './model-variables.js';

/** A row of Table 1. */
export type TableOneRow =
  | ({ id: string; label: string; kind: 'continuous'; unit: string; skewed: boolean } & ContinuousComparison)
  | ({ id: string; label: string; kind: 'binary' } & BinaryComparison)
  | ({ id: string; label: string; kind: 'level'; variable: string } & BinaryComparison);

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

/** Compares one spec variable between the groups, as Table 1 rows (one per level for a categorical variable). */
export function describeVariable(
  groups: readonly [readonly AnalysisRow[], readonly AnalysisRow[]],
  spec: VariableSpec,
  threshold: number,
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
    case 'categorical':
      return spec.levels.map((level, k) => {
        const { yes, n } = countBinary(groups, (row) => {
          const index = levelIndex(row, spec);
          return index === undefined ? undefined : index === k ? 1 : 0;
        });
        return {
          id: `${spec.id}:${level.id}`,
          label: `${spec.label}: ${level.label}`,
          kind: 'level' as const,
          variable: spec.id,
          ...compareBinary(yes, n, threshold),
        };
      });
  }
}

/**
 * Builds Table 1 for the cohort's runs.
 * @param variables the spec's baseline variables.
 */
export function buildTableOne(
  rows: readonly GroupedRow[],
  variables: readonly VariableSpec[],
  threshold: number,
): TableOneRow[] {
  const groups = splitGroups(rows);
  return variables.flatMap((spec) => describeVariable(groups, spec, threshold));
}
