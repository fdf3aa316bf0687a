/**
 * Quarterly trends (STUDY.md, "Beyond the paper"): per quarter of discharge or death, the cohort's volume and the
 * number and rate of each outcome (mortality, complications). Each outcome's quarter × (event, no event) table is
 * suppressed with its margins, so neither a small count nor its complement can be worked out; a rate whose count
 * is hidden is hidden too.
 */
import { runQuarter } from '../../cohort/index.js';
import { suppressTable, type SuppressedCell } from '../small-cell-suppression.js';
import type { ReportSpec } from '../spec/index.js';
import { binaryValue } from './model-variables.js';
import type { GroupedRow } from './table-one.js';

export interface QuarterTrend {
  quarter: string;
  volume: SuppressedCell;
  outcomes: { id: string; events: SuppressedCell; ratePercent: number | null }[];
}

/** Volume and outcome rates per quarter up to and including `lastQuarter`, oldest first. */
export function quarterlyTrends(
  rows: readonly GroupedRow[],
  spec: Pick<ReportSpec, 'outcomes'>,
  lastQuarter: string,
  threshold: number,
): QuarterTrend[] {
  // One pass: each run's quarter is worked out once (filtering the rows once per quarter is quadratic in effect).
  const grouped = new Map<string, GroupedRow[]>();
  for (const r of rows) {
    const q = runQuarter(r);
    if (q === undefined || q > lastQuarter) continue;
    const list = grouped.get(q);
    if (list) list.push(r);
    else grouped.set(q, [r]);
  }
  const quarters = [...grouped.keys()].sort();
  const byQuarter = quarters.map((q) => grouped.get(q)!);
  const volumes = suppressTable(
    byQuarter.map((runs) => [runs.length]),
    threshold,
  );
  const perOutcome = spec.outcomes.map((outcome) => {
    const counts = byQuarter.map((runs) => {
      let events = 0;
      let n = 0;
      for (const r of runs) {
        const v = binaryValue(r, outcome);
        if (v === undefined) continue;
        n++;
        events += v;
      }
      return [events, n - events];
    });
    return { id: outcome.id, table: suppressTable(counts, threshold) };
  });
  return quarters.map((quarter, i) => ({
    quarter,
    volume: volumes.rowTotals[i]!,
    outcomes: perOutcome.map(({ id, table }) => {
      const events = table.cells[i]![0]!;
      const n = table.rowTotals[i]!;
      return {
        id,
        events,
        ratePercent: events.value === null || !n.value ? null : (100 * events.value) / n.value,
      };
    }),
  }));
}
