/**
 * Builds the `report.json` model of a quarterly registry report from the registry's runs: the cohort and its
 * flowchart, Tables 1–3, adjusted odds ratios (the main model, and each sensitivity model multiply imputed and
 * complete case), propensity matching with its Love-plot data, Kaplan–Meier curves and the competing-risks
 * cumulative incidence before and after matching, subgroups, the center benchmark, quarterly trends,
 * complication rates per 1,000 ECMO hours, the data-quality dashboard and provenance. Pure and deterministic: the
 * same runs, spec and seed give the same model (only `provenance.generatedAt` differs between builds), whichever
 * runner fits the models.
 */
import { createHash } from 'node:crypto';
import { buildCohort, evaluatePredicate, yearsBetween, type RegistryRun } from '../cohort/index.js';
import { StatsError } from '../stats/index.js';
import { adjustedOddsRatios, EncodedRuns } from './analyses/adjusted-odds-ratios.js';
import { centerBenchmark, type CenterBenchmarkRow } from './analyses/center-benchmark.js';
import { competingRisks } from './analyses/competing-risks.js';
import { complicationRates } from './analyses/complication-rates.js';
import { dataQualityFromUploads, runsByCenter } from './analyses/data-quality.js';
import { suppressFlowchart } from './analyses/flowchart-suppression.js';
import { inlineModels, type ModelRunner } from './analyses/model-runner.js';
import { imputeCohort, type ImputedData } from './analyses/multiple-imputation.js';
import { buildOutcomeTable } from './analyses/outcome-table.js';
import { propensityMatch } from './analyses/propensity-matching.js';
import { quarterlyTrends } from './analyses/quarterly-trends.js';
import { subgroupOddsRatios } from './analyses/subgroup-odds-ratios.js';
import { survivalCurves } from './analyses/survival-curves.js';
import { buildTableOne, type GroupedRow } from './analyses/table-one.js';
import { keyFindings, sourceStudyReference, type PreviousQuarterEstimate } from './key-findings.js';
import { methodsText } from './methods-text.js';
import type { RegistryReport, ReportUpload } from './registry-report.js';
import { suppressCount } from './small-cell-suppression.js';
import { ReportSpecSchema, type ReportSpec, type ReportSpecInput } from './spec/index.js';

export interface BuildRegistryReportOptions {
  spec: ReportSpec | ReportSpecInput;
  /** The report's quarter, e.g. `2023-Q3`. */
  quarter: string;
  /** Data cut-off (ISO 8601): runs with ECMO start after it are not in the report. */
  cutoff: string;
  /** The uploads whose data the report uses (provenance and the data-quality dashboard). */
  uploads: readonly ReportUpload[];
  /** When the report was generated (ISO 8601); injected so the build stays pure. */
  generatedAt: string;
  softwareVersion: string;
  status: 'provisional' | 'final';
  /**
   * Runs the logistic fits and MICE chains: inline by default; a worker pool (analyses/model-pool.ts) runs them
   * in parallel with the rest of the build. The report is the same either way.
   */
  models?: ModelRunner;
  /**
   * The previous quarter's published primary estimate (same spec), for the key findings; absent when no
   * previous quarter's report is available, and the key findings say so.
   */
  previousQuarter?: PreviousQuarterEstimate;
}

const DAY_MS = 24 * 3_600_000;

/** A built report: the published model, and what only each center's private report may add to it. */
export interface BuiltReport {
  report: RegistryReport;
  /**
   * Each center's own benchmark row, unsuppressed (its own data): for that center's private report only, never
   * for the registry's report.json.
   */
  ownCenterRows: ReadonlyMap<string, CenterBenchmarkRow>;
}

/**
 * Builds the registry report model.
 * @throws {ZodError} when the spec is invalid. The model is checked against the report schema where it is
 * published (toPublishedJson, when report.json is written), not here.
 */
export async function buildRegistryReport(
  runs: Iterable<RegistryRun>,
  options: BuildRegistryReportOptions,
): Promise<RegistryReport> {
  return (await buildReport(runs, options)).report;
}

/**
 * Builds the registry report model and each center's own unsuppressed benchmark row (see {@link BuiltReport}).
 * @throws {ZodError} when the spec is invalid.
 */
