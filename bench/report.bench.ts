/**
 * Registry report speed and agreement with R (`npm run bench -- report`, or `npx tsx bench/report.bench.ts`):
 * every value of report.json against R, and the build's time and memory against R's.
 *
 * 1. Generates the synthetic registry (default seed) and writes every center's CSV export to a temp dir with the
 *    generator's toCsv, as the centers upload them; reads them back through the validation engine, as ingestion
 *    does, so the report sees exactly the typed values R reads from the same files.
 * 2. Times the full registry report model (buildRegistryReport: cohort, Tables 1–3, aORs pooled over MICE and
 *    complete case, matching, Kaplan–Meier, subgroups, center benchmark, trends, rates) for the 2023-Q3 report:
 *    the median of BENCH_REPORT_REPEATS runs (default 3) after one warm-up, wall and CPU (process.cpuUsage) time,
 *    with the load average around it.
 * 3. When `Rscript` is on the PATH, runs bench/report-analysis.R on the same CSVs, plus the report's m completed
 *    data sets (imputed values only, in the temp dir, deleted afterwards) so R pools the same imputations; times
 *    it; and compares every R value with report.json's to 1e-6 (bench/report-agreement.ts).
 * 4. In a child process of its own (so its peak RSS is its own), the report for a registry scaled to
 *    ≥ BENCH_REPORT_LARGE_RUNS cohort runs (default 200,000; 0 skips): wall, CPU and peak RSS.
 *
 * Targets (reported, not enforced; wall time, as a report's reader waits for it): TS ≤ 2 s and ≥ 5× faster than R
 * on the ~5.5k-run cohort; ≤ 60 s and ≤ 3 GB at 200,000 runs. TS builds as the report Lambda does, with the models
 * on worker threads; the single-threaded build is timed beside it. Exits 1 when R ran and any value disagrees. Writes bench/results/report.json (aggregates and
 * checks only: no run id, no row-level value). Environment: BENCH_REPORT_REPEATS, BENCH_REPORT_LARGE_RUNS,
 * BENCH_REPORT_RESULTS (another results file).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describeMachine, load, round } from './support/machine.js';
import { runRscript } from './support/rscript.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCohort, type RegistryRun } from '../shared/cohort/index.js';
import { imputeCohort } from '../shared/report/analyses/multiple-imputation.js';
import { propensityMatch } from '../shared/report/analyses/propensity-matching.js';
import { inlineModels, type ModelRunner } from '../shared/report/analyses/model-runner.js';
import { inCanonicalOrder } from '../shared/report/build-registry-report.js';
import { processModelRunner } from '../shared/report/analyses/model-pool.js';
import {
  buildRegistryReport,
  defaultReportSpec,
  type BuildRegistryReportOptions,
  type RegistryReport,
} from '../shared/report/index.js';
import { DEFAULT_SEED, iterateRegistry, toCsv } from '../shared/synthetic/index.js';
import { validateAndCollect } from '../shared/validation/index.js';
import { compareReportWithR, type AgreementReport, type RReportValues } from './report-agreement.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const REPEATS = Number(process.env.BENCH_REPORT_REPEATS ?? 3);
const LARGE_RUNS = Number(process.env.BENCH_REPORT_LARGE_RUNS ?? 200_000);
/** Scale 1 gives 5,517 cohort runs at the default seed (bench/results/stats.json); picks the large run's scale. */
const COHORT_RUNS_AT_SCALE_1 = 5_517;
const SECONDS_TARGET = 2;
const SPEED_UP_TARGET = 5;
const LARGE_SECONDS_TARGET = 60;
const LARGE_RSS_TARGET_MB = 3 * 1024;

const QUARTER = '2023-Q3';
const CUTOFF = '2023-09-30T23:59:59.999Z';
const reportOptions: BuildRegistryReportOptions = {
  spec: defaultReportSpec,
  quarter: QUARTER,
  cutoff: CUTOFF,
  uploads: [],
  generatedAt: '2023-10-01T00:00:00.000Z',
  softwareVersion: 'bench',
  status: 'provisional',
};

