import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
import { localAccount } from './deployment/local-deployment.js';
import { localRegion } from './sdk-clients.js';

/** Options of {@link createLocalQueue}. */
export interface LocalQueueOptions {
  /** Queue name, e.g. `queues.ingest`; it appears in each record's eventSourceARN. */
  name: string;
  /** Dead-letter queue name, e.g. `queues.ingestDeadLetter`. Default `<name>-dlq`. */
  deadLetterName?: string;
  /** Receives the batches; returns the ids of failed records in `batchItemFailures`. */
  handler: SQSBatchHandler;
  /**
   * Where the queue keeps its messages, as SQS keeps them durably: every message from send() until it is
   * deleted (handler success) or dead-lettered is a JSON file in `<dataDir>/queues/<name>/messages/`, and a new
   * queue of the same name on the same directory redelivers them. Dead letters go to
   * `<dataDir>/queues/<deadLetterName>/`, one JSON file per message. One live queue per name and directory.
   */
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
  /** Messages a previous queue of this name left on disk (a crash or close()), taken over at creation. */
  recovered: number;
}

/** A message as kept on disk from send() until it is deleted or dead-lettered. */
export interface PersistedMessage {
  queue: string;
  messageId: string;
  body: string;
  sentTimestamp: number;
  firstReceiveTimestamp?: number;
  /** Receives so far, written before each delivery, so a crash during the handler still counts as one. */
  receiveCount: number;
  lastError?: string;
}

/** An in-process stand-in for an SQS queue with a Lambda event source mapping and a redrive policy. */
export interface LocalQueue {
  readonly name: string;
  readonly deadLetterDir: string;
  /** Where messages wait until they are deleted or dead-lettered (see {@link LocalQueueOptions.dataDir}). */
  readonly messageDir: string;
  /**
   * Enqueues one message, on disk before it returns; returns its messageId.
   * @throws {QueuePersistenceError} if the message cannot be written.
   */
  send(body: string): string;
  /** Enqueues an S3 notification as S3 does: one message per record, each body a one-record event. */
  sendS3Event(event: S3Event): string[];
  /** Resolves when nothing is ready, in flight or waiting for a retry, and every dead letter is written. */
  drain(): Promise<void>;
  /** Reads the dead letters back from disk, oldest first. */
  deadLetters(): Promise<DeadLetter[]>;
  stats(): LocalQueueStats;
  /**
   * Stops delivering: cancels pending retries and forgets undelivered messages in memory. Their files stay, so
   * the next queue of this name on the same data directory delivers them, as SQS would once the consumer is back.
   */
  close(): void;
}

/** Writing a dead letter failed; the message is lost locally, so drain() rejects with this. */
export class DeadLetterWriteError extends LocalStackError {}

/**
 * A queue message could not be written, updated or removed under the data directory. From send() it is thrown
 * (the message was not accepted); later, drain() rejects with it, because a restart might redeliver or lose it.
 */
export class QueuePersistenceError extends LocalStackError {}

/** A message in memory: what its file holds but the queue's name, and which file that is. */
type QueuedMessage = Omit<PersistedMessage, 'queue'> & {
  /** Its file in the message directory. */
  file: string;
};

const defaultBackoffMs = (receiveCount: number): number => Math.min(5000, 200 * 2 ** (receiveCount - 1));

/**
 * Creates a local queue that delivers batches to `handler` the way a Lambda SQS event source mapping with
 * ReportBatchItemFailures does: records named in `batchItemFailures` (or the whole batch, if the handler throws or
 * names an id that was not in the batch) are redelivered after a backoff with ApproximateReceiveCount raised,
 * and after `maxReceiveCount` receives they move to the dead-letter directory. Batches are delivered one at a
 * time, which keeps local runs reproducible. It knows nothing of any specific handler.
 *
 * Messages are durable: each is on disk from send() until the handler succeeds for it or it is dead-lettered,
 * with its receive count updated before every delivery. A queue created on a data directory where a previous
 * one stopped (a crash, kill -9, or close() with work left) redelivers those messages, as SQS does after a
 * visibility timeout: ApproximateReceiveCount goes up by one, and a message that had already been received
 * `maxReceiveCount` times goes to the dead-letter directory instead. Delivery is at least once, as in SQS.
 */
