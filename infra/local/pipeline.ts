/**
 * The event-driven part of the registry on the local stack, as in AWS: uploads → S3 notification → ingest queue →
 * ingest function → "quarter stale" → report queue (debounced) → report function. Each function's JSON log is in
 * `{dataDir}/logs/`, each queue's dead letters in `{dataDir}/queues/`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalRuntime, type LocalRuntime } from './function-runtime.js';
import { connectIngest, type IngestWiring } from './ingest-wiring.js';
import type { LocalStack } from './local-stack.js';
import { connectReports, type ReportWiring } from './report-wiring.js';

/** Both functions wired to the stack. */
export interface LocalPipeline {
  ingest: IngestWiring;
  reports: ReportWiring;
  /** The synthesized deployment, its IAM and the local queues. */
  runtime: LocalRuntime;
  logDir: string;
  /** Waits until both queues are idle: every upload ingested and every stale quarter it caused handled. */
  drain(): Promise<void>;
  /** Disconnects the notifications and stops both queues (pending messages are dropped). */
  close(): void;
}

/** Options of {@link connectPipeline}. */
export interface LocalPipelineOptions {
  /** The report queue's batching window (ms); see connectReports. */
  reportWindowMs?: number;
  /** Default: a runtime for `stack` with the checkout's synthesized deployment. */
  runtime?: LocalRuntime;
}

/** Wires the ingest and report functions to the stack; the ingest function's stale events feed the report queue. */
export function connectPipeline(stack: LocalStack, options: LocalPipelineOptions = {}): LocalPipeline {
  const logDir = join(stack.dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const runtime =
    options.runtime ?? createLocalRuntime(stack, { topicLogFile: join(logDir, 'verdict-notices.log') });
  const reports = connectReports(stack, {
    logFile: join(logDir, 'report.log'),
    runtime,
    ...(options.reportWindowMs === undefined ? {} : { batchingWindowMs: options.reportWindowMs }),
  });
  const ingest = connectIngest(stack, { logFile: join(logDir, 'ingest.log'), runtime });
  return {
    ingest,
    reports,
    runtime,
    logDir,
    async drain() {
      await ingest.drain();
      await reports.drain();
    },
    close() {
      ingest.close();
      reports.close();
    },
  };
}
