/**
 * `npm start`: the whole registry on this machine. It starts the embedded local stack (s3rver and DynamoDB Local
 * in `.local/`), generates the synthetic registry on the first run, uploads every center's exports batch by
 * batch through the real ingest pipeline (dirty files first rejected, then corrected), generates the reports,
 * and serves the site and the verdicts on http://127.0.0.1:8080/ until Ctrl-C. `npm start -- --once` stops after
 * the reports and exits 0, leaving everything in the local buckets.
 *
 * Options: --once, --scale X (default 1), --seed N, --port N (site; default ECLS_SITE_PORT or 8080).
 * Ports of the stack: ECLS_S3_PORT (4569), ECLS_DYNAMODB_PORT (8000); data: ECLS_DATA_DIR (.local/).
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { runningStackFileName, type RunningStackFile } from './commands/status.js';
import {
  installShutdownHandlers,
  LocalStackError,
  startLocalStack,
  type LocalStack,
} from '../infra/local/index.js';
import { runRegistry, type BatchProgress } from '../infra/local/run-registry.js';
import { startSiteServer } from '../infra/local/site-server.js';

const usage = 'usage: npm start [-- --once] [--scale X] [--seed N] [--port N]';

function numberOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) {
    console.error(`--${name} ${value} is not a number. ${usage}`);
    process.exit(2);
  }
  return n;
}

/** One cli-progress bar per batch on a terminal; one summary line per batch otherwise (CI, pipes). */
function batchProgress(): BatchProgress {
  const tty = Boolean(process.stderr.isTTY);
  let bar: cliProgress.SingleBar | undefined;
  return {
    start(label, total) {
      if (!tty) return;
      bar = new cliProgress.SingleBar(
        {
          format: `${label.padEnd(28)} {bar} {value}/{total} uploads | {file}`,
          hideCursor: true,
          stream: process.stderr,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0, { file: '' });
    },
    tick(detail) {
      bar?.increment({ file: detail });
    },
    stop(summary) {
      bar?.stop();
      bar = undefined;
      say(summary);
    },
  };
}

const startedAt = Date.now();
/** A line with the seconds since start, so a slow step shows itself. */
function say(line: string): void {
  console.log(`[${((Date.now() - startedAt) / 1000).toFixed(1).padStart(5)}s] ${line}`);
}

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      options: {
        once: { type: 'boolean', default: false },
        scale: { type: 'string' },
        seed: { type: 'string' },
        port: { type: 'string' },
      },
    }).values;
  } catch (error) {
    console.error(`${(error as Error).message}\n${usage}`);
    return 2;
  }
  const scale = numberOption(args.scale, 'scale', 1);
  const seed = args.seed === undefined ? undefined : numberOption(args.seed, 'seed', 0);
  const sitePort = numberOption(args.port ?? process.env.ECLS_SITE_PORT, 'port', 8080);

  say('starting the local stack (s3rver and DynamoDB Local) …');
  let stack: LocalStack;
  try {
    stack = await startLocalStack();
  } catch (error) {
    if (error instanceof LocalStackError) {
      console.error(`\n${error.name}: ${error.message}`);
      return 1;
    }
    throw error;
  }
  installShutdownHandlers(stack);
  const runningFile = join(stack.dataDir, runningStackFileName);
  const running: RunningStackFile = {
    pid: process.pid,
    endpoints: stack.endpoints,
    buckets: stack.buckets,
    tableName: stack.tableName,
    startedAt: new Date().toISOString(),
  };
  writeFileSync(runningFile, `${JSON.stringify(running, null, 2)}\n`);
  process.on('exit', () => rmSync(runningFile, { force: true }));
  say(`S3 on ${stack.endpoints.s3}, DynamoDB on ${stack.endpoints.dynamodb}, data in ${stack.dataDir}`);

  try {
    const summary = await runRegistry(stack, {
      scale,
      ...(seed === undefined ? {} : { seed }),
      progress: batchProgress(),
      log: say,
    });
    const red = summary.uploads.filter((u) => u.verdict === 'red');
    say(
      `${summary.uploads.length} uploads ingested; ${red.length} red (${red.map((u) => `${u.centerId} ${u.key.split('/').pop()}`).join(', ') || 'none'}), ` +
        `${summary.deadLetters} dead letters`,
    );
  } catch (error) {
    console.error(`\n${(error as Error).name}: ${(error as Error).message}`);
    await stack.stop();
    return 1;
  }

  if (args.once) {
    await stack.stop();
    say(`done: everything is in the local buckets under ${stack.dataDir} ("npm start" serves it).`);
    return 0;
  }

  let site;
  try {
    site = await startSiteServer({
      s3: stack.s3Client(),
      doc: stack.docClient(),
      buckets: stack.buckets,
      tableName: stack.tableName,
      port: sitePort,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    console.error(
      code === 'EADDRINUSE'
        ? `Port ${sitePort} for the site is already in use: stop what listens there, or pick another with --port or ECLS_SITE_PORT.`
        : `The site server failed to start: ${(error as Error).message}`,
    );
    await stack.stop();
    return 1;
  }
  writeFileSync(runningFile, `${JSON.stringify({ ...running, siteUrl: site.url }, null, 2)}\n`);
  console.log(`\nThe registry is running. Open ${site.url}`);
  console.log(
    'In another terminal: npx ecls status · npx ecls upload FILE --center C001. Ctrl-C stops everything.',
  );
  return new Promise<number>(() => undefined); // Runs until Ctrl-C; the shutdown handlers stop Java and exit.
}

process.exitCode = await main();
