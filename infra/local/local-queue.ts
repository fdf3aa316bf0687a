import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { LocalStackError } from './errors.js';
import type {
  LambdaContext,
  S3Event,
  SQSBatchHandler,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
} from './event-types.js';
import { localRegion } from './sdk-clients.js';

/** Options of {@link createLocalQueue}. */
export interface LocalQueueOptions {
  /** Queue name, e.g. `queues.ingest`; it appears in each record's eventSourceARN. */
  name: string;
  /** Dead-letter queue name, e.g. `queues.ingestDeadLetter`. Default `<name>-dlq`. */
  deadLetterName?: string;
  /** Receives the batches; returns the ids of failed records in `batchItemFailures`. */
  handler: SQSBatchHandler;
  /** Dead letters are written to `<dataDir>/queues/<deadLetterName>/`, one JSON file per message. */
  dataDir: string;
  /** Most records per invocation (Lambda's BatchSize). Default 10. */
  batchSize?: number;
  /**
   * How long to gather records before invoking (Lambda's MaximumBatchingWindowInSeconds, in ms): the first
   * message of a batch starts the window, and the batch goes when the window ends or `batchSize` records are
   * waiting. This is the report queue's debounce. Default 0: deliver on the next tick.
   */
  batchingWindowMs?: number;
  /** Receives before a message moves to the dead-letter queue (the redrive policy's maxReceiveCount). Default 3. */
  maxReceiveCount?: number;
  /** Delay before redelivery after the n-th failed receive (ms). Default 200·2^(n-1), at most 5 s. */
  backoffMs?: (receiveCount: number) => number;
  /** The Lambda function name in the context. Default: the queue name. */
  functionName?: string;
  /** The Lambda timeout the context counts down from (ms); not enforced. Default 30000. */
  timeoutMs?: number;
  /** Told when the handler throws or fails records, so failures are not silent. Default: log to stderr. */
  onHandlerError?: (error: unknown, event: SQSEvent) => void;
}

/** A message that failed `maxReceiveCount` times, as written to the dead-letter directory. */
export interface DeadLetter {
  queue: string;
  deadLetterQueue: string;
  deadLetteredAt: string;
  receiveCount: number;
  /** The handler's error, when it threw; undefined when it only reported the record in batchItemFailures. */
  lastError?: string;
  /** The record as last delivered. */
  record: SQSRecord;
}

/** Counters for scripts and tests. */
export interface LocalQueueStats {
  ready: number;
  inFlight: number;
  delayed: number;
  invocations: number;
  deleted: number;
  deadLettered: number;
}

/** An in-process stand-in for an SQS queue with a Lambda event source mapping and a redrive policy. */
export interface LocalQueue {
  readonly name: string;
  readonly deadLetterDir: string;
  /** Enqueues one message; returns its messageId. */
  send(body: string): string;
  /** Enqueues an S3 notification as S3 does: one message per record, each body a one-record event. */
  sendS3Event(event: S3Event): string[];
  /** Resolves when nothing is ready, in flight or waiting for a retry, and every dead letter is written. */
  drain(): Promise<void>;
  /** Reads the dead letters back from disk, oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  stats(): LocalQueueStats;
  /** Stops delivering: cancels pending retries and drops undelivered messages. */
  close(): void;
}

/** Writing a dead letter failed; the message is lost locally, so drain() rejects with this. */
export class DeadLetterWriteError extends LocalStackError {}

interface QueuedMessage {
  messageId: string;
  body: string;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  receiveCount: number;
  lastError?: string;
}

const defaultBackoffMs = (receiveCount: number): number => Math.min(5000, 200 * 2 ** (receiveCount - 1));

/** SQS ARNs need an account id; LocalStack and the SAM CLI use this dummy one too. */
const localAccountId = '000000000000';

/**
 * Creates a local queue that delivers batches to `handler` the way a Lambda SQS event source mapping with
 * ReportBatchItemFailures does: records named in `batchItemFailures` (or the whole batch, if the handler throws or
 * names an id that was not in the batch) are redelivered after a backoff with ApproximateReceiveCount raised,
 * and after `maxReceiveCount` receives they move to the dead-letter directory. Batches are delivered one at a
 * time, which keeps local runs reproducible. It knows nothing of any specific handler.
 */
