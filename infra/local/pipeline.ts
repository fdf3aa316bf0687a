/**
 * The event-driven part of the registry on the local stack, as in AWS: uploads → S3 notification → ingest queue →
 * ingest function → "quarter stale" → report queue (debounced) → report function. Each function's JSON log is in
 * `{dataDir}/logs/` (rotated by size), each queue's dead letters in `{dataDir}/queues/`. `onEvent` tells a
 * listener (npm start's terminal) what happens: uploads received, verdicts sent, reports published.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createLocalRuntime, type LocalRuntime } from './function-runtime.js';
import { connectIngest, type IngestWiring } from './ingest-wiring.js';
import type { LocalStack } from './local-stack.js';
import { type PipelineEvent, reportEventOf, verdictNoticeOf } from './narration.js';
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
  /**
   * Subscribes to what the pipeline does: each object created in the uploads bucket, each verdict notice sent,
   * each failed ingest delivery and each report the report function publishes. Returns the unsubscribe function.
   */
  onEvent(listener: (event: PipelineEvent) => void): () => void;
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
  const listeners = new Set<(event: PipelineEvent) => void>();
  const emit = (event: PipelineEvent): void => {
    for (const listener of listeners) listener(event);
  };
  const unsubscribe = [
    stack.onObjectEvent((event) => {
      for (const record of event.Records) {
        if (record.s3.bucket.name !== stack.buckets.uploads || !record.eventName.startsWith('ObjectCreated'))
          continue;
        const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
        emit({ kind: 'upload-received', key, bytes: record.s3.object.size ?? 0 });
      }
    }),
    runtime.onPublish((message) => {
      const notice = verdictNoticeOf(message.message);
      if (notice) emit({ kind: 'verdict', notice });
    }),
    ingest.onRecordDone((key, ok) => {
      if (!ok) emit({ kind: 'ingest-retry', key });
    }),
    reports.onReport((result) => {
      const event = reportEventOf(result);
      if (event) emit(event);
    }),
  ];
  return {
    ingest,
    reports,
    runtime,
    logDir,
    async drain() {
      await ingest.drain();
      await reports.drain();
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      for (const off of unsubscribe) off();
      ingest.close();
      reports.close();
    },
  };
}
