import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import type { SQSBatchResponse, SQSEvent } from '../../../infra/local/event-types.js';
import { createLocalQueue } from '../../../infra/local/local-queue.js';
import { queues } from '../../../shared/config/resources.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ecls-queue-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Records every delivery as [body, ApproximateReceiveCount] and fails the bodies in `poison`. */
function recordingHandler(poison: Set<string>) {
  const deliveries: [string, string][] = [];
  const batches: number[] = [];
  const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
    batches.push(event.Records.length);
    for (const r of event.Records) deliveries.push([r.body, r.attributes.ApproximateReceiveCount]);
    return {
      batchItemFailures: event.Records.filter((r) => poison.has(r.body)).map((r) => ({
        itemIdentifier: r.messageId,
      })),
    };
  };
  return { handler, deliveries, batches };
}

const quiet = (): void => undefined;

describe('createLocalQueue', () => {
  it('delivers SQS-shaped records, batched, and deletes the ones that succeed', async () => {
    const { handler, deliveries, batches } = recordingHandler(new Set());
    const queue = createLocalQueue({ name: queues.ingest, handler, dataDir, batchSize: 2 });
    const ids = ['a', 'b', 'c'].map((body) => queue.send(body));
    await queue.drain();
    expect(deliveries).toEqual([
      ['a', '1'],
      ['b', '1'],
      ['c', '1'],
    ]);
    expect(batches).toEqual([2, 1]);
    expect(new Set(ids).size).toBe(3);
    expect(queue.stats()).toMatchObject({
      ready: 0,
      inFlight: 0,
      delayed: 0,
      invocations: 2,
      deleted: 3,
      deadLettered: 0,
    });
    expect(await queue.deadLetters()).toEqual([]);
  });

  it('fills in the record fields a Lambda SQS event carries', async () => {
    const events: SQSEvent[] = [];
    const queue = createLocalQueue({
      name: queues.ingest,
      dataDir,
      handler: async (event) => {
        events.push(event);
      },
    });
    const messageId = queue.send('{"hello":"world"}');
    await queue.drain();
    expect(events[0]?.Records[0]).toMatchObject({
      messageId,
      body: '{"hello":"world"}',
      // md5 of the body, as SQS computes it (echo -n '{"hello":"world"}' | md5sum).
      md5OfBody: 'fbc24bcc7a1794758fc1327fcfebdaf6',
      eventSource: 'aws:sqs',
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ecls-ingest',
      awsRegion: 'us-east-1',
      messageAttributes: {},
      attributes: { ApproximateReceiveCount: '1', SenderId: '000000000000' },
    });
    expect(typeof events[0]?.Records[0]?.receiptHandle).toBe('string');
  });

  it('redelivers only the failed record of a partial batch, then dead-letters it after maxReceiveCount', async () => {
    const { handler, deliveries } = recordingHandler(new Set(['poison']));
    const errors: unknown[] = [];
    const queue = createLocalQueue({
      name: queues.ingest,
      deadLetterName: queues.ingestDeadLetter,
      handler,
      dataDir,
      maxReceiveCount: 3,
      backoffMs: () => 1,
      onHandlerError: (error) => errors.push(error),
    });
    queue.send('good');
    const poisonId = queue.send('poison');
    await queue.drain();

    expect(deliveries).toEqual([
      ['good', '1'],
      ['poison', '1'],
      ['poison', '2'],
      ['poison', '3'],
    ]);
    expect(errors).toHaveLength(3);
    const deadLetters = await queue.deadLetters();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      queue: 'ecls-ingest',
      deadLetterQueue: 'ecls-ingest-dlq',
      receiveCount: 3,
      record: { messageId: poisonId, body: 'poison', attributes: { ApproximateReceiveCount: '3' } },
    });
    // Persisted under the data directory, so a script can inspect or replay them after the process ends.
    expect(await readdir(join(dataDir, 'queues', 'ecls-ingest-dlq'))).toEqual([
      expect.stringMatching(`${poisonId}\\.json$`),
    ]);
    expect(queue.stats()).toMatchObject({ deleted: 1, deadLettered: 1, invocations: 3 });
  });

  it('retries the whole batch when the handler throws, keeping the error in the dead letter', async () => {
    let calls = 0;
    const receiveCounts: string[][] = [];
    const queue = createLocalQueue({
      name: queues.report,
      handler: async (event) => {
        calls += 1;
        receiveCounts.push(event.Records.map((r) => r.attributes.ApproximateReceiveCount));
        throw new Error(`boom ${calls}`);
      },
      dataDir,
      maxReceiveCount: 2,
      backoffMs: () => 1,
      onHandlerError: quiet,
    });
    queue.send('x');
    queue.send('y');
    await queue.drain();
    expect(receiveCounts).toEqual([
      ['1', '1'],
      ['2', '2'],
    ]);
    const deadLetters = await queue.deadLetters();
    expect(deadLetters.map((d) => d.record.body).sort()).toEqual(['x', 'y']);
    expect(deadLetters[0]?.lastError).toContain('boom 2');
    expect(deadLetters[0]?.deadLetterQueue).toBe('ecls-report-dlq');
  });

  it('treats an unknown itemIdentifier as a failure of the whole batch, as Lambda does', async () => {
    const receiveCounts: string[] = [];
    const queue = createLocalQueue({
      name: queues.ingest,
      handler: async (event) => {
        receiveCounts.push(...event.Records.map((r) => r.attributes.ApproximateReceiveCount));
        return { batchItemFailures: [{ itemIdentifier: 'not-in-this-batch' }] };
      },
      dataDir,
      maxReceiveCount: 2,
      backoffMs: () => 1,
      onHandlerError: quiet,
    });
    queue.send('only');
    await queue.drain();
    expect(receiveCounts).toEqual(['1', '2']);
    expect(await queue.deadLetters()).toHaveLength(1);
  });

  it('resolves drain() at once when idle and rejects sends after close()', async () => {
    const queue = createLocalQueue({ name: queues.ingest, handler: async () => undefined, dataDir });
    await expect(queue.drain()).resolves.toBeUndefined();
    queue.close();
    expect(() => queue.send('late')).toThrow(/closed/);
  });

  it('gathers messages for the batching window and delivers a burst as one batch (the report debounce)', async () => {
    const { handler, batches } = recordingHandler(new Set());
    const queue = createLocalQueue({
      name: queues.report,
      handler,
      dataDir,
      batchSize: 1000,
      batchingWindowMs: 150,
    });
    // A burst sent across several ticks, all inside one window.
    for (let i = 0; i < 5; i++) {
      queue.send(`burst-${i}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(batches).toEqual([]);
    await queue.drain();
    expect(batches).toEqual([5]);
    // A message sent after the batch went opens a new window of its own.
    queue.send('late');
    await queue.drain();
    expect(batches).toEqual([5, 1]);
  });

  it('delivers at once when batchSize records are waiting, without waiting out the window', async () => {
    const { handler, batches } = recordingHandler(new Set());
    const queue = createLocalQueue({
      name: queues.report,
      handler,
      dataDir,
      batchSize: 3,
      batchingWindowMs: 60_000,
    });
    for (const body of ['a', 'b', 'c']) queue.send(body);
    await queue.drain();
    expect(batches).toEqual([3]);
    queue.close();
  });
});

describe('durability across a crash', () => {
  /** A handler that takes each batch and never finishes, like a process that dies while ingesting. */
  function hangingHandler() {
    const received: string[] = [];
    let resolveFirst: () => void = () => undefined;
    const first = new Promise<void>((resolve) => (resolveFirst = resolve));
    const handler = (event: SQSEvent): Promise<SQSBatchResponse> => {
      received.push(...event.Records.map((r) => r.body));
      resolveFirst();
      return new Promise(() => undefined);
    };
    return { handler, received, first };
  }

  it('redelivers a message whose handler never finished, with ApproximateReceiveCount raised', async () => {
    const crashed = hangingHandler();
    const before = createLocalQueue({ name: queues.ingest, dataDir, handler: crashed.handler });
    const id = before.send('in flight');
    await crashed.first;
    before.close();

    const { handler, deliveries } = recordingHandler(new Set());
    const messageIds: string[] = [];
    const after = createLocalQueue({
      name: queues.ingest,
      dataDir,
      handler: async (event) => {
        messageIds.push(...event.Records.map((r) => r.messageId));
        return handler(event);
      },
    });
    await after.drain();
    expect(deliveries).toEqual([['in flight', '2']]);
    expect(messageIds).toEqual([id]);
    expect(after.stats()).toMatchObject({ recovered: 1, deleted: 1 });
    // Deleted once handled: a third queue has nothing to deliver.
    expect(await readdir(after.messageDir)).toEqual([]);
    const { handler: third, deliveries: none } = recordingHandler(new Set());
    await createLocalQueue({ name: queues.ingest, dataDir, handler: third }).drain();
    expect(none).toEqual([]);
  });

  it('delivers a message sent but never received, with ApproximateReceiveCount 1', async () => {
    const before = createLocalQueue({ name: queues.ingest, dataDir, handler: async () => undefined });
    before.send('queued');
    before.close(); // before the next tick, when delivery would start
    const { handler, deliveries } = recordingHandler(new Set());
    await createLocalQueue({ name: queues.ingest, dataDir, handler }).drain();
    expect(deliveries).toEqual([['queued', '1']]);
  });

  it('does not redeliver acknowledged messages, and keeps a failed one waiting for its retry', async () => {
    const { handler } = recordingHandler(new Set(['poison']));
    const before = createLocalQueue({
      name: queues.ingest,
      dataDir,
      handler,
      backoffMs: () => 60_000,
      onHandlerError: quiet,
    });
    before.send('ok');
    before.send('poison');
    // Wait for the first delivery: 'ok' is deleted, 'poison' waits out its backoff.
    while (before.stats().invocations === 0 || before.stats().inFlight > 0) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    before.close();
    const recording = recordingHandler(new Set());
    await createLocalQueue({ name: queues.ingest, dataDir, handler: recording.handler }).drain();
    expect(recording.deliveries).toEqual([['poison', '2']]);
  });

  it('dead-letters a recovered message that had already been received maxReceiveCount times', async () => {
    const crashed = hangingHandler();
    const before = createLocalQueue({
      name: queues.ingest,
      dataDir,
      handler: crashed.handler,
      maxReceiveCount: 1,
    });
    const id = before.send('crashes the process');
    await crashed.first;
    before.close();

    const { handler, deliveries } = recordingHandler(new Set());
    const after = createLocalQueue({ name: queues.ingest, dataDir, handler, maxReceiveCount: 1 });
    await after.drain();
    expect(deliveries).toEqual([]);
    const deadLetters = await after.deadLetters();
    expect(deadLetters).toHaveLength(1);
    expect(deadLetters[0]).toMatchObject({
      receiveCount: 1,
      record: { messageId: id, body: 'crashes the process', attributes: { ApproximateReceiveCount: '1' } },
    });
    expect(deadLetters[0]?.lastError).toMatch(/process stopped/);
    expect(await readdir(after.messageDir)).toEqual([]);
  });

  it('redelivers after the process running the queue is killed with SIGKILL mid-handler', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(fixtures, 'queue-crash-child.ts'), dataDir, 'first', 'second'],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const received = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = /received (\S+)\n/.exec(out);
        if (line) resolve(line[1]!);
      });
      child.once('exit', (code) => reject(new Error(`child exited (${code}) before receiving: ${out}`)));
    });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;

    const events: SQSEvent[] = [];
    const after = createLocalQueue({
      name: 'crash-test',
      dataDir,
      handler: async (event) => {
        events.push(event);
      },
    });
    await after.drain();
    // A standard queue promises no order, and neither does the redelivery after a crash.
    const byId = (a: string[], b: string[]) => a[0]!.localeCompare(b[0]!);
    const records = events.flatMap((e) => e.Records);
    expect(
      records.map((r) => [r.messageId, r.body, r.attributes.ApproximateReceiveCount]).sort(byId),
    ).toEqual(
      received
        .split(',')
        .map((id, i) => [id, ['first', 'second'][i]!, '2'])
        .sort(byId),
    );
  });
});
