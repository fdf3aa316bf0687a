/**
 * The ingest function wired to the local stack as the CDK stack wires it in AWS: ObjectCreated under `uploads/`
 * → the ingest queue (three receives, then the dead-letter directory) → the ingest Lambda's code with the
 * dependencies its handler builds from the environment. Its "quarter stale" events go to the local report queue
 * with the message body the SQS publisher sends in AWS.
 */
import { createWriteStream } from 'node:fs';
import { dependenciesFromEnv, ingestEnv } from '../../functions/ingest/handler.js';
import { processIngestBatch } from '../../functions/ingest/process-ingest-batch.js';
import { staleMessageBody } from '../../shared/adapters/index.js';
import { queues, topPrefixes } from '../../shared/config/resources.js';
import { createJsonLogger, type QuarterStaleEvent } from '../../shared/ingest/index.js';
import { createLocalQueue, type LocalQueue } from './local-queue.js';
import type { LocalStack } from './local-stack.js';
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
  /** The handler's JSON log lines go here (appended) instead of the terminal. */
  logFile: string;
  /** Where "quarter stale" events are sent, as SqsStalePublisher sends them to the report queue in AWS. */
  reportQueue?: LocalQueue;
}

/**
 * The environment the ingest Lambda gets from the CDK stack, pointed at the local stack; `dependenciesFromEnv`
 * reads it exactly as in AWS. Only the endpoints differ.
 */
function ingestDependencies(stack: LocalStack): ReturnType<typeof dependenciesFromEnv> {
  const env = {
    [ingestEnv.dataBucket]: stack.buckets.data,
    [ingestEnv.table]: stack.tableName,
    [ingestEnv.s3Endpoint]: stack.endpoints.s3,
    [ingestEnv.dynamodbEndpoint]: stack.endpoints.dynamodb,
  };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    return dependenciesFromEnv();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  }
}

/**
 * Wires the ingest function to the stack's uploads bucket: ObjectCreated under `uploads/` → the ingest queue →
 * `processIngestBatch` with the dependencies `dependenciesFromEnv` builds from DATA_BUCKET, TABLE_NAME,
 * S3_ENDPOINT and DYNAMODB_ENDPOINT, as the Lambda would. Its JSON logs go to `logFile`; stale-quarter events
 * go to `reportQueue` (one message per event, the body SqsStalePublisher sends) and are collected.
 */
export function connectIngest(stack: LocalStack, options: IngestWiringOptions): IngestWiring {
  const fromEnv = ingestDependencies(stack);
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const staleEvents: QuarterStaleEvent[] = [];
  const deps = {
    ...fromEnv,
    logger: createJsonLogger((line) => log.write(`${line}\n`)),
    stalePublisher: {
      publish: async (events: readonly QuarterStaleEvent[]) => {
        staleEvents.push(...events);
        for (const event of events) options.reportQueue?.send(staleMessageBody(event));
      },
    },
  };
  const listeners = new Set<(key: string, ok: boolean) => void>();
  const queue = createLocalQueue({
    name: queues.ingest,
    deadLetterName: queues.ingestDeadLetter,
    dataDir: stack.dataDir,
    functionName: 'ingest',
    handler: async (event) => {
      const response = await processIngestBatch(event, deps);
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      for (const record of event.Records) {
        const s3Key = (JSON.parse(record.body) as { Records: { s3: { object: { key: string } } }[] })
          .Records[0]?.s3.object.key;
        const key = s3Key === undefined ? '' : decodeURIComponent(s3Key.replace(/\+/g, ' '));
        for (const listener of listeners) listener(key, !failed.has(record.messageId));
      }
      return response;
    },
    onHandlerError: (error) => log.write(`${JSON.stringify({ level: 'error', message: String(error) })}\n`),
  });
  const disconnect = connectS3Notifications(stack, queue, {
    bucket: stack.buckets.uploads,
    prefix: topPrefixes.uploads,
  });
  return {
    queue,
    staleEvents,
    onRecordDone(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain: () => queue.drain(),
    close() {
      disconnect();
      queue.close();
      log.end();
    },
  };
}
