/**
 * Statistics engine speed against R (`npm run bench -- stats`, or `npx tsx bench/stats.bench.ts`). Generates the synthetic registry (default seed), builds the study cohort and its analysis table
 * (bench/support/analysis-table.ts), then times the analysis set of STUDY.md (bench/support/analysis-set.ts):
 * MICE (m = 5, maxit = 5, pmm); complete-case and imputed (pooled by Rubin's rules) adjusted models for the 9
 * outcomes; subgroup models and interaction LRTs; propensity score, 1:1 nearest-neighbour matching and SMDs;
 * Kaplan–Meier and log-rank before and after matching. Each stage is the median of 3 runs after one warm-up, as
 * wall and CPU time (CPU time stays meaningful on a loaded machine; the load average is recorded beside it).
 *
 * When `Rscript` is on the PATH, bench/stats-analysis.R runs the same set on the same data (a temp CSV) in the
 * same run, and the headline numbers are compared. Then, in a child process of its own (so its peak RSS is its
 * own), the registry is generated at a scale giving ≥ 200,000 cohort runs, streamed center by center into the
 * analysis table (raw rows are not kept), and the TS set is timed again with its peak RSS.
 *
 * The registry-size set runs on one thread (R's is single-threaded too, and the comparison is of CPU time); the
 * large run puts the set's independent pieces (MICE chains, models, subgroupings) on worker threads
 * (bench/support/analysis-pool.ts), with the same numbers.
 *
 * Targets: TS ≥ 5× faster than R at registry size; at 200,000 runs the set completes in < 60 s and < 3 GB.
 * Environment: BENCH_STATS_LARGE_RUNS (default 200000; 0 skips the large run, for quick iterations on the
 * registry-size part), BENCH_STATS_REPEATS (default 3), BENCH_STATS_WORKERS (worker threads of the large run,
 * default 2; 0 runs it on one thread).
 * Writes bench/results/stats.json.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describeMachine, load, round } from './support/machine.js';
import { runRscript } from './support/rscript.js';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildCohort } from '../shared/cohort/index.js';
import { iterateRegistry, planRegistry, DEFAULT_SEED } from '../shared/synthetic/index.js';
import { AnalysisPool, runAnalysisSetParallel } from './support/analysis-pool.js';
import { runAnalysisSet, type AnalysisSetResult, type StageTime } from './support/analysis-set.js';
import { AnalysisTableBuilder, writeAnalysisCsv, type AnalysisTable } from './support/analysis-table.js';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const REPEATS = Number(process.env.BENCH_STATS_REPEATS ?? 3);
const LARGE_RUNS = Number(process.env.BENCH_STATS_LARGE_RUNS ?? 200_000);
/** Worker threads of the large run (its independent fits and MICE chains in parallel); 0 runs it on one thread. */
const LARGE_WORKERS = Number(process.env.BENCH_STATS_WORKERS ?? 2);
const MICE_SEED = 20240101;
const SPEED_UP_TARGET = 5;
const LARGE_SECONDS_TARGET = 60;
const LARGE_RSS_TARGET_MB = 3 * 1024;
/** Scale 1 gives this many cohort runs (measured at the default seed); used to pick the large run's scale. */
const COHORT_RUNS_AT_SCALE_1 = 5_470;

interface Timing {
  stages: Record<string, StageTime>;
  total: StageTime;
  /** Every timed run, for the record. */
  runs: Record<string, StageTime>[];
}

interface TableBuild {
  table: AnalysisTable;
  registryRuns: number;
  generateSeconds: number;
}

