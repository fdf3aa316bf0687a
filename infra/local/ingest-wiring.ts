/**
 * The ingest function wired to the local stack as the synthesized template wires it in AWS: the uploads
 * bucket's notification (its filters) → the ingest queue (the event source mapping's batch size, the redrive
 * policy's receive count, then the dead-letter directory) → the ingest handler's code with the dependencies the
 * composition root builds from the function's synthesized environment, under its role's IAM policies. Its
 * "quarter stale" messages go through SQS SendMessageBatch to the local report queue.
 */
import { ingestUploadBatch } from '../../shared/app/ingest-upload-batch.js';
import { ingestDependencies } from '../../shared/adapters/composition-root.js';
import { createJsonLogger, type QuarterStaleEvent } from '../../shared/ingest/index.js';
import { createLocalRuntime, localFunction, type LocalRuntime, queueSettingsOf } from './function-runtime.js';
import { createLocalQueue, type LocalQueue } from './local-queue.js';
import type { LocalStack } from './local-stack.js';
import { openRotatingLog } from './rotating-log.js';
import { connectS3Notifications } from './s3-notification.js';

/** The ingest function wired to the stack: S3 notification → local queue (with DLQ) → the handler's code. */
export interface IngestWiring {
  queue: LocalQueue;
  /** Quarters marked stale by ingestion since the wiring started (also sent to the report queue, if any). */
  staleEvents: QuarterStaleEvent[];
  /** Called after each delivered record (succeeded or to be retried) with its object key and outcome. */
  onRecordDone(listener: (key: string, ok: boolean) => void): () => void;
  /** Waits until the queue is idle. */
  drain(): Promise<void>;
  close(): void;
}

/** Options of {@link connectIngest}. */
export interface IngestWiringOptions {
  /** The handler's JSON log lines go here (appended, rotated by size) instead of the terminal. */
  logFile: string;
  /** The runtime (deployment, IAM, queues); default: a new one for `stack`. */
  runtime?: LocalRuntime;
}

/**
 * Wires the ingest function to the stack's uploads bucket as the template does. Its JSON logs go to `logFile`;
 * its stale-quarter messages go to the runtime's report queue when one is wired (connectReports), and are
 * collected in `staleEvents` either way.
 */
export function connectIngest(stack: LocalStack, options: IngestWiringOptions): IngestWiring {
  const runtime = options.runtime ?? createLocalRuntime(stack);
  const fn = localFunction(runtime, 'ingest');
  const log = openRotatingLog(options.logFile);
  const staleEvents: QuarterStaleEvent[] = [];
  const deps = ingestDependencies(fn.environment, fn.clients, {
    logger: createJsonLogger((line) => log.write(line)),
  });
  const publisher = deps.stalePublisher;
  deps.stalePublisher = {
    publish: async (events) => {
      staleEvents.push(...events);
      // Without a wired report queue the events are only collected (tests of ingestion alone).
      if (fn.environment.reportQueueUrl && runtime.queues.has(fn.environment.reportQueueUrl)) {
        await publisher.publish(events);
      }
    },
  };
  const listeners = new Set<(key: string, ok: boolean) => void>();
  const settings = queueSettingsOf(runtime, 'ingest');
  const queue = createLocalQueue({
    ...settings.options,
    dataDir: stack.dataDir,
    handler: async (event) => {
      const response = await ingestUploadBatch(event, deps);
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      for (const record of event.Records) {
        const s3Key = (JSON.parse(record.body) as { Records?: { s3: { object: { key: string } } }[] })
          .Records?.[0]?.s3.object.key;
        const key = s3Key === undefined ? '' : decodeURIComponent(s3Key.replace(/\+/g, ' '));
        for (const listener of listeners) listener(key, !failed.has(record.messageId));
      }
      return response;
    },
    onHandlerError: (error) => log.write(JSON.stringify({ level: 'error', message: String(error) })),
  });
  runtime.queues.set(settings.queue.url, queue);
  const disconnects = runtime.deployment.notifications
    .filter((n) => n.queueArn === settings.queue.arn)
    .map((n) => connectS3Notifications(stack, queue, n));
  return {
    queue,
    staleEvents,
    onRecordDone(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain: () => queue.drain(),
    close() {
      for (const disconnect of disconnects) disconnect();
      runtime.queues.delete(settings.queue.url);
      queue.close();
      log.end();
    },
  };
}
