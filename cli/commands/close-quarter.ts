/**
 * `ecls close-quarter [--grace-days N] [--at DATE]`: fires the scheduled quarterly run by hand. It sends the
 * close-quarter function the input EventBridge Scheduler sends it every day (`{ action: 'close-quarter-if-due',
 * graceDays }`) and runs that function's code against the local stack (default) or the deployed stack (`--aws`).
 * `--at` runs it as the schedule would have on that date, e.g. to finalise 2023-Q3 on the synthetic registry.
 */
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import { closeQuarterIfDue, type CloseQuarterEvent } from '../../shared/app/close-quarter-if-due.js';
import { DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS } from '../../shared/report/quarter-clock.js';
import {
  clientsFor,
  resolveStackTarget,
  stackErrorMessage,
  withTargetOptions,
  type StackTargetOptions,
} from './status.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { reportPipelineOn } from './report.js';

export interface CloseQuarterCliOptions extends StackTargetOptions {
  graceDays: number;
  /** The date the run pretends it is (the function's clock). Default: now. */
  at?: Date;
}

/** Runs the close-quarter function once; returns the exit code (0 finalised, nothing due or final already; 1 failed). */
export async function runCloseQuarter(
  options: CloseQuarterCliOptions,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const target = resolveStackTarget(options);
  // Locally the command is the close-quarter function: its role, its grants.
  const clients = await clientsFor(target, { function: 'close-quarter' });
  const at = options.at;
  const event: CloseQuarterEvent = { action: 'close-quarter-if-due', graceDays: options.graceDays };
  try {
    const result = await closeQuarterIfDue(
      event,
      reportPipelineOn(target, clients, () => at ?? new Date(), out),
    );
    switch (result.outcome) {
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
      .description(
        'Fire the scheduled quarterly run by hand: finalise the last closed quarter once its grace period has passed',
      )
      .option(
        '--grace-days <n>',
        'days between a quarter’s end and its final report',
        graceOption,
        DEFAULT_GRACE_DAYS,
      )
      .option('--at <date>', 'run as the daily schedule would on this date (default: now)', dateOption),
  )
    .addHelpText(
      'after',
      `
Exit codes: 0 finalised, nothing due or final already; 1 failed; 2 bad usage.

Examples:
  $ ecls close-quarter
  $ ecls close-quarter --at 2023-10-31 --grace-days 30    # finalises 2023-Q3 of the synthetic registry`,
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async (options: CloseQuarterCliOptions) => {
      process.exitCode = await runCloseQuarter(options);
    });
}
