/**
 * In-hospital death by the survival horizon as a cumulative incidence with live discharge as a competing event
 * (Aalen–Johansen; R's `survfit(Surv(time, status) ~ 1)` with `status` a factor `censor`, `death`, `discharge`).
 * Follow-up ends at discharge, so the Kaplan–Meier curve must choose what a live discharge means; the cumulative
 * incidence needs no such choice: it is the probability of having died in hospital by day t.
 *
 * Time is days from ECMO start to death in hospital (cause 1) or to discharge alive (cause 2); a run still in
 * hospital at the horizon is censored there. As the Kaplan–Meier curves, the published curve is read off at whole
 * days 0..horizon (never at a run's own time, which would be row-level).
 */
import { cumulativeIncidence, cumulativeIncidenceAt, StatsError } from '../../stats/index.js';
import type { ReportSpec } from '../spec/index.js';
import { notEstimableReason } from './fit-logistic.js';
import type { GroupedRow } from './table-one.js';

const DAY_MS = 24 * 3_600_000;

/** One whole day of a group's curves. */
export interface CumulativeIncidenceDay {
  time: number;
  /** Cumulative incidence of in-hospital death by this day, with its log-type 95% interval (null where 0). */
  death: number;
  lower: number | null;
  upper: number | null;
  /** Cumulative incidence of live discharge by this day. */
  discharged: number;
}

/** The competing-risks view of both groups, or why it could not be estimated. */
export type CompetingRisksAnalysis =
  | {
      estimable: true;
      curves: { group: 'comparator' | 'exposure'; points: CumulativeIncidenceDay[] }[];
    }
  | { estimable: false; reason: string };

/** Days to the run's first event, and which (1 death, 2 live discharge, 0 censored at the horizon). */
export function competingRisksTime(
  row: GroupedRow,
  horizonDays: number,
): { time: number; status: 0 | 1 | 2 } | undefined {
  if (row.ecmo_start_at === undefined || row.died_in_hospital === undefined) return undefined;
  const end = row.died_in_hospital ? (row.death_at ?? row.discharge_at) : row.discharge_at;
  if (end === undefined) return undefined;
  const days = Math.max(0, (end - row.ecmo_start_at) / DAY_MS);
  if (days > horizonDays) return { time: horizonDays, status: 0 };
  return { time: days, status: row.died_in_hospital ? 1 : 2 };
}

/** Aalen–Johansen cumulative incidence of in-hospital death (live discharge competing) by group. */
export function competingRisks(
  rows: readonly GroupedRow[],
  survival: Pick<ReportSpec['survival'], 'horizonDays'>,
): CompetingRisksAnalysis {
  try {
    const curves = (['comparator', 'exposure'] as const).map((group) => {
      const time: number[] = [];
      const status: number[] = [];
      for (const row of rows) {
        if (row.group !== group) continue;
        const t = competingRisksTime(row, survival.horizonDays);
        if (t === undefined) continue;
        time.push(t.time);
        status.push(t.status);
      }
      const curve = cumulativeIncidence(time, status, { causes: ['death', 'discharge'] });
      const points = Array.from({ length: survival.horizonDays + 1 }, (_, day): CumulativeIncidenceDay => {
        const at = cumulativeIncidenceAt(curve, day);
        return {
          time: day,
          death: at.pstate[1]!,
          lower: at.lower[1]!,
          upper: at.upper[1]!,
          discharged: at.pstate[2]!,
        };
      });
      return { group, points };
    });
    return { estimable: true, curves };
  } catch (error) {
    if (error instanceof StatsError) return { estimable: false, reason: notEstimableReason(error) };
    throw error;
  }
}