interface Time {
  wallSeconds: number;
  cpuSeconds: number;
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function timed<T>(work: () => T | Promise<T>): Promise<{ value: T; time: Time }> {
  const wall = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  const value = await work();
  const used = process.cpuUsage(cpu);
  return {
    value,
    time: {
      wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
      cpuSeconds: (used.user + used.system) / 1e6,
    },
  };
}

/** Writes one CSV export per center (toCsv, as `ecls generate`); returns the number of runs written. */
function writeExports(dir: string, scale: number): number {
  let runs = 0;
  for (const center of iterateRegistry({ seed: DEFAULT_SEED, scale })) {
    writeFileSync(join(dir, `${center.centerId}.csv`), toCsv(center.rows, center.rawCells));
    runs += center.rows.length;
  }
  return runs;
}

/** Reads every export through the validation engine, as ingestion does. */
async function readExports(dir: string): Promise<RegistryRun[]> {
  const runs: RegistryRun[] = [];
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv'))) {
    const centerId = file.replace(/\.csv$/, '');
    const { verdict, rows } = await validateAndCollect(createReadStream(join(dir, file)), { centerId });
    if (!rows) throw new Error(`${file}: the validation engine rejected a clean export (${verdict.status})`);
    for (const row of rows) runs.push(row);
  }
  return runs;
}

/**
 * Median wall and CPU time (all threads) of `repeats` report builds after an optional warm-up, with `models`
 * running the fits and MICE chains.
 */
async function timeReport(
  runs: readonly RegistryRun[],
  repeats: number,
  warmUp: boolean,
  models: ModelRunner,
): Promise<{ report: RegistryReport; time: Time; runs: Time[] }> {
  const options = { ...reportOptions, models };
  let report = warmUp ? await buildRegistryReport(runs, options) : undefined;
  const times: Time[] = [];
  for (let k = 0; k < repeats; k++) {
    const run = await timed(() => buildRegistryReport(runs, options));
    report ??= run.value;
    times.push({ wallSeconds: round(run.time.wallSeconds), cpuSeconds: round(run.time.cpuSeconds) });
    console.log(
      `    run ${k + 1}: ${run.time.wallSeconds.toFixed(2)} s wall, ${run.time.cpuSeconds.toFixed(2)} s cpu`,
    );
  }
  return {
    report: report!,
    time: {
      wallSeconds: median(times.map((t) => t.wallSeconds)),
      cpuSeconds: median(times.map((t) => t.cpuSeconds)),
    },
    runs: times,
  };
}

const runKey = (r: RegistryRun): string => `${r.center_id}/${r.run_id}`;

/**
 * The report's cohort rows in its canonical order (as buildRegistryReport derives them), its m completed data
 * sets and its matched pairs. R needs the imputed values to pool the same imputations, and the pairs are
 * compared with MatchIt's; neither is in report.json.
 */
async function reportInternals(runs: readonly RegistryRun[]): Promise<{
  imputedCsv: string;
  pairs: [string, string][];
}> {
  const spec = defaultReportSpec;
  const sorted = inCanonicalOrder(runs);
  const cohort = buildCohort(sorted, {
    to: Date.parse(CUTOFF),
    steps: spec.cohort.steps,
    comparison: { exposure: spec.exposure.when, comparator: spec.comparator.when },
  });
  const rows = cohort.runs;
  const variables = spec.imputation.variables;
  const imputed = await imputeCohort(rows, spec);
  const lines = [['key', 'imputation', ...variables].join(',')];
  rows.forEach((row, i) => {
    const original = row as Record<string, unknown>;
    if (variables.every((v) => typeof original[v] === 'number')) return;
    imputed.forEach((data, k) => {
      lines.push([runKey(row), k + 1, ...variables.map((v) => String(data[v]![i]))].join(','));
    });
  });
  const matching = propensityMatch(rows, spec);
  const pairs: [string, string][] = [];
  if (matching.estimable) {
    for (let i = 0; i < matching.matched.length; i += 2) {
      pairs.push([runKey(matching.matched[i]!), runKey(matching.matched[i + 1]!)]);
    }
  }
  return { imputedCsv: `${lines.join('\n')}\n`, pairs };
}