export async function buildReport(
  runs: Iterable<RegistryRun>,
  options: BuildRegistryReportOptions,
): Promise<BuiltReport> {
  const models = options.models ?? inlineModels;
  const spec = ReportSpecSchema.parse(options.spec);
  const threshold = spec.suppression.threshold;
  const cutoffMs = Date.parse(options.cutoff);
  const from = spec.cohort.from === undefined ? undefined : Date.parse(spec.cohort.from);
  const to =
    spec.cohort.to === undefined ? cutoffMs : Math.min(cutoffMs, Date.parse(spec.cohort.to) + DAY_MS - 1);
  const sorted = inCanonicalOrder(runs);
  const cohort = buildCohort(sorted, {
    from,
    to,
    steps: spec.cohort.steps,
    comparison: { exposure: spec.exposure.when, comparator: spec.comparator.when },
  });
  const rows = withCenterVolume(cohort.runs, volumeRuns(sorted, cohort.runs, spec, from, to), from, to);

  // The models first: MICE and every model that does not need its imputations are asked for now, so a pool fits
  // them while this thread builds the tables, the matching and the survival curves below.
  const imputed: Promise<readonly ImputedData[]> =
    rows.length === 0
      ? Promise.resolve([])
      : imputeCohort(rows, spec, models).catch((error: unknown) => {
          if (error instanceof StatsError) return [];
          throw error;
        });
  const encoded = new EncodedRuns(rows, spec.adjustment);
  const oddsRatios = adjustedOddsRatios(rows, imputed, spec, threshold, models, encoded);
  const subgroups = subgroupOddsRatios(rows, imputed, spec, threshold, models, encoded);
  // Awaited below; marked handled now so that a failure while this thread is busy is not reported as unhandled.
  oddsRatios.catch(() => undefined);
  subgroups.catch(() => undefined);

  // Each section below runs on this thread; between them it yields, so that the pool's replies are taken in and
  // the models waiting on them (those on the imputed data sets) are asked for without waiting for the last one.
  const matching = propensityMatch(rows, spec);
  await yieldToWorkers();
  const survivalBefore = survivalCurves(rows, spec.survival, threshold);
  const survivalAfter = matching.estimable
    ? survivalCurves(matching.matched, spec.survival, threshold)
    : { estimable: false as const, reason: matching.reason };
  const competing = spec.survival.competingRisks
    ? {
        beforeMatching: competingRisks(rows, spec.survival),
        afterMatching: matching.estimable
          ? competingRisks(matching.matched, spec.survival)
          : { estimable: false as const, reason: matching.reason },
      }
    : undefined;
  await yieldToWorkers();
  const tableOne = buildTableOne(rows, spec.baseline, threshold, spec.tests.categorical);
  await yieldToWorkers();
  const tableTwo = buildOutcomeTable(rows, spec, threshold);
  const tableThree = matching.estimable ? buildOutcomeTable(matching.matched, spec, threshold) : undefined;
  await yieldToWorkers();
  const benchmark = centerBenchmark(rows, options.quarter, spec, threshold);
  await yieldToWorkers();
  const trends = quarterlyTrends(rows, spec, options.quarter, threshold);
  const rates = complicationRates(rows, spec, threshold);
  const flowchart = suppressFlowchart(cohort.flow, threshold);
  const adjusted = await oddsRatios;
  const primary = spec.outcomes[0]!;
  const reference = sourceStudyReference(primary.id);
  const primaryEstimate = adjusted.find((a) => a.id === primary.id)?.main ?? {
    estimable: false as const,
    reason: 'not estimable: the primary outcome has no model',
  };

  const report: RegistryReport = {
    schemaVersion: 1,
    provenance: {
      quarter: options.quarter,
      cutoff: new Date(cutoffMs).toISOString(),
      status: options.status,
      generatedAt: new Date(Date.parse(options.generatedAt)).toISOString(),
      softwareVersion: options.softwareVersion,
      specId: spec.id,
      specDigest: createHash('sha256').update(JSON.stringify(spec)).digest('hex'),
      seed: spec.imputation.seed,
      uploads: [...options.uploads]
        .sort((a, b) => a.uploadId.localeCompare(b.uploadId))
        .map((u) => ({
          uploadId: u.uploadId,
          centerId: u.centerId,
          receivedAt: u.receivedAt,
          verdict: u.verdict,
        })),
    },
    suppressionThreshold: threshold,
    groups: {
      comparator: {
        label: spec.comparator.label,
        n: suppressCount(rows.filter((r) => r.group === 'comparator').length, threshold),
      },
      exposure: {
        label: spec.exposure.label,
        n: suppressCount(rows.filter((r) => r.group === 'exposure').length, threshold),
      },
    },
    flowchart,
    tableOne,
    tableTwo,
    adjustedOddsRatios: adjusted,
    matching: matching.estimable
      ? {
          estimable: true,
          pairs: suppressCount(matching.pairs, threshold),
          unmatchedExposed: suppressCount(matching.unmatchedExposed, threshold),
          balance: matching.balance,
          tableThree: tableThree!,
        }
      : matching,
    survival: {
      horizonDays: spec.survival.horizonDays,
      liveDischarge: spec.survival.liveDischarge,
      beforeMatching: survivalBefore,
      afterMatching: survivalAfter,
      ...(competing === undefined ? {} : { competingRisks: competing }),
    },
    subgroups: await subgroups,
    centerBenchmark: benchmark.published,
    quarterlyTrends: trends,
    complicationRates: rates,
    dataQuality: dataQualityFromUploads(options.uploads, runsByCenter(sorted)),
    keyFindings: keyFindings({
      outcomeLabel: primary.label,
      exposureLabel: spec.exposure.label,
      comparatorLabel: spec.comparator.label,
      estimate: primaryEstimate,
      ...(options.previousQuarter === undefined ? {} : { previous: options.previousQuarter }),
      ...(reference === undefined ? {} : { reference }),
    }),
    methods: methodsText(spec, {
      cutoff: new Date(cutoffMs).toISOString(),
      softwareVersion: options.softwareVersion,
      flowchartSteps: flowchart.map((step) => step.label),
    }),
  };
  return {
    report,
    ownCenterRows: benchmark.own,
  };
}

