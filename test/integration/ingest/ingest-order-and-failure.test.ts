/**
 * On the local stack (s3rver + DynamoDB Local, the local queue with its redrive policy, no mocks): S3 events
 * delivered out of order leave the newest upload current, and a message that fails every delivery gives its
 * center a "could not be processed" verdict before it goes to the dead-letter queue.
 */
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { ingestUploadBatch } from '../../../shared/app/ingest-upload-batch.js';
import type { S3Event } from '../../../infra/local/event-types.js';
import { createLocalQueue } from '../../../infra/local/index.js';
import { DynamoRegistryStore, S3ObjectStore } from '../../../shared/adapters/index.js';
import { RegistryStoreError } from '../../../shared/ports/index.js';
import { findCenter } from '../../../shared/config/centers.js';
import { ingestRedrive, queues } from '../../../shared/config/resources.js';
import {
  dictionaryValidator,
  ingestFailedRule,
  ingestUpload,
  readCuratedRuns,
  recomputeAggregates,
  supersededRule,
  type IngestDependencies,
} from '../../../shared/ingest/index.js';
import { VerdictSchema, type Verdict } from '../../../shared/validation/verdict-schema.js';
import { withLocalStack } from '../../support/local-stack.js';
import { CollectingPublisher } from '../../shared/ingest/support/memory-stores.js';
import { runsToCsv, syntheticRuns } from '../../shared/ingest/support/synthetic-runs.js';
import { createIngestHarness, expectAggregatesMatchAcceptedData } from './support/ingest-harness.js';

jest.setTimeout(120_000);
const local = withLocalStack();

async function uploadsOf(centerId: string) {
  const { Items } = await local.stack.docClient().send(
    new QueryCommand({
      TableName: local.stack.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `UPLOADS#${centerId}` },
    }),
  );
  return Items ?? [];
}

async function verdictAt(prefix: string): Promise<Verdict> {
  const out = await local.stack
    .s3Client()
    .send(new GetObjectCommand({ Bucket: local.stack.buckets.data, Key: `${prefix}verdict.json` }));
  return VerdictSchema.parse(JSON.parse(await out.Body!.transformToString()));
}

/** Puts an object into the uploads bucket and resolves with the S3 event the notification would deliver. */
async function putAndCapture(key: string, body: string): Promise<S3Event> {
  const { stack } = local;
  const event = new Promise<S3Event>((resolve) => {
    const off = stack.onObjectEvent((e) => {
      if (e.Records.some((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === key)) {
        off();
        resolve(e);
      }
    });
  });
  await stack.s3Client().send(new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: key, Body: body }));
  return event;
}