export function createLocalQueue(options: LocalQueueOptions): LocalQueue {
  const name = options.name;
  const deadLetterName = options.deadLetterName ?? `${name}-dlq`;
  const deadLetterDir = join(options.dataDir, 'queues', deadLetterName);
  const batchSize = options.batchSize ?? 10;
  const batchingWindowMs = options.batchingWindowMs ?? 0;
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const onHandlerError =
    options.onHandlerError ??
    ((error: unknown) =>
      process.stderr.write(`[${name}] handler failed: ${(error as Error)?.message ?? String(error)}\n`));
  const eventSourceARN = `arn:aws:sqs:${localRegion}:${localAccountId}:${name}`;
  const functionName = options.functionName ?? name;

  const ready: QueuedMessage[] = [];
  const delayed = new Set<NodeJS.Timeout>();
  let windowTimer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let pendingWrites = 0;
  let pumping = false;
  let closed = false;
  let writeFailure: DeadLetterWriteError | undefined;
  const idleWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const counters = { invocations: 0, deleted: 0, deadLettered: 0 };

  function isIdle(): boolean {
    return ready.length === 0 && inFlight === 0 && delayed.size === 0 && pendingWrites === 0 && !pumping;
  }

  function notifyIfIdle(): void {
    if (!isIdle() && !closed) return;
    for (const waiter of idleWaiters.splice(0)) {
      if (writeFailure) waiter.reject(writeFailure);
      else waiter.resolve();
    }
  }

  function schedulePump(): void {
    if (pumping || closed) return;
    if (batchingWindowMs > 0 && ready.length < batchSize) {
      // Gather: the first waiting message opens the window; later ones join the same batch.
      windowTimer ??= setTimeout(() => {
        windowTimer = undefined;
        startPump();
      }, batchingWindowMs);
      return;
    }
    startPump();
  }

  function startPump(): void {
    if (pumping || closed) return;
    if (windowTimer !== undefined) {
      clearTimeout(windowTimer);
      windowTimer = undefined;
    }
    pumping = true;
    // Deliver on a later tick so messages sent together (one S3 request, a loop of sends) share a batch.
    setImmediate(() => {
      void pump();
    });
  }

  function toRecord(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: randomBytes(48).toString('base64'),
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: localAccountId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
      },
      messageAttributes: {},
      md5OfBody: createHash('md5').update(message.body).digest('hex'),
      eventSource: 'aws:sqs',
      eventSourceARN,
      awsRegion: localRegion,
    };
  }

  function makeContext(): LambdaContext {
    const deadline = Date.now() + timeoutMs;
    return {
      callbackWaitsForEmptyEventLoop: true,
      functionName,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccountId}:function:${functionName}`,
      memoryLimitInMB: '1024',
      awsRequestId: randomUUID(),
      logGroupName: `/aws/lambda/${functionName}`,
      logStreamName: 'local',
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
  }

  /** Which messages of the batch failed, by Lambda's rules for partial batch responses. */
  function failedIds(batch: QueuedMessage[], response: SQSBatchResponse | undefined): Set<string> {
    const all = new Set(batch.map((m) => m.messageId));
    const failures = response?.batchItemFailures ?? [];
    const named = new Set<string>();
    for (const failure of failures) {
      // An empty or unknown id makes Lambda treat the whole batch as failed.
      if (!failure?.itemIdentifier || !all.has(failure.itemIdentifier)) return all;
      named.add(failure.itemIdentifier);
    }
    return named;
  }

  /**
   * Moves the failed messages of one delivery on: to the dead-letter directory after `maxReceiveCount`
   * receives, otherwise back to the queue after their backoff. Messages with the same backoff come back
   * together (one timer), as messages of one failed SQS batch become visible again together.
   */
  function retryOrDeadLetter(failures: { message: QueuedMessage; record: SQSRecord }[]): void {
    const byDelay = new Map<number, QueuedMessage[]>();
    for (const { message, record } of failures) {
      if (message.receiveCount >= maxReceiveCount) {
        writeDeadLetter(message, record);
        continue;
      }
      const delay = backoffMs(message.receiveCount);
      byDelay.set(delay, [...(byDelay.get(delay) ?? []), message]);
    }
    for (const [delay, messages] of byDelay) {
      const timer = setTimeout(() => {
        delayed.delete(timer);
        if (closed) return notifyIfIdle();
        ready.push(...messages);
        schedulePump();
      }, delay);
      delayed.add(timer);
    }
  }

  function writeDeadLetter(message: QueuedMessage, record: SQSRecord): void {
    const deadLetter: DeadLetter = {
      queue: name,
      deadLetterQueue: deadLetterName,
      deadLetteredAt: new Date().toISOString(),
      receiveCount: message.receiveCount,
      lastError: message.lastError,
      record,
    };
    pendingWrites += 1;
    // The time prefix makes a directory listing come out oldest first.
    const file = join(deadLetterDir, `${Date.now().toString().padStart(15, '0')}-${message.messageId}.json`);
    mkdir(deadLetterDir, { recursive: true })
      .then(() => writeFile(file, `${JSON.stringify(deadLetter, null, 2)}\n`))
      .then(
        () => {
          counters.deadLettered += 1;
        },
        (cause: unknown) => {
          writeFailure ??= new DeadLetterWriteError(
            `Could not write dead letter ${file}: ${(cause as Error).message}`,
            {
              cause,
            },
          );
        },
      )
      .finally(() => {
        pendingWrites -= 1;
        notifyIfIdle();
      });
  }

  async function pump(): Promise<void> {
    // With a batching window, one batch per window: what arrives while the handler runs waits for the next one.
    let first = true;
    while (ready.length > 0 && !closed && (first || batchingWindowMs === 0 || ready.length >= batchSize)) {
      first = false;
      const batch = ready.splice(0, batchSize);
      const now = Date.now();
      for (const message of batch) {
        message.receiveCount += 1;
        message.firstReceiveTimestamp ??= now;
      }
      const records = batch.map(toRecord);
      const event: SQSEvent = { Records: records };
      inFlight += batch.length;
      counters.invocations += 1;
      let failed: Set<string>;
      let thrown: unknown;
      try {
        // A handler that returns nothing succeeded for every record.
        const response = (await options.handler(event, makeContext())) as SQSBatchResponse | undefined;
        failed = failedIds(batch, response);
      } catch (error) {
        thrown = error;
        failed = new Set(batch.map((m) => m.messageId));
      }
      inFlight -= batch.length;
      if (failed.size > 0) {
        onHandlerError(thrown ?? new Error(`${failed.size} of ${batch.length} records failed`), event);
      }
      const failures: { message: QueuedMessage; record: SQSRecord }[] = [];
      batch.forEach((message, i) => {
        if (!failed.has(message.messageId)) {
          counters.deleted += 1;
          return;
        }
        message.lastError = thrown === undefined ? undefined : String((thrown as Error)?.stack ?? thrown);
        failures.push({ message, record: records[i]! });
      });
      retryOrDeadLetter(failures);
    }
    pumping = false;
    if (ready.length > 0 && !closed) schedulePump();
    notifyIfIdle();
  }

  function send(body: string): string {
    if (closed) throw new LocalStackError(`Queue ${name} is closed; create a new one to send more messages.`);
    const messageId = randomUUID();
    ready.push({ messageId, body, sentTimestamp: Date.now(), receiveCount: 0 });
    schedulePump();
    return messageId;
  }

  return {
    name,
    deadLetterDir,
    send,
    sendS3Event: (event) => event.Records.map((record) => send(JSON.stringify({ Records: [record] }))),
    drain() {
      return new Promise<void>((resolve, reject) => {
        idleWaiters.push({ resolve, reject });
        notifyIfIdle();
      });
    },
    async deadLetters() {
      let files: string[];
      try {
        files = (await readdir(deadLetterDir)).filter((f) => f.endsWith('.json')).sort();
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return Promise.all(
        files.map(async (f) => JSON.parse(await readFile(join(deadLetterDir, f), 'utf8')) as DeadLetter),
      );
    },
    stats: () => ({ ready: ready.length, inFlight, delayed: delayed.size, ...counters }),
    close() {
      closed = true;
      if (windowTimer !== undefined) clearTimeout(windowTimer);
      windowTimer = undefined;
      for (const timer of delayed) clearTimeout(timer);
      delayed.clear();
      ready.length = 0;
      notifyIfIdle();
    },
  };
}
