/**
 * The report function wired to the local stack as the CDK stack wires it in AWS: "quarter stale" messages on the
 * report queue (a batching window gathers a burst into one invocation: the debounce; three receives, then the
 * dead-letter directory) → the report Lambda's code (`processReportBatch`) with the dependencies its handler
 * builds from the environment. The same dependencies serve the two other triggers, on demand (`ecls report`,
 * `npm start`) and the scheduled close-quarter run fired by hand (`ecls close-quarter`).
 */
import { createWriteStream } from 'node:fs';
import { processReportBatch, type QuarterDecision } from '../../functions/report/process-report-batch.js';
import { reportDependenciesFromEnv, reportEnv } from '../../functions/report/report-dependencies.js';
import { queues } from '../../shared/config/resources.js';
import type { GenerateQuarterReportDeps } from '../../shared/report/generate-quarter-report.js';
import { createLocalQueue, type LocalQueue } from './local-queue.js';
import type { LocalStack } from './local-stack.js';

/** The AWS mapping gathers for up to 300 s; locally a few seconds show the same debounce without the wait. */
export const defaultLocalReportWindowMs = 3000;

/** The report function wired to the stack. */
export interface ReportWiring {
  queue: LocalQueue;
  /** The report pipeline's dependencies, as the report Lambda builds them from its environment. */
  deps: GenerateQuarterReportDeps;
  /** Every per-quarter decision of the report function since the wiring started, oldest first. */
  decisions: QuarterDecision[];
  /** Called after each invocation with its decisions; returns the unsubscribe function. */
  onDecisions(listener: (decisions: QuarterDecision[]) => void): () => void;
  /** Waits until the queue is idle (every gathered message delivered, retried or dead-lettered). */
  drain(): Promise<void>;
  close(): void;
}

/** Options of {@link connectReports}. */
export interface ReportWiringOptions {
  /** The pipeline's progress lines are appended here, as JSON lines (one per step), like the Lambda's log. */
  logFile: string;
  /** The batching window (ms). Default {@link defaultLocalReportWindowMs}. */
  batchingWindowMs?: number;
}

/**
 * The report pipeline's dependencies for the local stack: `reportDependenciesFromEnv` on the environment the CDK
 * stack gives the report functions, with the local endpoints; `log` goes to `log` instead of stdout.
 */
export function localReportDependencies(
  stack: LocalStack,
  service: string,
  log: (line: string) => void,
): GenerateQuarterReportDeps {
  const env = {
    [reportEnv.dataBucket]: stack.buckets.data,
    [reportEnv.reportsBucket]: stack.buckets.reports,
    [reportEnv.table]: stack.tableName,
    [reportEnv.s3Endpoint]: stack.endpoints.s3,
    [reportEnv.dynamodbEndpoint]: stack.endpoints.dynamodb,
  };
  return { ...reportDependenciesFromEnv(service, env), log };
}

/**
 * Creates the report queue (batch size 1000 and a batching window, as the CDK event source mapping; one
 * invocation at a time) and delivers its batches to `processReportBatch`, which regenerates each stale quarter
 * once per batch. The ingest wiring sends to `queue`.
 */
export function connectReports(stack: LocalStack, options: ReportWiringOptions): ReportWiring {
  const logStream = createWriteStream(options.logFile, { flags: 'a' });
  const log = (line: string): void => {
    logStream.write(
      `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service: 'report', message: line })}\n`,
    );
  };
  const deps = localReportDependencies(stack, 'report', log);
  const decisions: QuarterDecision[] = [];
  const listeners = new Set<(decisions: QuarterDecision[]) => void>();
  const queue = createLocalQueue({
    name: queues.report,
    deadLetterName: queues.reportDeadLetter,
    dataDir: stack.dataDir,
    functionName: 'report',
    batchSize: 1000,
    batchingWindowMs: options.batchingWindowMs ?? defaultLocalReportWindowMs,
    timeoutMs: 10 * 60_000,
    handler: (event) =>
      processReportBatch(event, deps, {
        onDecisions: (batch) => {
          decisions.push(...batch);
          for (const listener of listeners) listener(batch);
        },
      }),
    onHandlerError: (error) =>
      logStream.write(`${JSON.stringify({ level: 'error', service: 'report', message: String(error) })}\n`),
  });
  return {
    queue,
    deps,
    decisions,
    onDecisions(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain: () => queue.drain(),
    close() {
      queue.close();
      logStream.end();
    },
  };
}