/** Streams the registry center by center into the analysis table; a center's raw rows are dropped after use. */
function buildTable(scale: number): TableBuild {
  const started = process.hrtime.bigint();
  const builder = new AnalysisTableBuilder();
  let registryRuns = 0;
  for (const center of iterateRegistry({ seed: DEFAULT_SEED, scale })) {
    registryRuns += center.rows.length;
    builder.append(buildCohort(center.rows).runs, center.profile.large);
  }
  const table = builder.finish();
  return { table, registryRuns, generateSeconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

type SetRunner = (
  table: AnalysisTable,
  seed: number,
) =>
  | { stages: Record<string, StageTime>; result: AnalysisSetResult }
  | Promise<{ stages: Record<string, StageTime>; result: AnalysisSetResult }>;

/** Warm-up (optional), then `repeats` timed runs of `runSet`; medians per stage and of the totals. */
async function timeSet(
  table: AnalysisTable,
  repeats: number,
  warmUp: boolean,
  runSet: SetRunner = runAnalysisSet,
): Promise<{ timing: Timing; result: AnalysisSetResult }> {
  let result = warmUp ? (await runSet(table, MICE_SEED)).result : undefined;
  const runs: Record<string, StageTime>[] = [];
  for (let k = 0; k < repeats; k++) {
    const run = await runSet(table, MICE_SEED);
    result ??= run.result;
    runs.push(run.stages);
    console.log(
      `    run ${k + 1}: ${Object.entries(run.stages)
        .map(([name, t]) => `${name} ${t.wallSeconds.toFixed(2)} s (cpu ${t.cpuSeconds.toFixed(2)})`)
        .join(', ')}`,
    );
  }
  return { timing: summarise(runs), result: result! };
}

function summarise(runs: Record<string, StageTime>[]): Timing {
  const names = Object.keys(runs[0]!);
  const stages: Record<string, StageTime> = {};
  for (const name of names) {
    stages[name] = {
      wallSeconds: round(median(runs.map((r) => r[name]!.wallSeconds))),
      cpuSeconds: round(median(runs.map((r) => r[name]!.cpuSeconds))),
    };
  }
  const sum = (r: Record<string, StageTime>, key: keyof StageTime): number =>
    names.reduce((s, name) => s + r[name]![key], 0);
  return {
    stages,
    total: {
      wallSeconds: round(median(runs.map((r) => sum(r, 'wallSeconds')))),
      cpuSeconds: round(median(runs.map((r) => sum(r, 'cpuSeconds')))),
    },
    runs: runs.map((r) =>
      Object.fromEntries(
        Object.entries(r).map(([k, t]) => [
          k,
          { wallSeconds: round(t.wallSeconds), cpuSeconds: round(t.cpuSeconds) },
        ]),
      ),
    ),
  };
}

interface RSide {
  available: boolean;
  note?: string;
  version?: string;
  packages?: Record<string, string>;
  stages?: Record<string, StageTime>;
  total?: StageTime;
  result?: RResult;
  loadAverage?: { before: number[]; after: number[] };
}

interface RResult {
  completeCase: Record<string, { oddsRatio: number }>;
  pooled: Record<string, { oddsRatio: number }>;
  subgroups: Record<string, { levels: number[]; interactionP: number }>;
  matchedPairs: number;
  pairs: [number, number][];
  maxAbsSmdAfter: number;
  logRank: { before: number; after: number };
}

function runR(csv: string): RSide {
  const r = runRscript(join(benchDir, 'stats-analysis.R'), [csv, String(REPEATS), String(MICE_SEED)], 64);
  if (!r.ok) return { available: false, note: r.note };
  const before = r.loadBefore;
  const out = JSON.parse(r.stdout) as {
    r: string;
    packages: Record<string, string>;
    stages: Record<string, StageTime>;
    result: RResult;
  };
  const names = Object.keys(out.stages);
  const total = {
    wallSeconds: round(names.reduce((s, n) => s + out.stages[n]!.wallSeconds, 0)),
    cpuSeconds: round(names.reduce((s, n) => s + out.stages[n]!.cpuSeconds, 0)),
  };
  return {
    available: true,
    version: out.r,
    packages: out.packages,
    stages: Object.fromEntries(
      names.map((n) => [
        n,
        { wallSeconds: round(out.stages[n]!.wallSeconds), cpuSeconds: round(out.stages[n]!.cpuSeconds) },
      ]),
    ),
    total,
    result: out.result,
    loadAverage: { before, after: load() },
  };
}

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(b), Number.MIN_VALUE);

/** One headline number of TS and R, agreeing when their relative difference is below `limit`. */
function check(name: string, tsValue: number, rValue: number, limit: number, condition = '') {
  const relativeDifference = relDiff(tsValue, rValue);
  return {
    name,
    ts: tsValue,
    r: rValue,
    tolerance: `relative ${limit.toExponential()}${condition}`,
    limit,
    relativeDifference,
    agrees: relativeDifference < limit,
  };
}

/** Headline numbers of TS and R side by side, with the tolerance each must meet. */
function agreement(ts: AnalysisSetResult, r: RResult) {
  const tsPairs = new Map(ts.pairs.map(([t, c]) => [t, c]));
  const samePairs = r.pairs.filter(([t, c]) => tsPairs.get(t) === c).length;
  const checks = [
    check(
      'complete-case in-hospital mortality aOR (glm)',
      ts.completeCase.death_hospital!.oddsRatio,
      r.completeCase.death_hospital!.oddsRatio,
      1e-6,
    ),
    check(
      'complete-case pulmonary complication aOR (glm)',
      ts.completeCase.comp_pulmonary!.oddsRatio,
      r.completeCase.comp_pulmonary!.oddsRatio,
      1e-6,
    ),
    check(
      'large-center interaction LRT p (anova)',
      ts.subgroups.large_center!.interactionP,
      r.subgroups.large_center!.interactionP,
      1e-6,
    ),
    check('log-rank chi-square before matching (survdiff)', ts.logRank.before, r.logRank.before, 1e-8),
    check(
      'log-rank chi-square after matching (survdiff)',
      ts.logRank.after,
      r.logRank.after,
      1e-6,
      ' (needs the same pairs)',
    ),
  ];
  return {
    checks,
    matching: {
      pairsTs: ts.matchedPairs,
      pairsR: r.matchedPairs,
      identicalPairs: samePairs,
      agrees: ts.matchedPairs === r.matchedPairs && samePairs === r.matchedPairs,
    },
    pooledInHospitalAor: {
      ts: ts.pooled.death_hospital!.oddsRatio,
      r: r.pooled.death_hospital!.oddsRatio,
      note: 'MICE draws differ by design (different generators); these agree within Monte Carlo error, not digits',
    },
    allAgree:
      checks.every((c) => c.agrees) && ts.matchedPairs === r.matchedPairs && samePairs === r.matchedPairs,
  };
}

/**
 * The large run, in this (child) process: build the ≥ 200k table by streaming, time the set (its independent
 * pieces on LARGE_WORKERS worker threads, or on this thread when 0), report peak RSS.
 */
async function largeChild(): Promise<void> {
  const scale = Math.ceil((LARGE_RUNS / COHORT_RUNS_AT_SCALE_1) * 1.02 * 100) / 100;
  const built = buildTable(scale);
  const afterBuild = { loadAverage: load(), peakRssMB: round(process.resourceUsage().maxRSS / 1024, 0) };
  // Workers start (and get the table) before the clock: like loading the table, it is set-up, not analysis.
  const pool = LARGE_WORKERS > 0 ? await AnalysisPool.start(built.table, LARGE_WORKERS) : undefined;
  // No warm-up: at this size the JIT is warm within the first seconds of the first run.
  const { timing, result } = await timeSet(
    built.table,
    REPEATS,
    false,
    pool ? (table, seed) => runAnalysisSetParallel(table, seed, pool) : runAnalysisSet,
  );
  await pool?.close();
  const out = {
    scale,
    workers: LARGE_WORKERS,
    registryRuns: built.registryRuns,
    cohortRuns: built.table.n,
    exposed: built.table.columns.exposure!.reduce((s, v) => s + v, 0),
    generateAndBuildSeconds: round(built.generateSeconds, 1),
    afterBuild,
    ...timing,
    loadAverage: load(),
    peakRssMB: round(process.resourceUsage().maxRSS / 1024, 0),
    fits: result.fits,
    headline: {
      completeCaseInHospitalAor: result.completeCase.death_hospital!.oddsRatio,
      pooledInHospitalAor: result.pooled.death_hospital!.oddsRatio,
      matchedPairs: result.matchedPairs,
      logRankBefore: result.logRank.before,
    },
  };
  process.stdout.write(`\n@@LARGE@@${JSON.stringify(out)}\n`);
}

async function main(): Promise<void> {
  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const machine = describeMachine();
  console.log(`stats bench: load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cpus} cpus`);

  console.log('  generating the registry (scale 1) and the analysis table');
  const small = buildTable(1);
  const { table } = small;
  const exposed = table.columns.exposure!.reduce((s, v) => s + v, 0);
  const phMissing = table.columns.ph!.reduce((s, v) => s + (Number.isNaN(v) ? 1 : 0), 0);
  console.log(`  cohort ${table.n} runs (${exposed} IABP after ECMO), pH missing in ${phMissing}`);

  console.log(`  TS analysis set: 1 warm-up + ${REPEATS} runs`);
  const tsLoadBefore = load();
  const ts = await timeSet(table, REPEATS, true);
  const tsLoad = { before: tsLoadBefore, after: load() };

  const dir = mkdtempSync(join(tmpdir(), 'stats-bench-'));
  let rSide: RSide;
  try {
    const csv = join(dir, 'analysis.csv');
    writeAnalysisCsv(table, csv);
    console.log('  R analysis set (bench/stats-analysis.R): 1 warm-up + 3 runs');
    rSide = runR(csv);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (!rSide.available) console.log(`  ${rSide.note}`);

  let large: Record<string, unknown> | undefined;
  if (LARGE_RUNS > 0) {
    console.log(`  large run (≥ ${LARGE_RUNS} cohort runs) in a child process; generating takes minutes`);
    const child = spawnSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(import.meta.url), '--large'],
      {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const line = child.stdout.split('\n').find((l) => l.startsWith('@@LARGE@@'));
    process.stdout.write(child.stdout.replace(/\n@@LARGE@@.*\n?/, '\n'));
    if (child.status !== 0 || !line)
      throw new Error(`the large run failed (exit ${child.status ?? child.signal})`);
    large = JSON.parse(line.slice('@@LARGE@@'.length)) as Record<string, unknown>;
  }

  const speedUp =
    rSide.available && rSide.total
      ? {
          wall: round(rSide.total.wallSeconds / ts.timing.total.wallSeconds, 2),
          cpu: round(rSide.total.cpuSeconds / ts.timing.total.cpuSeconds, 2),
          byStage: Object.fromEntries(
            Object.keys(ts.timing.stages).map((s) => [
              s,
              {
                wall: round(rSide.stages![s]!.wallSeconds / ts.timing.stages[s]!.wallSeconds, 2),
                cpu: round(rSide.stages![s]!.cpuSeconds / ts.timing.stages[s]!.cpuSeconds, 2),
              },
            ]),
          ),
        }
      : undefined;
  const largeTotal = large?.total as StageTime | undefined;
  const largeRss = large?.peakRssMB as number | undefined;
  const targets = {
    speedUp: {
      target: `TS at least ${SPEED_UP_TARGET}× faster than R on the ${table.n}-run cohort (CPU time; wall shown too)`,
      value: speedUp?.cpu,
      met: speedUp ? speedUp.cpu >= SPEED_UP_TARGET : null,
    },
    largeSeconds: {
      target: `≥ ${LARGE_RUNS} runs: the set in under ${LARGE_SECONDS_TARGET} s (wall, median)`,
      value: largeTotal?.wallSeconds,
      cpuSeconds: largeTotal?.cpuSeconds,
      met: largeTotal ? largeTotal.wallSeconds < LARGE_SECONDS_TARGET : null,
    },
    largeMemory: {
      target: `≥ ${LARGE_RUNS} runs: peak RSS under ${LARGE_RSS_TARGET_MB} MB (whole process, generation included)`,
      value: largeRss,
      met: largeRss === undefined ? null : largeRss < LARGE_RSS_TARGET_MB,
    },
  };
  const plan = planRegistry({ seed: DEFAULT_SEED });
  const out = {
    generatedAt: new Date().toISOString(),
    machine: { ...machine, loadAverageAtEnd: load() },
    method:
      `Stage times are medians of ${REPEATS} runs after 1 warm-up (the large run: ${REPEATS} runs, no warm-up), wall ` +
      'and CPU (process.cpuUsage, all threads of the process / proc.time user + system). The registry-size set ' +
      `runs on one thread; the large run on ${LARGE_WORKERS} worker threads (0: one thread), started before the ` +
      'clock. The machine is shared and loaded, so CPU time is the fairer comparison; the load average is recorded ' +
      'around each side.',
    dataset: {
      seed: DEFAULT_SEED,
      registryRuns: small.registryRuns,
      plannedRegistryRuns: plan.totalRuns,
      cohortRuns: table.n,
      exposed,
      phMissing,
      fitsPerSet: ts.result.fits,
      large: large
        ? {
            scale: large.scale,
            registryRuns: large.registryRuns,
            cohortRuns: large.cohortRuns,
            exposed: large.exposed,
          }
        : undefined,
    },
    ts: { ...ts.timing, loadAverage: tsLoad },
    r: rSide.available
      ? {
          version: rSide.version,
          packages: rSide.packages,
          stages: rSide.stages,
          total: rSide.total,
          loadAverage: rSide.loadAverage,
        }
      : { skipped: rSide.note },
    speedUp,
    large,
    targets,
    agreement: rSide.available && rSide.result ? agreement(ts.result, rSide.result) : undefined,
  };
  writeFileSync(join(resultsDir, 'stats.json'), `${JSON.stringify(out, null, 2)}\n`);

  const rows = Object.keys(ts.timing.stages).map((s) => {
    const t = ts.timing.stages[s]!;
    const r = rSide.stages?.[s];
    const f = (x: number | undefined) => (x === undefined ? '—' : x.toFixed(3));
    return `  ${s.padEnd(10)} ${f(t.cpuSeconds).padStart(8)} ${f(t.wallSeconds).padStart(8)}   ${f(r?.cpuSeconds).padStart(8)} ${f(r?.wallSeconds).padStart(8)}   ${r ? (r.cpuSeconds / t.cpuSeconds).toFixed(1).padStart(6) : '     —'}`;
  });
  console.log(`\n  stage        TS cpu  TS wall     R cpu   R wall   speed-up (cpu)`);
  for (const row of rows) console.log(row);
  console.log(
    `  total      ${ts.timing.total.cpuSeconds.toFixed(3).padStart(8)} ${ts.timing.total.wallSeconds.toFixed(3).padStart(8)}   ${(rSide.total?.cpuSeconds.toFixed(3) ?? '—').padStart(8)} ${(rSide.total?.wallSeconds.toFixed(3) ?? '—').padStart(8)}   ${(speedUp ? speedUp.cpu.toFixed(1) : '—').padStart(6)}`,
  );
  if (large) {
    console.log(
      `  ${String(large.cohortRuns)} runs: ${largeTotal!.wallSeconds} s wall (${largeTotal!.cpuSeconds} s cpu), peak RSS ${largeRss} MB`,
    );
  }
  for (const [name, t] of Object.entries(targets))
    console.log(
      `  target ${name}: ${t.met === null ? 'not measured' : t.met ? 'met' : 'MISSED'} (${t.value ?? '—'})`,
    );
  if (out.agreement) console.log(`  TS and R agree on the headline numbers: ${out.agreement.allAgree}`);
  console.log('  wrote bench/results/stats.json');
}

if (process.argv.includes('--large')) await largeChild();
else await main();
