/**
 * `ecls report --quarter 2023-Q3 [--final]`: generates and publishes a quarter's report on demand, against the
 * local stack (default) or the deployed stack (`--aws`), with the same pipeline the report Lambdas run.
 */
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import { DynamoRegistryStore, S3ObjectStore } from '../../shared/adapters/index.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportDeps,
} from '../../shared/report/generate-quarter-report.js';
import { isQuarter } from '../../shared/report/quarter-clock.js';
import {
  clientsFor,
  resolveTargetOrExplain,
  stackErrorMessage,
  withTargetOptions,
  type StackTarget,
  type StackTargetOptions,
} from './status.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { commandList } from '../command-list.js';

export interface ReportCommandOptions extends StackTargetOptions {
  quarter: string;
  final?: boolean;
}

/** The report pipeline's dependencies on a stack target, through `clients`, logging each step to `out`. */
export function reportPipelineOn(
  target: StackTarget,
  clients: Pick<Awaited<ReturnType<typeof clientsFor>>, 's3' | 'doc'>,
  clock: () => Date,
  out: { write(text: string): unknown },
): GenerateQuarterReportDeps {
  return {
    objectStore: new S3ObjectStore(clients.s3),
    registryStore: new DynamoRegistryStore(clients.doc, { tableName: target.tableName }),
    buckets: { data: target.buckets.data, reports: target.buckets.reports },
    clock,
    log: (line) => out.write(`${line}\n`),
  };
}

/** Runs the report; returns the exit code (0 published or already final, 1 failed). */
export async function runReport(
  options: ReportCommandOptions,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const target = resolveTargetOrExplain(options);
  // Locally the command is the report function: its role, its grants.
  const clients = await clientsFor(target, { function: 'report' });
  try {
    const result = await generateQuarterReport(
      reportPipelineOn(target, clients, () => new Date(), out),
      { quarter: options.quarter, final: options.final === true },
    );
    if (result.outcome === 'already-final') {
      out.write(
        `${result.quarter} is final (v${result.pointer.version}): ${result.pointer.path}index.html\n`,
      );
      return 0;
    }
    if (result.outcome === 'superseded') {
      out.write(
        `${result.quarter}: a newer build's v${result.current.version} is current ` +
          `(${result.current.path}index.html); this build's version was not made current\n`,
      );
      return 0;
    }
    out.write(`published (${target.buckets.reports}):\n`);
    for (const site of result.sites) out.write(`  ${site.indexKey}\n`);
    return 0;
  } catch (error) {
    err.write(`ecls report: ${stackErrorMessage(error)}\n`);
    return 1;
  } finally {
    clients.destroy();
  }
}

function quarterOption(value: string): string {
  if (!isQuarter(value)) throw new InvalidArgumentError(`"${value}" is not a quarter like 2023-Q3.`);
  return value;
}

/** The `report` subcommand. */
export function reportCommand(): Command {
  return withTargetOptions(
    new Command('report')
      .description(commandList.report.description)
      .requiredOption('--quarter <quarter>', 'the quarter, e.g. 2023-Q3', quarterOption)
      .option(
        '--final',
        'publish as final (the quarter must have closed; a final quarter is never replaced)',
      ),
  )
    .addHelpText('after', '\nExample:\n  $ ecls report --quarter 2023-Q3 --final\n')
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async (options: ReportCommandOptions) => {
      process.exitCode = await runReport(options);
    });
}
