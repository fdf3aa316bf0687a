/**
 * `ecls reset`: deletes the local stack's data directory (`.local/`: objects, the DynamoDB file, dead letters
 * and the generated exports), after checking that no `npm start` is using it and that its ports are free.
 */
import { existsSync, rmSync } from 'node:fs';
import { Command, type CommanderError } from 'commander';
import { defaultDataDir, localStackEnv } from '../../infra/local/local-stack.js';
import { assertPortFree } from '../../infra/local/ports.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { readRunningStack } from './status.js';
import { commandList } from '../command-list.js';

/** Runs the reset; returns the exit code (0 deleted or nothing to delete, 1 a stack is running). */
export async function runReset(
  options: { dataDir?: string },
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  const dataDir = options.dataDir ?? (process.env[localStackEnv.dataDir] || defaultDataDir);
  const running = readRunningStack(dataDir);
  if (running) {
    err.write(
      `ecls reset: npm start (pid ${running.pid}) is using ${dataDir}. Stop it with Ctrl-C first, then reset.\n`,
    );
    return 1;
  }
  try {
    await assertPortFree(Number(process.env[localStackEnv.s3Port] || 4569), {
      service: 'S3 (s3rver)',
      option: 's3Port',
      envVar: localStackEnv.s3Port,
    });
    await assertPortFree(Number(process.env[localStackEnv.dynamodbPort] || 8000), {
      service: 'DynamoDB Local',
      option: 'dynamodbPort',
      envVar: localStackEnv.dynamodbPort,
    });
  } catch (error) {
    err.write(`ecls reset: a local stack may still be running. ${(error as Error).message}\n`);
    return 1;
  }
  if (!existsSync(dataDir)) {
    out.write(`nothing to reset: ${dataDir} does not exist\n`);
    return 0;
  }
  rmSync(dataDir, { recursive: true, force: true });
  out.write(`deleted ${dataDir}; the next "npm start" regenerates everything\n`);
  return 0;
}

/** The `reset` subcommand. */
export function resetCommand(): Command {
  return new Command('reset')
    .description(commandList.reset.description)
    .addHelpText(
      'after',
      '\nExit codes: 0 deleted (or nothing to delete), 1 a stack is still running, 2 bad usage.\n\nExample:\n  $ ecls reset\n',
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async () => {
      process.exitCode = await runReset({});
    });
}
