/**
 * 30-day survival by group (the paper's Fig. 3): Kaplan–Meier curves (R's `survfit(Surv(time, event) ~ group)`)
 * and the log-rank test (`survdiff`). Time is days from ECMO start to death in hospital. There is no follow-up after
 * discharge, so by default (spec `survival.liveDischarge`, `alive-at-horizon`) a run discharged alive counts as
 * alive at the horizon (censored at 30 days); `censored` censors it at discharge instead.
 *
 * Privacy: the published curve is the estimate read off at whole days 0..horizon (not at each run's event time,
 * which would be a row-level value), and the numbers at risk are suppressed when small.
 */
import { kaplanMeier, logRankTest, StatsError, type KaplanMeierStep } from '../../stats/index.js';
import { suppressCount, type SuppressedCell } from '../small-cell-suppression.js';
import type { ReportSpec } from '../spec/index.js';
import { notEstimableReason } from './fit-logistic.js';
import type { GroupedRow } from './table-one.js';

const DAY_MS = 24 * 3_600_000;

/**
 * One step of a curve: the survival estimate from `time` on, with its pointwise 95% limits (null where the
 * estimate has none, such as once it reaches 0). Published in report.json and drawn as is by the figure.
 */
export interface SurvivalPoint {
  time: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

export interface SurvivalCurve {
  group: 'comparator' | 'exposure';
  points: SurvivalPoint[];
  atRisk: { time: number; n: SuppressedCell }[];
}

export type SurvivalAnalysis =
  | {
      estimable: true;
      curves: SurvivalCurve[];
      logRank: { statistic: number; df: number; pValue: number };
    }
  | { estimable: false; reason: string };

/**
 * Follow-up of one run: days to death (event), or censored at the horizon (alive then, or discharged alive when
 * `liveDischarge` is `alive-at-horizon`) or at discharge alive (`censored`); undefined if unknown.
 */
export function survivalTime(
  row: GroupedRow,
  horizonDays: number,
  liveDischarge: ReportSpec['survival']['liveDischarge'] = 'alive-at-horizon',
): { time: number; event: 0 | 1 } | undefined {
  if (row.ecmo_start_at === undefined || row.died_in_hospital === undefined) return undefined;
  const end = row.died_in_hospital ? (row.death_at ?? row.discharge_at) : row.discharge_at;
  if (end === undefined) return undefined;
  const days = Math.max(0, (end - row.ecmo_start_at) / DAY_MS);
  if (days > horizonDays) return { time: horizonDays, event: 0 };
  if (!row.died_in_hospital && liveDischarge === 'alive-at-horizon') return { time: horizonDays, event: 0 };
  return { time: days, event: row.died_in_hospital ? 1 : 0 };
}

/**
 * S(t) of a step function at time t (right-continuous), with its interval: the last step at or before t, found
 * by binary search (a 200,000-run cohort has as many steps, read at every day of the horizon).
 */
function readCurve(steps: readonly KaplanMeierStep[], t: number): SurvivalPoint {
  let lo = 0;
  let hi = steps.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (steps[mid]!.time <= t) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return { time: t, survival: 1, lower: 1, upper: 1 };
  const step = steps[lo - 1]!;
  return { time: t, survival: step.survival, lower: step.lower, upper: step.upper };
}

/** Kaplan–Meier curves, numbers at risk and log-rank test of the two groups. */
export function survivalCurves(
  rows: readonly GroupedRow[],
  survival: ReportSpec['survival'],
  threshold: number,
): SurvivalAnalysis {
  const data: { time: number; event: 0 | 1; group: GroupedRow['group'] }[] = [];
  for (const row of rows) {
    const s = survivalTime(row, survival.horizonDays, survival.liveDischarge);
    if (s) data.push({ time: s.time, event: s.event, group: row.group });
  }
  try {
    const curves = (['comparator', 'exposure'] as const).map((group) => {
      const mine = data.filter((d) => d.group === group);
      const steps = kaplanMeier(
        mine.map((d) => d.time),
        mine.map((d) => d.event),
      );
      return {
        group,
        points: Array.from({ length: survival.horizonDays + 1 }, (_, day) => readCurve(steps, day)),
        atRisk: survival.atRiskDays.map((time) => ({
          time,
          n: suppressCount(mine.filter((d) => d.time >= time).length, threshold),
        })),
      };
    });
    const test = logRankTest(
      data.map((d) => d.time),
      data.map((d) => d.event),
      data.map((d) => d.group),
    );
    return {
      estimable: true,
      curves,
      logRank: { statistic: test.statistic, df: test.df, pValue: test.pValue },
    };
  } catch (error) {
    if (error instanceof StatsError) return { estimable: false, reason: notEstimableReason(error) };
    throw error;
  }
}