it('keeps the newest snapshot current when the queue delivers the two uploads newest first', async () => {
  const { stack } = local;
  const registry = new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName });
  const objects = new S3ObjectStore(stack.s3Client());
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: new CollectingPublisher(),
    dataBucket: stack.buckets.data,
    findCenter,
  };
  const older = syntheticRuns('C041', 30, 41, { prefix: 'OLD' });
  const newer = syntheticRuns('C041', 25, 42, { prefix: 'NEW' });
  const olderEvent = await putAndCapture('uploads/C041/snapshot/monday.csv', runsToCsv(older));
  const newerEvent = await putAndCapture('uploads/C041/snapshot/tuesday.csv', runsToCsv(newer));
  const olderSequencer = olderEvent.Records[0]!.s3.object.sequencer;
  const newerSequencer = newerEvent.Records[0]!.s3.object.sequencer;
  expect(olderSequencer < newerSequencer).toBe(true);

  // A queue no notification feeds: the test delivers the events itself, newest first.
  const queue = createLocalQueue({
    name: `${queues.ingest}-swapped`,
    dataDir: local.dataDir,
    handler: (event) => ingestUploadBatch(event, deps),
    batchSize: 1,
    onHandlerError: () => undefined,
  });
  try {
    queue.sendS3Event(newerEvent);
    await queue.drain();
    queue.sendS3Event(olderEvent);
    await queue.drain();
    expect(await queue.deadLetters()).toEqual([]);
  } finally {
    queue.close();
  }

  const pointer = await registry.getPointer('C041');
  expect(pointer).toMatchObject({ version: 1, sequencer: newerSequencer, snapshotSequencer: newerSequencer });
  const current: string[] = [];
  const { body } = await objects.getStream({ bucket: stack.buckets.data, key: pointer!.curatedKey });
  for await (const run of readCuratedRuns(body)) current.push(run.run_id!);
  expect(current.sort()).toEqual(newer.map((r) => r.run_id!).sort());
  expect(await registry.listAggregates('C041')).toEqual(recomputeAggregates('C041', newer));

  const entries = await uploadsOf('C041');
  expect(entries).toHaveLength(2);
  const late = entries.find((e) => e.key === 'uploads/C041/snapshot/monday.csv')!;
  expect(late).toMatchObject({
    status: 'completed',
    sequencer: olderSequencer,
    superseded: { byUploadId: pointer!.uploadId, currentSequencer: newerSequencer },
  });
  const verdict = await verdictAt(String(late.verdictPrefix));
  expect(verdict.problems[0]).toMatchObject({ rule: supersededRule, severity: 'warning' });
  expect(verdict.problems[0]!.message).toContain('a newer upload of this center was already applied');

  // The store's supersession is conditional: again on the completed upload it changes nothing; on an upload
  // that is not accepted it refuses.
  const again = { byUploadId: 'other', currentSequencer: 'FF', at: new Date(0).toISOString() };
  await registry.supersedeUpload(String(late.uploadId), again);
  expect((await registry.getUpload(String(late.uploadId)))?.superseded?.byUploadId).toBe(pointer!.uploadId);
  await expect(registry.supersedeUpload('no-such-upload', again)).rejects.toThrow(RegistryStoreError);
});

it('gives the center a "could not be processed" verdict on the last attempt, then dead-letters the message', async () => {
  let broken = true;
  const harness = createIngestHarness(
    local,
    {
      beforeStep: (step, context) => {
        if (broken && context.centerId === 'C042' && step === 'switch-pointer') {
          throw new Error('the table is unavailable');
        }
      },
    },
    { maxReceiveCount: ingestRedrive.maxReceiveCount },
  );
  try {
    const rows = syntheticRuns('C042', 20, 43);
    await harness.upload('uploads/C042/2024.csv', runsToCsv(rows));
    await harness.drain();

    const letters = await harness.queue.deadLetters();
    expect(letters).toHaveLength(1);
    expect(letters[0]!.receiveCount).toBe(ingestRedrive.maxReceiveCount);
    const [entry] = await uploadsOf('C042');
    // The ledger keeps the upload unfinished, so a redrive from the dead-letter queue can still ingest it.
    expect(entry).toMatchObject({ status: 'accepted' });
    const failed = await verdictAt(String(entry!.verdictPrefix));
    expect(failed).toMatchObject({ status: 'red', accepted: false, rows: 20 });
    expect(failed.problems[0]).toMatchObject({ scope: 'file', rule: ingestFailedRule, severity: 'error' });
    expect(failed.problems[0]!.message).toContain('3 attempts failed');
    expect(failed.problems[0]!.message).toContain('The registry team has been alerted');
    expect(await harness.registry.getPointer('C042')).toBeUndefined();

    // The cause fixed, the dead letter redriven: the upload merges and its validation verdict is back.
    broken = false;
    const outcome = await ingestUpload(harness.deps, {
      bucket: local.stack.buckets.uploads,
      key: 'uploads/C042/2024.csv',
    });
    expect(outcome).toMatchObject({ status: 'completed', version: 1 });
    expect(await verdictAt(String(entry!.verdictPrefix))).toMatchObject({ accepted: true, rows: 20 });
    await expectAggregatesMatchAcceptedData(harness, 'C042', rows);
  } finally {
    harness.close();
  }
});
