/**
 * The view of a report that one center may see (its private report): the registry's analyses unchanged, but
 * every other center anonymous. Other centers' ids leave the benchmark rows, the data-quality dashboard and the
 * uploads list; their benchmark rows keep their numbers (they are the funnel's anonymous points) in an order
 * that does not follow their ids. The center's own row may be its unsuppressed one (its own data, which it holds
 * already): its counts, O/E and funnel point show even when the registry report hides them.
 */
import type { CenterBenchmarkRow } from '../analyses/center-benchmark.js';
import { median } from '../../stats/index.js';
import type { PublishedBenchmarkRow, RegistryReport } from '../registry-report.js';
import type { BenchmarkView } from './report-tables.js';
import type { FunnelView } from './report-figures.js';

/** What a renderer needs to publish one audience's view of a report. */
export interface ReportView {
  /** The model as this audience may see it (written as report.json). */
  report: RegistryReport;
  benchmark: BenchmarkView;
  funnel: FunnelView;
  /** The center whose private report this is; absent for the registry report. */
  centerId?: string;
}

function benchmarkRows(report: RegistryReport): PublishedBenchmarkRow[] {
  return report.centerBenchmark.estimable ? report.centerBenchmark.centers : [];
}

/** The registry committee's view: every center by its id. */
export function registryView(report: RegistryReport): ReportView {
  const rows = benchmarkRows(report);
  return {
    report,
    // The registry report names every center; a row without an id would be another center's anonymous one.
    benchmark: { rows: rows.map((r) => ({ ...r, displayName: r.centerId ?? 'Another center' })) },
    funnel: { centers: rows },
  };
}

/**
 * One center's view: its own benchmark row beside the registry's median center, its point highlighted in the
 * funnel, and no other center's id anywhere.
 * @param ownRow the center's unsuppressed row (build-registry-report.ts `ownCenterRows`); without it, the
 * published (suppressed) row is shown.
 */
export function centerView(
  report: RegistryReport,
  centerId: string,
  ownRow?: CenterBenchmarkRow,
): ReportView {
  const published = benchmarkRows(report);
  // The registry median is over the other centers' published ratios, as before: the own row must not move it.
  const shown = published.filter((r) => r.observedToExpected !== null);
  const rows =
    ownRow === undefined || ownRow.centerId !== centerId
      ? published
      : published.map((r) => (r.centerId === centerId ? ownRow : r));
  const own = rows.find((r) => r.centerId === centerId);
  const med = (values: number[]) => (values.length === 0 ? null : median(values));
  const registryRow: PublishedBenchmarkRow & { displayName: string } = {
    centerId: '',
    displayName: `Registry: median of ${shown.length} centers`,
    volume: { value: null, suppressed: true },
    deaths: { value: null, suppressed: true },
    crudeMortality: med(shown.map((r) => r.crudeMortality!)),
    expectedDeaths: med(shown.map((r) => r.expectedDeaths))!,
    observedToExpected: med(shown.map((r) => r.observedToExpected!)),
    percentile: shown.length === 0 ? null : 50,
  };
  const anonymous = [...rows]
    .sort(
      (a, b) =>
        a.expectedDeaths - b.expectedDeaths || (a.observedToExpected ?? -1) - (b.observedToExpected ?? -1),
    )
    .map(({ centerId: id, ...rest }) => (id === centerId ? { centerId: id, ...rest } : rest));
  const redacted: RegistryReport = {
    ...report,
    provenance: {
      ...report.provenance,
      uploads: report.provenance.uploads.filter((u) => u.centerId === centerId),
    },
    centerBenchmark: report.centerBenchmark.estimable
      ? { ...report.centerBenchmark, centers: anonymous }
      : report.centerBenchmark,
    dataQuality: report.dataQuality.filter((d) => d.centerId === centerId),
  };
  const inFull = ownRow !== undefined && own === ownRow;
  return {
    report: redacted,
    benchmark: {
      ...(inFull
        ? {
            note: 'Your center’s own counts are shown in full (they are your own data); the registry report hides small counts, and every other center’s stay hidden here.',
          }
        : {}),
      rows: [
        ...(own ? [{ ...own, displayName: `${centerId} (your center)` }] : []),
        ...(shown.length > 0 ? [registryRow] : []),
      ],
    },
    funnel: { centers: rows, highlightCenterId: centerId },
    centerId,
  };
}