interface RSide {
  available: boolean;
  note?: string;
  version?: string;
  packages?: Record<string, string>;
  time?: Time;
  readSeconds?: Time;
  runs?: Time[];
  loadAverage?: { before: number[]; after: number[] };
  values?: RReportValues;
}

function runR(exportsDir: string, imputedCsv: string): RSide {
  const r = runRscript(
    join(benchDir, 'report-analysis.R'),
    [exportsDir, imputedCsv, CUTOFF, String(REPEATS)],
    256,
  );
  if (!r.ok) return { available: false, note: r.note };
  const before = r.loadBefore;
  const out = JSON.parse(r.stdout) as RReportValues & {
    r: string;
    packages: Record<string, string>;
    timing: Time;
    readSeconds: Time;
    runs: Time[];
  };
  return {
    available: true,
    version: out.r,
    packages: out.packages,
    time: { wallSeconds: round(out.timing.wallSeconds), cpuSeconds: round(out.timing.cpuSeconds) },
    readSeconds: {
      wallSeconds: round(out.readSeconds.wallSeconds),
      cpuSeconds: round(out.readSeconds.cpuSeconds),
    },
    runs: out.runs.map((t) => ({ wallSeconds: round(t.wallSeconds), cpuSeconds: round(t.cpuSeconds) })),
    loadAverage: { before, after: load() },
    values: out,
  };
}

/**
 * The large run, in this (child) process: generate at scale, build the report once as the report Lambda does
 * (models on the process's worker pool), report peak RSS (the workers' heaps are in the same process).
 */
async function largeChild(): Promise<void> {
  const scale = Math.ceil((LARGE_RUNS / COHORT_RUNS_AT_SCALE_1) * 1.02 * 100) / 100;
  const generate = await timed(() => {
    const runs: RegistryRun[] = [];
    for (const center of iterateRegistry({ seed: DEFAULT_SEED, scale }))
      for (const row of center.rows) runs.push(row);
    return runs;
  });
  const runs = generate.value;
  const afterGenerate = { loadAverage: load(), peakRssMB: round(process.resourceUsage().maxRSS / 1024, 0) };
  const loadBefore = load();
  const built = await timed(() =>
    buildRegistryReport(runs, { ...reportOptions, models: processModelRunner() }),
  );
  const out = {
    scale,
    registryRuns: runs.length,
    cohortRuns: built.value.flowchart.at(-1)!.remaining.value,
    exposed: built.value.groups.exposure.n.value,
    generateSeconds: round(generate.time.wallSeconds, 1),
    afterGenerate,
    report: { wallSeconds: round(built.time.wallSeconds), cpuSeconds: round(built.time.cpuSeconds) },
    loadAverage: { before: loadBefore, after: load() },
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 0),
    headline: {
      inHospitalAorMain: (built.value.adjustedOddsRatios[0]!.main as { oddsRatio?: number }).oddsRatio,
      matchedPairs: built.value.matching.estimable ? built.value.matching.pairs.value : null,
    },
  };
  process.stdout.write(`\n@@LARGE@@${JSON.stringify(out)}\n`);
}

function runLarge(): Record<string, unknown> | undefined {
  if (LARGE_RUNS <= 0) return undefined;
  console.log(`  large run (≥ ${LARGE_RUNS} cohort runs) in a child process; generating takes minutes`);
  const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--large'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const line = child.stdout.split('\n').find((l) => l.startsWith('@@LARGE@@'));
  if (child.status !== 0 || !line) {
    console.log(`  the large run failed (exit ${child.status ?? child.signal})`);
    return { failed: `exit ${child.status ?? child.signal}` };
  }
  return JSON.parse(line.slice('@@LARGE@@'.length)) as Record<string, unknown>;
}

