/**
 * Start-up and memory of the `ecls` command line (`npm run bench -- cli`): wall and CPU time of `ecls --help` and
 * of `ecls validate` on a small file (median of several runs), and the peak RSS of `ecls validate` on a 300,000-row
 * export, each run both ways cli/ecls.mjs can run: the compiled CLI (dist/cli/, rebuilt first) and the TypeScript
 * sources through tsx (ECLS_FROM_SOURCE=1). Every run is a fresh `node cli/ecls.mjs` child process; a preloaded
 * module records its own resource usage (CPU, peak RSS) at exit. Writes bench/results/cli.json.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine, load, round } from './support/machine.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_CLI_RUNS || 7);
/** The scale of `ecls generate` whose centers, concatenated, give about 300,000 rows (10,640 at scale 1). */
const LARGE_SCALE = 29;
const work = mkdtempSync(join(tmpdir(), 'ecls-cli-bench-'));
const usageFile = join(work, 'usage.json');
const preload = `data:text/javascript,${encodeURIComponent(
  `import { writeFileSync } from 'node:fs';
   process.on('exit', () => writeFileSync(process.env.BENCH_USAGE_FILE, JSON.stringify(process.resourceUsage())));`,
)}`;

interface Sample {
  seconds: number;
  cpuSeconds: number;
  peakRssMB: number;
  exitCode: number | null;
}

/** Runs `node cli/ecls.mjs ...args` once, stdout discarded. */
function ecls(args: string[], fromSource: boolean): Sample {
  const started = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--import', preload, 'cli/ecls.mjs', ...args], {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_USAGE_FILE: usageFile, ECLS_FROM_SOURCE: fromSource ? '1' : '' },
    maxBuffer: 64 * 1024 * 1024,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const usage = JSON.parse(readFileSync(usageFile, 'utf8')) as NodeJS.ResourceUsage;
  return {
    seconds: round(seconds),
    cpuSeconds: round((usage.userCPUTime + usage.systemCPUTime) / 1e6),
    peakRssMB: round(usage.maxRSS / 1024, 1),
    exitCode: result.status,
  };
}

const median = (xs: number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** The median wall and CPU time over RUNS runs, with every run kept. */
function startUp(args: string[], fromSource: boolean) {
  const samples = Array.from({ length: RUNS }, () => ecls(args, fromSource));
  return {
    medianSeconds: median(samples.map((s) => s.seconds)),
    medianCpuSeconds: median(samples.map((s) => s.cpuSeconds)),
    medianPeakRssMB: median(samples.map((s) => s.peakRssMB)),
    runs: samples,
  };
}

const machine = describeMachine();
const build = spawnSync(process.execPath, ['cli/build-cli.mjs'], { cwd: root, encoding: 'utf8' });
if (build.status !== 0) throw new Error(`npm run build:cli failed: ${build.stderr}`);

const small = join(root, 'test/fixtures/validation/green.csv');
const help = { compiled: startUp(['--help'], false), sources: startUp(['--help'], true) };
const validateSmall = {
  compiled: startUp(['validate', small, '--center', 'C001'], false),
  sources: startUp(['validate', small, '--center', 'C001'], true),
};

// The large export: every center of the synthetic registry at LARGE_SCALE, one header, in one file.
const generated = join(work, 'generated');
const made = spawnSync(
  process.execPath,
  ['cli/ecls.mjs', 'generate', '--out', generated, '--scale', String(LARGE_SCALE)],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
if (made.status !== 0) throw new Error(`ecls generate failed: ${made.stderr}`);
const large = join(work, 'large.csv');
const out = openSync(large, 'w');
let rows = 0;
for (const [i, file] of readdirSync(generated)
  .filter((f) => f.endsWith('.csv'))
  .sort()
  .entries()) {
  const lines = readFileSync(join(generated, file), 'utf8').split('\n');
  const body = lines.slice(1).filter((line) => line !== '');
  if (i === 0) writeSync(out, `${lines[0]}\n`);
  writeSync(out, `${body.join('\n')}\n`);
  rows += body.length;
}
closeSync(out);
const validateLarge = {
  rows,
  compiled: ecls(['validate', large, '--format', 'json'], false),
  sources: ecls(['validate', large, '--format', 'json'], true),
};
rmSync(work, { recursive: true, force: true });

const result = {
  benchmark: 'cli',
  generatedAt: new Date().toISOString(),
  machine: { ...machine, loadAverageAtEnd: load() },
  method:
    `Each figure is a fresh "node cli/ecls.mjs …" child process; a module preloaded with --import writes ` +
    `process.resourceUsage() at exit (CPU = user + system, peak RSS = maxRSS). "compiled" runs dist/cli/ ` +
    `(rebuilt first by cli/build-cli.mjs), "sources" the TypeScript through tsx (ECLS_FROM_SOURCE=1). Start-up ` +
    `figures are medians of ${RUNS} runs; the ${rows}-row export is every center of "ecls generate --scale ` +
    `${LARGE_SCALE}" in one file, validated once each way. The machine is shared: see the load averages.`,
  help,
  validateSmall,
  validateLarge,
};
const resultsDir = join(root, 'bench/results');
const target = join(resultsDir, 'cli.json');
const text = `${JSON.stringify(result, null, 2)}\n`;
const fd = openSync(target, 'w');
writeSync(fd, text);
closeSync(fd);
console.log(
  `ecls --help ${help.compiled.medianSeconds} s compiled / ${help.sources.medianSeconds} s sources; ` +
    `validate small ${validateSmall.compiled.medianSeconds} s / ${validateSmall.sources.medianSeconds} s; ` +
    `validate ${rows} rows peak RSS ${validateLarge.compiled.peakRssMB} MB / ${validateLarge.sources.peakRssMB} MB`,
);
