/**
 * Drives the ingest handler on the local stack the way AWS does: an object is put into s3rver, its event goes
 * through the local S3 notification and SQS-like queue (URL-encoded key, retries, DLQ) to the real handler,
 * whose adapters talk to s3rver and DynamoDB Local. Nothing is mocked.
 */
import { createHash } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { connectS3Notifications, createLocalQueue, type LocalQueue } from '../../../../infra/local/index.js';
import { ingestUploadBatch } from '../../../../shared/app/ingest-upload-batch.js';
import { DynamoRegistryStore, S3ObjectStore } from '../../../../shared/adapters/index.js';
import { findCenter } from '../../../../shared/config/centers.js';
import { queues } from '../../../../shared/config/resources.js';
import type { RunRow } from '../../../../shared/dictionary/index.js';
import {
  dictionaryValidator,
  readCuratedRuns,
  recomputeAggregates,
  splitLines,
  type IngestDependencies,
  type QuarterAggregate,
} from '../../../../shared/ingest/index.js';
import type { LocalStackFixture } from '../../../support/local-stack.js';
import { CollectingPublisher } from '../../../shared/ingest/support/memory-stores.js';

export interface IngestHarness {
  deps: IngestDependencies;
  objects: S3ObjectStore;
  registry: DynamoRegistryStore;
  publisher: CollectingPublisher;
  queue: LocalQueue;
  /** Puts an object into the uploads bucket (its event is queued by the notification). */
  upload(key: string, body: string | Uint8Array): Promise<void>;
  /** Waits until the queue is idle (delivered, retried or dead-lettered). */
  drain(): Promise<void>;
  /** Stops the notification and the queue. */
  close(): void;
}

/** Creates a harness; `overrides` replace dependencies (e.g. a fault-injecting `beforeStep`). */
export function createIngestHarness(
  local: LocalStackFixture,
  overrides: Partial<IngestDependencies> = {},
  queueOptions: { maxReceiveCount?: number } = {},
): IngestHarness {
  const { stack } = local;
  const objects = new S3ObjectStore(stack.s3Client(), { partBytes: 5 * 1024 * 1024 });
  const registry = new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName });
  const publisher = new CollectingPublisher();
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: publisher,
    dataBucket: stack.buckets.data,
    findCenter,
    backoff: (attempt) => new Promise((resolve) => setTimeout(resolve, 5 * attempt * Math.random())),
    ...overrides,
  };
  const queue = createLocalQueue({
    name: queues.ingest,
    deadLetterName: queues.ingestDeadLetter,
    dataDir: local.dataDir,
    handler: (event) => ingestUploadBatch(event, deps),
    backoffMs: () => 10,
    maxReceiveCount: queueOptions.maxReceiveCount ?? 3,
    onHandlerError: () => undefined,
  });
  const disconnect = connectS3Notifications(stack, queue, {
    bucket: stack.buckets.uploads,
    prefix: 'uploads/',
  });
  return {
    deps,
    objects,
    registry,
    publisher,
    queue,
    async upload(key, body) {
      const queued = objectEventFor(local, key);
      await stack
        .s3Client()
        .send(new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: key, Body: body }));
      await queued;
    },
    drain: () => queue.drain(),
    close() {
      disconnect();
      queue.close();
    },
  };
}

/**
 * Resolves once s3rver has published the event of `key`: s3rver answers the PUT before it emits the event, so
 * a test that drained the queue right after the PUT could drain it before the message arrived.
 */
export function objectEventFor(local: LocalStackFixture, key: string): Promise<void> {
  return new Promise((resolve) => {
    const off = local.stack.onObjectEvent((event) => {
      if (event.Records.some((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === key)) {
        off();
        resolve();
      }
    });
  });
}

/** The center's current runs, read through the pointer in DynamoDB from the curated object in s3rver. */
export async function currentRuns(harness: IngestHarness, centerId: string): Promise<RunRow[]> {
  const pointer = await harness.registry.getPointer(centerId);
  if (!pointer) return [];
  const object = await harness.objects.getStream({
    bucket: harness.deps.dataBucket,
    key: pointer.curatedKey,
  });
  const rows: RunRow[] = [];
  for await (const row of readCuratedRuns(object.body)) rows.push(row);
  return rows;
}

/**
 * The check every integration case ends with: the center's data set holds exactly `expected` (the runs of its
 * accepted uploads, as the test's own model says), and the aggregates in DynamoDB equal a from-scratch
 * recomputation over them.
 */
export async function expectAggregatesMatchAcceptedData(
  harness: IngestHarness,
  centerId: string,
  expected: readonly RunRow[],
): Promise<QuarterAggregate[]> {
  const stored = await harness.registry.listAggregates(centerId);
  const runs = await currentRuns(harness, centerId);
  const defined = (row: RunRow) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
  const byId = (rows: readonly RunRow[]) =>
    [...rows].sort((a, b) => (a.run_id! < b.run_id! ? -1 : 1)).map(defined);
  expect(byId(runs)).toEqual(byId(expected));
  expect(stored).toEqual(recomputeAggregates(centerId, expected));
  return stored;
}

/** What a large upload must leave in the registry, computed from its runs as they were generated. */
export interface ExpectedDataSet {
  runs: number;
  /** sha256 of the canonical run lines (each with its newline) in run-id order. */
  linesSha256: string;
  /** The per-quarter aggregates recomputed from scratch over the runs, in run-id order. */
  aggregates: QuarterAggregate[];
}

/**
 * The same check for a data set too large to hold as rows in the test (the 100 MB upload): the curated object's
 * run lines, streamed and hashed, equal the expected runs' canonical lines, and the aggregates in DynamoDB equal
 * the from-scratch recomputation made when the runs were generated (support/large-upload-data.ts).
 */
export async function expectDataSetMatches(
  stores: { objects: S3ObjectStore; registry: DynamoRegistryStore; dataBucket: string },
  centerId: string,
  expected: ExpectedDataSet,
): Promise<void> {
  const pointer = await stores.registry.getPointer(centerId);
  expect(pointer).toMatchObject({ runs: expected.runs });
  const object = await stores.objects.getStream({ bucket: stores.dataBucket, key: pointer!.curatedKey });
  const hash = createHash('sha256');
  let header = true;
  let lines = 0;
  for await (const line of splitLines(object.body)) {
    if (header) {
      header = false;
      continue;
    }
    hash.update(`${line}\n`);
    lines += 1;
  }
  expect(lines).toBe(expected.runs);
  expect(hash.digest('hex')).toBe(expected.linesSha256);
  expect(await stores.registry.listAggregates(centerId)).toEqual(expected.aggregates);
}
