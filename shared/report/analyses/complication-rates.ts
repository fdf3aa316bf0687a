/**
 * Complication rates per run and per 1,000 ECMO hours, as the ELSO international registry report gives them:
 * for each complication outcome of the spec, the runs with it (a run counts once per category), divided by the
 * runs with the category recorded, and by the total ECMO hours of those runs × 1,000. Overall and by group.
 */
import { suppressTable, type SuppressedCell } from '../small-cell-suppression.js';
import type { ReportSpec } from '../spec/index.js';
import { binaryValue } from './model-variables.js';
import type { GroupedRow } from './table-one.js';

export interface ComplicationRate {
  id: string;
  label: string;
  byGroup: {
    group: 'overall' | 'comparator' | 'exposure';
    runs: SuppressedCell;
    events: SuppressedCell;
    perRunPercent: number | null;
    /** Total ECMO hours of the runs, rounded to whole hours. */
    ecmoHours: number;
    per1000EcmoHours: number | null;
  }[];
}

/** Rates of every outcome whose column is a complication category (`complication_<category>`). */
export function complicationRates(
  rows: readonly GroupedRow[],
  spec: Pick<ReportSpec, 'outcomes'>,
  threshold: number,
): ComplicationRate[] {
  return spec.outcomes
    .filter((o) => o.column.startsWith('complication_'))
    .map((outcome) => {
      const groups = (['comparator', 'exposure'] as const).map((group) => {
        let events = 0;
        let n = 0;
        let hours = 0;
        for (const r of rows) {
          if (r.group !== group) continue;
          const v = binaryValue(r, outcome);
          if (v === undefined || r.ecmo_hours === undefined) continue;
          n++;
          events += v;
          hours += r.ecmo_hours;
        }
        return { group, events, n, hours };
      });
      const table = suppressTable(
        groups.map((g) => [g.events, g.n - g.events]),
        threshold,
      );
      const rowOf = (i: number | 'overall') => {
        const events = i === 'overall' ? table.columnTotals[0]! : table.cells[i]![0]!;
        const runs = i === 'overall' ? table.grandTotal : table.rowTotals[i]!;
        const hours = i === 'overall' ? groups[0]!.hours + groups[1]!.hours : groups[i]!.hours;
        return {
          group: i === 'overall' ? ('overall' as const) : groups[i]!.group,
          runs,
          events,
          perRunPercent: events.value === null || !runs.value ? null : (100 * events.value) / runs.value,
          // Whole hours: the exact sum would carry individual runs' recorded decimals.
          ecmoHours: Math.round(hours),
          per1000EcmoHours: events.value === null || hours === 0 ? null : (1000 * events.value) / hours,
        };
      };
      return { id: outcome.id, label: outcome.label, byGroup: [rowOf('overall'), rowOf(0), rowOf(1)] };
    });
}
