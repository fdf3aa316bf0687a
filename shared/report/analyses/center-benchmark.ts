/**
 * Center benchmark (STUDY.md, "Beyond the paper"): each center's volume, crude mortality and risk-adjusted
 * observed/expected (O/E) mortality over the rolling four quarters, a funnel plot of O/E against the expected
 * count with exact Poisson control limits, and each center's percentile among all centers.
 *
 * The expected deaths come from a pre-ECMO risk model, `glm(death ~ risk covariates, family = binomial)` fitted on
 * the whole cohort (every quarter, both groups). The exposure is deliberately not a covariate: a center's use of
 * it is part of its care, which the benchmark should not adjust away.
 *
 * Privacy: a center's deaths are hidden when they, its survivors or its volume are 1–10; its crude mortality,
 * O/E and percentile are hidden with them (E and O/E together give O). Each center's own figures are also kept
 * unsuppressed, apart from the published model, for its private report only: they are the center's own data.
 */
import { runQuarter } from '../../cohort/index.js';
import { suppressTable, suppressCount, type SuppressedCell } from '../small-cell-suppression.js';
import type { ReportSpec } from '../spec/index.js';
import { fitLogisticDroppingAliased, predictProbabilities } from './fit-logistic.js';
import { binaryValue, encodeCovariates, modelColumnNames } from './model-variables.js';
import { funnelLimits, type FunnelLimit } from './poisson-funnel-limits.js';
import type { GroupedRow } from './table-one.js';

export interface CenterBenchmarkRow {
  centerId: string;
  volume: SuppressedCell;
  deaths: SuppressedCell;
  crudeMortality: number | null;
  expectedDeaths: number;
  observedToExpected: number | null;
  /** Share of centers (in %) with a lower O/E, ties counting half; null when O/E is hidden. */
  percentile: number | null;
}

export type CenterBenchmark =
  | { estimable: true; quarters: string[]; centers: CenterBenchmarkRow[]; funnel: FunnelLimit[] }
  | { estimable: false; reason: string };

/** The `count` quarters ending at `quarter` (`2023-Q3`), oldest first. */
export function rollingQuarters(quarter: string, count: number): string[] {
  const [year, q] = quarter.split('-Q').map(Number) as [number, number];
  const index = year * 4 + (q - 1);
  return Array.from({ length: count }, (_, i) => {
    const k = index - (count - 1) + i;
    return `${Math.floor(k / 4)}-Q${(k % 4) + 1}`;
  });
}

/**
 * The benchmark as published (suppressed), and each center's own row in full (for its private report only: never
 * in the registry's report.json). An own row's percentile places it among the other centers whose O/E is shown.
 */
export interface CenterBenchmarkResult {
  published: CenterBenchmark;
  own: ReadonlyMap<string, CenterBenchmarkRow>;
}

/** Share (in %) of `others` below `ratio`, ties counting half. */
function percentileAmong(ratio: number, others: readonly number[]): number {
  let below = 0;
  let ties = 0;
  for (const v of others) {
    if (v < ratio) below++;
    else if (v === ratio) ties++;
  }
  return (100 * (below + 0.5 * ties)) / Math.max(1, others.length);
}

/** Benchmarks every center with runs in the rolling window ending at `quarter`. */
export function centerBenchmark(
  rows: readonly GroupedRow[],
  quarter: string,
  spec: Pick<ReportSpec, 'benchmark' | 'outcomes'>,
  threshold: number,
): CenterBenchmarkResult {
  const outcome = spec.outcomes[0]!;
  const modelled: { row: GroupedRow; x: readonly number[]; y: number }[] = [];
  for (const row of rows) {
    const y = binaryValue(row, outcome);
    const x = encodeCovariates(row, spec.benchmark.riskModel);
    if (y !== undefined && x !== undefined) modelled.push({ row, x, y });
  }
  const names = spec.benchmark.riskModel.flatMap(modelColumnNames);
  const fitted = fitLogisticDroppingAliased(
    modelled.map((m) => m.x),
    modelled.map((m) => m.y),
    names,
    new Set(),
  );
  if (!fitted.ok) return { published: { estimable: false, reason: fitted.reason }, own: new Map() };
  const keptIndex = fitted.kept.map((n) => names.indexOf(n));
  const quarters = rollingQuarters(quarter, spec.benchmark.rollingQuarters);
  const inWindow = modelled.filter((m) => quarters.includes(runQuarter(m.row) ?? ''));
  const risk = predictProbabilities(
    fitted.fit,
    inWindow.map((m) => keptIndex.map((j) => m.x[j]!)),
  );
  const byCenter = new Map<string, { n: number; o: number; e: number }>();
  inWindow.forEach((m, i) => {
    const id = m.row.center_id!;
    const c = byCenter.get(id) ?? { n: 0, o: 0, e: 0 };
    c.n += 1;
    c.o += m.y;
    c.e += risk[i]!;
    byCenter.set(id, c);
  });
  const ids = [...byCenter.keys()].sort();
  const raw = ids.map((id) => {
    const c = byCenter.get(id)!;
    const table = suppressTable([[c.o, c.n - c.o]], threshold);
    const deaths = table.cells[0]![0]!;
    const volume = table.rowTotals[0]!.value === null ? table.rowTotals[0]! : suppressCount(c.n, threshold);
    const shown = deaths.value !== null && volume.value !== null && table.cells[0]![1]!.value !== null;
    return {
      id,
      c,
      deaths: shown ? deaths : { value: null, suppressed: true },
      volume,
      shown,
    };
  });
  const shownRatios = raw
    .filter((r) => r.shown && r.c.e > 0)
    .map((r) => ({ id: r.id, ratio: r.c.o / r.c.e }));
  // Each center is placed among the others whose O/E is published.
  const othersOf = (id: string): number[] => shownRatios.filter((o) => o.id !== id).map((o) => o.ratio);
  const centers: CenterBenchmarkRow[] = raw.map((r) => {
    const ratio = r.shown && r.c.e > 0 ? r.c.o / r.c.e : null;
    return {
      centerId: r.id,
      volume: r.volume,
      deaths: r.deaths as SuppressedCell,
      crudeMortality: r.shown ? (100 * r.c.o) / r.c.n : null,
      expectedDeaths: r.c.e,
      observedToExpected: ratio,
      percentile: ratio === null ? null : percentileAmong(ratio, othersOf(r.id)),
    };
  });
  const own = new Map<string, CenterBenchmarkRow>(
    raw.map((r) => {
      const ratio = r.c.e > 0 ? r.c.o / r.c.e : null;
      return [
        r.id,
        {
          centerId: r.id,
          volume: { value: r.c.n },
          deaths: { value: r.c.o },
          crudeMortality: (100 * r.c.o) / r.c.n,
          expectedDeaths: r.c.e,
          observedToExpected: ratio,
          percentile: ratio === null ? null : percentileAmong(ratio, othersOf(r.id)),
        },
      ];
    }),
  );
  const expected = raw.map((r) => r.c.e).filter((e) => e > 0);
  const funnel =
    expected.length === 0
      ? []
      : funnelLimits(Math.min(...expected), Math.max(...expected), spec.benchmark.limits);
  return { published: { estimable: true, quarters, centers, funnel }, own };
}
