/**
 * Table 2 (the cohort) and Table 3 (the matched cohort): each outcome as n (%) by group with its test, and the
 * durations as mean (SD) and median [IQR] with the Mann–Whitney U test (durations are right-skewed).
 */
import type { ReportSpec } from '../spec/index.js';
import {
  compareBinary,
  compareContinuous,
  type BinaryComparison,
  type ContinuousComparison,
} from './group-comparison.js';
import { binaryValue } from './model-variables.js';
import { continuousByGroup, countBinary, splitGroups, type GroupedRow } from './table-one.js';

export interface OutcomeTable {
  outcomes: ({ id: string; label: string } & BinaryComparison)[];
  durations: ({ id: string; label: string; unit: string } & ContinuousComparison)[];
}

/** Outcomes and durations by group (runs with an outcome not recorded are left out of that outcome's row). */
export function buildOutcomeTable(
  rows: readonly GroupedRow[],
  spec: Pick<ReportSpec, 'outcomes' | 'durations'>,
  threshold: number,
): OutcomeTable {
  const groups = splitGroups(rows);
  return {
    outcomes: spec.outcomes.map((outcome) => {
      const { yes, n } = countBinary(groups, (row) => binaryValue(row, outcome));
      return { id: outcome.id, label: outcome.label, ...compareBinary(yes, n, threshold) };
    }),
    durations: spec.durations.map((duration) => {
      const [c, e] = continuousByGroup(groups, duration.column);
      return {
        id: duration.id,
        label: duration.label,
        unit: duration.unit,
        ...compareContinuous(c, e, true, threshold),
      };
    }),
  };
}