export function createLocalQueue(options: LocalQueueOptions): LocalQueue {
  const name = options.name;
  const deadLetterName = options.deadLetterName ?? `${name}-dlq`;
  const deadLetterDir = join(options.dataDir, 'queues', deadLetterName);
  const messageDir = join(options.dataDir, 'queues', name, 'messages');
  const batchSize = options.batchSize ?? 10;
  const batchingWindowMs = options.batchingWindowMs ?? 0;
  const maxReceiveCount = options.maxReceiveCount ?? 3;
  const backoffMs = options.backoffMs ?? defaultBackoffMs;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const onHandlerError =
    options.onHandlerError ??
    ((error: unknown) =>
      process.stderr.write(`[${name}] handler failed: ${(error as Error)?.message ?? String(error)}\n`));
  const eventSourceARN = `arn:aws:sqs:${localRegion}:${localAccount}:${name}`;
  const functionName = options.functionName ?? name;

  const ready: QueuedMessage[] = [];
  const delayed = new Set<NodeJS.Timeout>();
  let windowTimer: NodeJS.Timeout | undefined;
  let inFlight = 0;
  let pendingWrites = 0;
  let pumping = false;
  let closed = false;
  let writeFailure: LocalStackError | undefined;
  const idleWaiters: { resolve: () => void; reject: (error: Error) => void }[] = [];
  const counters = { invocations: 0, deleted: 0, deadLettered: 0, recovered: 0 };

  /** Writes the message's file whole (temporary file, then rename), so a crash never leaves half a message. */
  function persist(message: QueuedMessage): void {
    const persisted: PersistedMessage = {
      queue: name,
      messageId: message.messageId,
      body: message.body,
      sentTimestamp: message.sentTimestamp,
      firstReceiveTimestamp: message.firstReceiveTimestamp,
      receiveCount: message.receiveCount,
      lastError: message.lastError,
    };
    const temporary = `${message.file}.tmp`;
    try {
      mkdirSync(messageDir, { recursive: true });
      writeFileSync(temporary, `${JSON.stringify(persisted, null, 2)}\n`);
      renameSync(temporary, message.file);
    } catch (cause) {
      throw new QueuePersistenceError(
        `Could not write message ${message.messageId} of queue ${name} to ${message.file}: ${(cause as Error).message}. ` +
          `Check that the data directory ${options.dataDir} is writable and its disk is not full.`,
        { cause },
      );
    }
  }

  /** Deletes the message for good: the handler succeeded for it, or its dead letter is written. */
  function forget(message: QueuedMessage): void {
    try {
      rmSync(message.file, { force: true });
    } catch (cause) {
      writeFailure ??= new QueuePersistenceError(
        `Could not delete ${message.file} after message ${message.messageId} was done; a restart would deliver ` +
          `it again. Delete the file by hand. ${(cause as Error).message}`,
        { cause },
      );
    }
  }

  /** Like persist(), for deliveries: a failure is reported by drain() instead of stopping the queue. */
  function persistReceive(message: QueuedMessage): void {
    try {
      persist(message);
    } catch (error) {
      writeFailure ??= error as QueuePersistenceError;
    }
  }

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
        SenderId: localAccount,
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
      invokedFunctionArn: `arn:aws:lambda:${localRegion}:${localAccount}:function:${functionName}`,
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
    // Kept on disk until the dead letter is: a crash in between redelivers to the dead-letter rule, not loses it.
    persistReceive(message);
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
          forget(message);
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
        // Before the handler runs: if the process dies while it does, the restart counts this receive.
        persistReceive(message);
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
          forget(message);
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
    const sentTimestamp = Date.now();
    // The time prefix makes a directory listing come out oldest first, the order recover() redelivers in.
    const file = join(messageDir, `${sentTimestamp.toString().padStart(15, '0')}-${messageId}.json`);
    const message: QueuedMessage = { messageId, body, sentTimestamp, receiveCount: 0, file };
    persist(message);
    ready.push(message);
    schedulePump();
    return messageId;
  }

  /**
   * Takes over the messages a previous queue of this name left on disk: redelivered (the next receive counts
   * one more), or dead-lettered if they were already received `maxReceiveCount` times, as SQS's redrive policy
   * does when their visibility timeout ends.
   */
  function recover(): void {
    let files: string[];
    try {
      files = readdirSync(messageDir)
        .filter((f) => f.endsWith('.json'))
        .sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new QueuePersistenceError(
        `Could not read the pending messages of queue ${name} in ${messageDir}: ${(error as Error).message}.`,
        { cause: error },
      );
    }
    for (const f of files) {
      const file = join(messageDir, f);
      let persisted: PersistedMessage;
      try {
        persisted = JSON.parse(readFileSync(file, 'utf8')) as PersistedMessage;
      } catch (cause) {
        // Files are renamed into place whole, so this one was changed by hand; leave it for a person to look at.
        onHandlerError(
          new QueuePersistenceError(
            `Skipping ${file}: it is not a readable message of queue ${name} (${(cause as Error).message}). ` +
              `Move it away or delete it.`,
            { cause },
          ),
          { Records: [] },
        );
        continue;
      }
      const message: QueuedMessage = {
        messageId: persisted.messageId,
        body: persisted.body,
        sentTimestamp: persisted.sentTimestamp,
        firstReceiveTimestamp: persisted.firstReceiveTimestamp,
        receiveCount: persisted.receiveCount,
        lastError: persisted.lastError,
        file,
      };
      counters.recovered += 1;
      if (message.receiveCount >= maxReceiveCount) {
        message.lastError ??=
          `The process stopped while receive ${message.receiveCount} of ${maxReceiveCount} was being handled ` +
          `(a crash or kill); the redrive policy allows no further receive.`;
        writeDeadLetter(message, toRecord(message));
      } else {
        ready.push(message);
      }
    }
    if (ready.length > 0) schedulePump();
  }

  recover();

  return {
    name,
    deadLetterDir,
    messageDir,
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