/**
 * Attaches each run's center volume in runs a year over the study window (the "large center" subgroup): the
 * center's counted runs divided by the years from the window's start (or the first counted ECMO start) to its
 * end. `counted` are the runs the spec's `centerVolume` counts: every run submitted in the window, or the cohort
 * after exclusions, filtered by its `when`. Sets the volume on `rows` (buildCohort's fresh copies, owned by the
 * build) and returns them.
 */
function withCenterVolume<R extends GroupedRow>(
  rows: readonly R[],
  counted: readonly RegistryRun[],
  from: number | undefined,
  to: number,
): (R & { center_runs_per_year: number })[] {
  if (rows.length === 0) return [];
  let first = Infinity;
  const perCenter = new Map<string | undefined, number>();
  for (const r of counted) {
    // A loop, not Math.min(...starts): spreading 200,000 arguments overflows the call stack.
    if (r.ecmo_start_at! < first) first = r.ecmo_start_at!;
    perCenter.set(r.center_id, (perCenter.get(r.center_id) ?? 0) + 1);
  }
  const start = from ?? (Number.isFinite(first) ? first : to);
  const years = Math.max(yearsBetween(start, to), 1 / 4);
  // The cohort's runs are buildCohort's own copies: the volume is set on them rather than copying every run again.
  const out = rows as (R & { center_runs_per_year: number })[];
  for (const r of out) r.center_runs_per_year = (perCenter.get(r.center_id) ?? 0) / years;
  return out;
}

/** The runs a center's volume counts (spec `centerVolume`), with ECMO start in the window [from, to]. */
function volumeRuns(
  submitted: readonly RegistryRun[],
  cohortRuns: readonly RegistryRun[],
  spec: ReportSpec,
  from: number | undefined,
  to: number,
): RegistryRun[] {
  const base =
    spec.centerVolume.runs === 'cohort'
      ? cohortRuns
      : submitted.filter(
          (r) =>
            r.ecmo_start_at !== undefined &&
            (from === undefined || r.ecmo_start_at >= from) &&
            r.ecmo_start_at <= to,
        );
  const when = spec.centerVolume.when;
  return when === undefined ? [...base] : base.filter((r) => evaluatePredicate(when, r));
}

/** Lets the event loop run (worker replies, the continuations they resolve) before the next section. */
function yieldToWorkers(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * The runs in the report's canonical order (center, then run id), so a report does not depend on the order the
 * runs were read in: MICE and matching ties follow row order.
 */
export function inCanonicalOrder<R extends RegistryRun>(runs: Iterable<R>): R[] {
  return [...runs].sort((a, b) =>
    a.center_id === b.center_id
      ? compareText(a.run_id ?? '', b.run_id ?? '')
      : compareText(a.center_id ?? '', b.center_id ?? ''),
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