async function main(): Promise<void> {
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const machine = describeMachine();
  console.log(`report bench: load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cpus} cpus`);

  const dir = mkdtempSync(join(tmpdir(), 'report-bench-'));
  let ts: Awaited<ReturnType<typeof timeReport>>;
  let single: Awaited<ReturnType<typeof timeReport>>;
  let rSide: RSide;
  let agreement: AgreementReport | undefined;
  let registryRuns: number;
  try {
    const exportsDir = join(dir, 'exports');
    mkdirSync(exportsDir);
    console.log(
      '  writing every center’s CSV export (default seed) and reading them back through validation',
    );
    registryRuns = writeExports(exportsDir, 1);
    const runs = await readExports(exportsDir);

    console.log(
      `  TS registry report (${QUARTER}) as the report Lambda builds it: 1 warm-up + ${REPEATS} runs`,
    );
    const tsLoadBefore = load();
    ts = await timeReport(runs, REPEATS, true, processModelRunner());
    const tsLoad = { before: tsLoadBefore, after: load() };
    Object.assign(ts, { loadAverage: tsLoad });
    console.log(`  the same on one thread (every model inline): 1 warm-up + ${REPEATS} runs`);
    single = await timeReport(runs, REPEATS, true, inlineModels);
    if (JSON.stringify(single.report) !== JSON.stringify(ts.report)) {
      throw new Error('the report built on worker threads differs from the one built inline');
    }

    const internals = await reportInternals(runs);
    const imputedCsv = join(dir, 'imputed.csv');
    writeFileSync(imputedCsv, internals.imputedCsv);
    console.log(`  R (bench/report-analysis.R) on the same CSVs: 1 warm-up + ${REPEATS} runs`);
    rSide = runR(exportsDir, imputedCsv);
    if (rSide.available && rSide.values)
      agreement = compareReportWithR(ts.report, rSide.values, internals.pairs);
    else console.log(`  ${rSide.note}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  const large = runLarge();
  const cohortRuns = ts.report.flowchart.at(-1)!.remaining.value;
  const speedUp =
    rSide.available && rSide.time
      ? {
          cpu: round(rSide.time.cpuSeconds / ts.time.cpuSeconds, 2),
          wall: round(rSide.time.wallSeconds / ts.time.wallSeconds, 2),
          singleThreadCpu: round(rSide.time.cpuSeconds / single!.time.cpuSeconds, 2),
        }
      : undefined;
  const largeReport = large?.report as Time | undefined;
  const largeRss = large?.peakRssMB as number | undefined;
  const targets = {
    seconds: {
      target: `the ${cohortRuns}-run report in ≤ ${SECONDS_TARGET} s (wall, median, as the Lambda builds it; CPU of all threads beside it)`,
      value: ts.time.wallSeconds,
      cpuSeconds: ts.time.cpuSeconds,
      met: ts.time.wallSeconds <= SECONDS_TARGET,
    },
    speedUp: {
      target: `TS ≥ ${SPEED_UP_TARGET}× faster than R on the same data (R / TS, wall; CPU ratios beside it)`,
      value: speedUp?.wall,
      cpu: speedUp?.cpu,
      singleThreadCpu: speedUp?.singleThreadCpu,
      met: speedUp ? speedUp.wall >= SPEED_UP_TARGET : null,
    },
    largeSeconds: {
      target: `≥ ${LARGE_RUNS} cohort runs: the report in ≤ ${LARGE_SECONDS_TARGET} s (wall)`,
      value: largeReport?.wallSeconds,
      cpuSeconds: largeReport?.cpuSeconds,
      met: largeReport ? largeReport.wallSeconds <= LARGE_SECONDS_TARGET : null,
    },
    largeMemory: {
      target: `≥ ${LARGE_RUNS} cohort runs: peak RSS ≤ ${LARGE_RSS_TARGET_MB} MB (whole process, generation included)`,
      value: largeRss,
      met: largeRss === undefined ? null : largeRss <= LARGE_RSS_TARGET_MB,
    },
  };
  const out = {
    generatedAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: load() },
    method:
      'TS: buildRegistryReport on the runs read back from the CSV exports through the validation engine, as the ' +
      'report Lambda builds it (logistic fits and MICE chains on the worker pool of shared/report/analyses/' +
      `model-pool.ts, one worker per core), median of ${REPEATS} runs after 1 warm-up, wall and CPU of all threads ` +
      '(process.cpuUsage user + system); tsSingleThread is the same build with every model inline, and must give ' +
      'the same report.json. R: bench/report-analysis.R on the same CSVs (cohort, Tables 1–3, aORs, subgroups, ' +
      'matching, survival, and mice() on the same imputation model for the timing), single-threaded, median of ' +
      'the same number of passes after 1 warm-up (proc.time), CSV reading excluded and shown apart. Targets are ' +
      'judged on wall time, which is only fair on a quiet machine: the load average is recorded around each side. ' +
      'The large run: one build, no warm-up, with the pool.',
    dataset: {
      seed: DEFAULT_SEED,
      quarter: QUARTER,
      cutoff: CUTOFF,
      registryRuns: registryRuns!,
      cohortRuns,
      exposed: ts.report.groups.exposure.n.value,
      large: large && {
        scale: large.scale,
        registryRuns: large.registryRuns,
        cohortRuns: large.cohortRuns,
        exposed: large.exposed,
      },
    },
    ts: { ...ts.time, runs: ts.runs, loadAverage: (ts as unknown as { loadAverage: unknown }).loadAverage },
    tsSingleThread: { ...single!.time, runs: single!.runs },
    r: rSide.available
      ? {
          version: rSide.version,
          packages: rSide.packages,
          wallSeconds: rSide.time!.wallSeconds,
          cpuSeconds: rSide.time!.cpuSeconds,
          runs: rSide.runs,
          readCsvSeconds: rSide.readSeconds,
          loadAverage: rSide.loadAverage,
        }
      : { skipped: rSide.note },
    speedUp,
    large,
    targets,
    agreement: agreement && {
      tolerance: agreement.tolerance,
      checked: agreement.checked,
      failed: agreement.failed,
      allAgree: agreement.allAgree,
      maxDifference: agreement.checks.reduce((m, c) => Math.max(m, c.difference ?? 0), 0),
      failures: agreement.checks.filter((c) => !c.agrees),
      checks: agreement.checks,
      skipped: agreement.skipped,
    },
  };
  const resultsFile = process.env.BENCH_REPORT_RESULTS ?? join(resultsDir, 'report.json');
  writeFileSync(resultsFile, `${JSON.stringify(out, null, 2)}\n`);

  console.log(
    `\n  TS report: ${ts.time.cpuSeconds} s cpu, ${ts.time.wallSeconds} s wall; R: ${rSide.time?.cpuSeconds ?? '—'} s cpu, ${rSide.time?.wallSeconds ?? '—'} s wall; speed-up (cpu) ${speedUp?.cpu ?? '—'}`,
  );
  if (large && largeReport) {
    console.log(
      `  ${String(large.cohortRuns)} cohort runs: ${largeReport.wallSeconds} s wall (${largeReport.cpuSeconds} s cpu), peak RSS ${largeRss} MB`,
    );
  }
  for (const [name, t] of Object.entries(targets)) {
    console.log(
      `  target ${name}: ${t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED'} (${t.value ?? '—'})`,
    );
  }
  if (agreement) {
    console.log(
      `  agreement with R: ${agreement.checked} values checked, ${agreement.failed} disagree, ${agreement.skipped.length} not published`,
    );
    for (const f of agreement.checks.filter((c) => !c.agrees).slice(0, 40)) {
      console.log(`    DISAGREE ${f.name}: ts ${f.ts}, r ${f.r}, difference ${f.difference}`);
    }
  }
  console.log(`  wrote ${resultsFile}`);
  if (agreement && !agreement.allAgree) process.exitCode = 1;
}

if (process.argv.includes('--large')) await largeChild();
else await main();
