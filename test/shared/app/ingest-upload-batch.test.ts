import { ingestUploadBatch } from '../../../shared/app/ingest-upload-batch.js';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { findCenter } from '../../../shared/config/centers.js';
import {
  dictionaryValidator,
  ingestFailedRule,
  type IngestDependencies,
} from '../../../shared/ingest/index.js';
import { VerdictSchema } from '../../../shared/validation/verdict-schema.js';
import {
  CollectingPublisher,
  MemoryObjectStore,
  MemoryRegistryStore,
} from '../../shared/ingest/support/memory-stores.js';
import { runsToCsv, syntheticRuns } from '../../shared/ingest/support/synthetic-runs.js';

const message = (messageId: string, key: string, receiveCount = 1): SQSRecord =>
  ({
    messageId,
    attributes: { ApproximateReceiveCount: String(receiveCount) },
    body: JSON.stringify({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: 'up' }, object: { key } },
        },
      ],
    }),
  }) as unknown as SQSRecord;

describe('ingestUploadBatch', () => {
  it('reports only the failed messages for retry', async () => {
    const objects = new MemoryObjectStore();
    await objects.put({ bucket: 'up', key: 'uploads/C001/ok.csv' }, runsToCsv(syntheticRuns('C001', 5, 1)));
    const deps: IngestDependencies = {
      objects,
      registry: new MemoryRegistryStore(),
      validator: dictionaryValidator(),
      stalePublisher: new CollectingPublisher(),
      dataBucket: 'data',
      findCenter,
    };
    const event: SQSEvent = {
      Records: [
        message('ok', 'uploads/C001/ok.csv'),
        message('missing', 'uploads/C001/gone.csv'),
        { ...message('bad', ''), body: '{' },
      ],
    };
    const response = await ingestUploadBatch(event, deps);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad', 'missing']);
  });
});

describe('ingestUploadBatch, within the function', () => {
  function setup(overrides: Partial<IngestDependencies> = {}) {
    const objects = new MemoryObjectStore();
    const deps: IngestDependencies = {
      objects,
      registry: new MemoryRegistryStore(),
      validator: dictionaryValidator(),
      stalePublisher: new CollectingPublisher(),
      dataBucket: 'data',
      findCenter,
      ...overrides,
    };
    return { objects, deps };
  }
  const verdictsOf = (objects: MemoryObjectStore) =>
    [...objects.objects.keys()]
      .filter((k) => k.startsWith('data/validation/') && k.endsWith('verdict.json'))
      .map((k) => VerdictSchema.parse(JSON.parse(objects.objects.get(k)!.toString('utf8'))));

  it('ingests the records of a batch one after another, so only one upload is held at a time', async () => {
    let active = 0;
    let most = 0;
    const { objects, deps } = setup({
      beforeStep: async (step) => {
        if (step === 'resolve-center') most = Math.max(most, ++active);
        if (step === 'complete') active -= 1;
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    });
    const keys = ['C001', 'C002', 'C003', 'C004'].map((c) => `uploads/${c}/runs.csv`);
    for (const [i, key] of keys.entries()) {
      await objects.put({ bucket: 'up', key }, runsToCsv(syntheticRuns(key.slice(8, 12), 5, i + 1)));
    }
    const response = await ingestUploadBatch({ Records: keys.map((k, i) => message(`m${i}`, k)) }, deps);
    expect(response.batchItemFailures).toEqual([]);
    expect(most).toBe(1);
  });

  it('on the last attempt, gives the center a "could not be processed" verdict and still fails the message', async () => {
    const { objects, deps } = setup({
      beforeStep: (step) => {
        if (step === 'switch-pointer') throw new Error('DynamoDB is down');
      },
    });
    await objects.put({ bucket: 'up', key: 'uploads/C001/runs.csv' }, runsToCsv(syntheticRuns('C001', 5, 1)));
    const early = await ingestUploadBatch({ Records: [message('m1', 'uploads/C001/runs.csv', 2)] }, deps);
    expect(early.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    expect(verdictsOf(objects).map((v) => v.status)).toEqual(['green']);

    const last = await ingestUploadBatch({ Records: [message('m1', 'uploads/C001/runs.csv', 3)] }, deps);
    expect(last.batchItemFailures).toEqual([{ itemIdentifier: 'm1' }]);
    const [verdict] = verdictsOf(objects);
    expect(verdict).toMatchObject({ status: 'red', accepted: false });
    expect(verdict!.problems[0]).toMatchObject({ rule: ingestFailedRule });
    expect(verdict!.problems[0]!.message).toContain('3 attempts failed');
  });

  it("takes the queue's maxReceiveCount from its dependencies", async () => {
    const { objects, deps } = setup({ maxReceiveCount: 5 });
    const event = { Records: [message('m1', 'uploads/C001/gone.csv', 3)] };
    expect((await ingestUploadBatch(event, deps)).batchItemFailures).toHaveLength(1);
    expect(verdictsOf(objects)).toEqual([]);
  });
});
