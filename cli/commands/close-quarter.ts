/**
 * `ecls close-quarter [--grace-days N] [--at DATE]`: fires the scheduled quarterly run by hand. It sends the
 * close-quarter function the input EventBridge Scheduler sends it every day (`{ action: 'close-quarter-if-due',
 * graceDays }`) and runs that function's code against the local stack (default) or the deployed stack (`--aws`).
 * `--at` runs it as the schedule would have on that date, e.g. to finalise 2023-Q3 on the synthetic registry.
 */
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import {
  closeQuarterByHand,
  planCloseQuarter,
  type CloseQuarterEvent,
} from '../../shared/app/close-quarter-if-due.js';
import { DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS } from '../../shared/report/quarter-clock.js';
import {
  clientsFor,
  resolveTargetOrExplain,
  stackErrorMessage,
  withTargetOptions,
  type StackTargetOptions,
} from './status.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { commandList } from '../command-list.js';
import { reportPipelineOn } from './report.js';

export interface CloseQuarterCliOptions extends StackTargetOptions {
  graceDays: number;
  /** The date the run pretends it is (the function's clock). Default: now. */
  at?: Date;
  /** Finalise the quarter even when no run started in it. */
  force?: boolean;
  /** Say what would be finalised, and change nothing. */
  dryRun?: boolean;
}

/**
 * Runs the close-quarter function once, after saying what it would finalise (quarter, runs, centers). Returns
 * the exit code: 0 finalised, nothing due or final already (or a dry run); 1 failed; 2 the due quarter has no
 * runs and `force` was not given.
 */
export async function runCloseQuarter(
  options: CloseQuarterCliOptions,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const target = resolveTargetOrExplain(options);
  // Locally the command is the close-quarter function: its role, its grants.
  const clients = await clientsFor(target, { function: 'close-quarter' });
  const at = options.at;
  const event: CloseQuarterEvent = { action: 'close-quarter-if-due', graceDays: options.graceDays };
  const deps = reportPipelineOn(target, clients, () => at ?? new Date(), out);
  try {
    const plan = await planCloseQuarter(event, deps);
    if (plan.outcome === 'due') {
      const from =
        plan.centers.length === 0
          ? 'no center'
          : `${plan.centers.length} centers (${plan.centers.join(', ')})`;
      out.write(
        `${plan.quarter} is due (${plan.graceDays} days of grace have passed): ${plan.runs} runs started in it, from ${from}. ` +
          `${options.dryRun ? 'Dry run: nothing finalised.' : 'Finalising it; a final report never changes.'}\n`,
      );
      if (plan.runs === 0 && !options.force && !options.dryRun) {
        err.write(
          `ecls close-quarter: ${plan.quarter} has no runs in any active center's current data, so it was not finalised. ` +
            `If this is the quarter you mean, pass --force; else pick the date with --at (e.g. --at 2023-10-31 for 2023-Q3).\n`,
        );
        return USAGE_EXIT_CODE;
      }
    }
    if (options.dryRun) {
      if (plan.outcome === 'nothing-due')
        out.write(`nothing to close on ${(at ?? new Date()).toISOString()} (grace ${plan.graceDays} days)\n`);
      if (plan.outcome === 'already-final')
        out.write(`${plan.quarter} is final already (v${plan.version})\n`);
      return 0;
    }
    const result = await closeQuarterByHand(event, deps, { force: options.force === true, plan });
    switch (result.outcome) {
      case 'no-runs':
        // Runs disappeared between the plan and the run (a snapshot upload replaced a center's data).
        err.write(`ecls close-quarter: ${result.quarter} has no runs now; it was not finalised.\n`);
        return USAGE_EXIT_CODE;
      case 'nothing-due':
        out.write(
          `nothing to close on ${(at ?? new Date()).toISOString()} (grace ${result.graceDays} days)\n`,
        );
        break;
      case 'already-final':
        out.write(`${result.quarter} is final already (v${result.version})\n`);
        break;
      case 'finalised':
        out.write(`${result.quarter} is final (v${result.version}), in bucket ${target.buckets.reports}:\n`);
        for (const key of result.keys) out.write(`  ${key}\n`);
        break;
    }
    return 0;
  } catch (error) {
    err.write(`ecls close-quarter: ${stackErrorMessage(error)}\n`);
    return 1;
  } finally {
    clients.destroy();
  }
}

function graceOption(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > MAX_GRACE_DAYS) {
    throw new InvalidArgumentError(`give whole days from 0 to ${MAX_GRACE_DAYS}, e.g. --grace-days 30.`);
  }
  return n;
}

function dateOption(value: string): Date {
  const date = new Date(value);
  if (Number.isNaN(date.getTime()))
    throw new InvalidArgumentError(`"${value}" is not a date like 2023-10-31.`);
  return date;
}

/** The `close-quarter` subcommand. */
export function closeQuarterCommand(): Command {
  return withTargetOptions(
    new Command('close-quarter')
      .description(commandList['close-quarter'].description)
      .option(
        '--grace-days <n>',
        'days between a quarter’s end and its final report',
        graceOption,
        DEFAULT_GRACE_DAYS,
      )
      .option('--at <date>', 'run as the daily schedule would on this date (default: now)', dateOption)
      .option('--force', 'finalise the due quarter even when no run started in it')
      .option('--dry-run', 'say which quarter would be finalised, with its runs and centers; change nothing'),
  )
    .addHelpText(
      'after',
      `
It first says what it would finalise (the quarter, its runs, their centers) and refuses a quarter in which no
run started unless --force is given: a final report never changes.

Exit codes: 0 finalised, nothing due, final already or a dry run; 1 failed; 2 bad usage or a quarter with no runs.

Examples:
  $ ecls close-quarter --dry-run
  $ ecls close-quarter --at 2023-10-31 --grace-days 30    # finalises 2023-Q3 of the synthetic registry`,
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async (options: CloseQuarterCliOptions) => {
      process.exitCode = await runCloseQuarter(options);
    });
}
