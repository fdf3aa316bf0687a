/**
 * `ecls generate`: writes the deterministic synthetic registry as one CSV export per active center
 * (`DIR/C001.csv` …), for demos, tests and benchmarks. Generated files are data, not source: do not commit them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import {
  DEFAULT_SEED,
  iterateRegistry,
  planRegistry,
  toCsv,
  type DirtyRow,
} from '../../shared/synthetic/index.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { commandList } from '../command-list.js';
import { CliUsageError } from '../cli-error.js';

export interface GenerateCliOptions {
  out: string;
  seed: number;
  scale: number;
  dirty: number;
}

export interface GenerateSummary {
  centers: number;
  runs: number;
  dirtied: number;
  files: number;
  out: string;
}

interface Output {
  write(text: string): unknown;
  isTTY?: boolean;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!/^-?\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) {
    throw new InvalidArgumentError('the seed must be a whole number, e.g. --seed 7.');
  }
  return n;
}

function parseScale(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0 || n > 1000) {
    throw new InvalidArgumentError('the scale must be a number above 0 and at most 1000, e.g. --scale 40.');
  }
  return n;
}

function parseRate(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
    throw new InvalidArgumentError('the dirty rate must be between 0 and 1, e.g. --dirty 0.01.');
  }
  return n;
}

/**
 * Generates the registry into `options.out`, one center at a time (so large scales stay within memory), with
 * progress on `stderr`. When rows were dirtied, `dirtied.json` lists them (center, row, kind, columns).
 *
 * @returns what was written, for the one-line summary
 */
export function runGenerate(options: GenerateCliOptions, stderr: Output = process.stderr): GenerateSummary {
  const generateOptions = { seed: options.seed, scale: options.scale, dirtyRate: options.dirty };
  const plan = planRegistry(generateOptions);
  mkdirSync(options.out, { recursive: true });
  const dirtied: DirtyRow[] = [];
  let runs = 0;
  let files = 0;
  let lastTenth = -1;
  for (const center of iterateRegistry(generateOptions)) {
    writeFileSync(join(options.out, `${center.centerId}.csv`), toCsv(center.rows, center.rawCells));
    files += 1;
    runs += center.rows.length;
    dirtied.push(...center.dirtied);
    const progress = `generate: ${files}/${plan.centers.length} centers, ${runs}/${plan.totalRuns} runs`;
    if (stderr.isTTY) {
      stderr.write(`\r${progress}`);
    } else if (Math.floor((10 * files) / plan.centers.length) !== lastTenth) {
      lastTenth = Math.floor((10 * files) / plan.centers.length);
      stderr.write(`${progress}\n`);
    }
  }
  if (stderr.isTTY) stderr.write('\n');
  if (dirtied.length > 0) {
    writeFileSync(join(options.out, 'dirtied.json'), `${JSON.stringify(dirtied, null, 1)}\n`);
    files += 1;
  }
  return { centers: plan.centers.length, runs, dirtied: dirtied.length, files, out: options.out };
}

/** The one-line summary printed on stdout. */
export function formatSummary(summary: GenerateSummary): string {
  const dirty = summary.dirtied > 0 ? ` (${summary.dirtied} dirtied, listed in dirtied.json)` : '';
  return `generated ${summary.centers} centers, ${summary.runs} runs${dirty}: ${summary.files} files in ${summary.out}`;
}

/** Bad usage exits 2 (commander has already printed what was wrong); --help exits 0. */
function exitOnUsageError(error: CommanderError): never {
  process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE);
}

/** The `generate` subcommand, for cli/main.ts to register with `program.addCommand(generateCommand())`. */
export function generateCommand(): Command {
  return new Command('generate')
    .description(commandList.generate.description)
    .requiredOption('--out <dir>', 'directory to write the CSV files into (created if missing)')
    .option('--seed <n>', 'random seed; the same seed gives byte-identical files', parseSeed, DEFAULT_SEED)
    .option('--scale <x>', "multiply every center's volume (e.g. 40 for a benchmark)", parseScale, 1)
    .option('--dirty <rate>', 'per-row rate of injected data-entry errors (0 to 1)', parseRate, 0)
    .addHelpText(
      'after',
      '\nExamples:\n  $ ecls generate --out ./synthetic\n  $ ecls generate --out /tmp/bench --scale 40 --seed 7\n  $ ecls generate --out /tmp/dirty --dirty 0.01\n\nGenerated files are test data: do not commit them.\n',
    )
    .exitOverride(exitOnUsageError)
    .action((options: GenerateCliOptions) => {
      let summary: GenerateSummary;
      try {
        summary = runGenerate(options);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code && ['EACCES', 'EPERM', 'ENOTDIR', 'EROFS', 'EEXIST', 'ENOSPC'].includes(code)) {
          throw new CliUsageError(
            `Cannot write the files into ${options.out} (${code}). Pass a directory you may write to with --out.`,
            { cause: error },
          );
        }
        throw error;
      }
      process.stdout.write(`${formatSummary(summary)}\n`);
    });
}
