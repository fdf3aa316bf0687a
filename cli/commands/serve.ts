/**
 * `ecls serve`: serves the site and the verdicts from the local buckets over HTTP on loopback. With `npm start`
 * running it reads through that stack; otherwise it starts the local stack itself (on the data in `.local/`)
 * and stops it on Ctrl-C.
 */
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import { installShutdownHandlers, LocalStackError, startLocalStack } from '../../infra/local/index.js';
import { startSiteServer } from '../../infra/local/site-server.js';
import { clientsFor, resolveTargetOrExplain, withTargetOptions, type StackTargetOptions } from './status.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { commandList } from '../command-list.js';

interface ServeCliOptions extends StackTargetOptions {
  port: number;
}

/** Serves until the process is stopped; returns an exit code only when it could not start. */
async function runServe(options: ServeCliOptions): Promise<number> {
  const explicit = options.s3Endpoint !== undefined || options.dynamodbEndpoint !== undefined || options.aws;
  const target = resolveTargetOrExplain(options);
  let clients = await clientsFor(target);
  let reachable = true;
  try {
    await clients.doc.send(new ListTablesCommand({ Limit: 1 }));
  } catch {
    reachable = false;
  }
  if (!reachable && !explicit) {
    clients.destroy();
    process.stderr.write('no local stack is running; starting one on the data in .local/ …\n');
    try {
      const stack = await startLocalStack();
      installShutdownHandlers(stack);
      clients = { s3: stack.s3Client(), doc: stack.docClient(), destroy: () => undefined };
    } catch (error) {
      if (error instanceof LocalStackError) {
        process.stderr.write(`${error.name}: ${error.message}\n`);
        return 1;
      }
      throw error;
    }
  }
  try {
    const site = await startSiteServer({
      s3: clients.s3,
      doc: clients.doc,
      buckets: target.buckets,
      tableName: target.tableName,
      port: options.port,
    });
    process.stdout.write(`serving the registry on ${site.url} (Ctrl-C stops)\n`);
  } catch (error) {
    process.stderr.write(
      (error as NodeJS.ErrnoException).code === 'EADDRINUSE'
        ? `Port ${options.port} is already in use (is "npm start" serving it?). Pick another with --port.\n`
        : `The site server failed to start: ${(error as Error).message}\n`,
    );
    return 1;
  }
  return new Promise<number>(() => undefined);
}

/** The `serve` subcommand. */
export function serveCommand(): Command {
  return withTargetOptions(
    new Command('serve').description(commandList.serve.description).option(
      '--port <n>',
      'port on 127.0.0.1 (default ECLS_SITE_PORT or 8080)',
      (value: string) => {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 65535)
          throw new InvalidArgumentError('give a port, e.g. 8081.');
        return n;
      },
      Number(process.env.ECLS_SITE_PORT || 8080),
    ),
  )
    .addHelpText(
      'after',
      '\nExit codes: runs until Ctrl-C; 1 when it cannot start, 2 bad usage.\n\nExample:\n  $ ecls serve --port 8081\n',
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async (options: ServeCliOptions) => {
      process.exitCode = await runServe(options);
    });
}
