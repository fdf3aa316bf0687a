import middy from '@middy/core';
import { processIngestBatch } from '../../../functions/ingest/process-ingest-batch.js';
import { logUnhandledError } from '../../../functions/ingest/log-unhandled-error.js';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { findCenter } from '../../../shared/config/centers.js';
import { dictionaryValidator, type IngestDependencies } from '../../../shared/ingest/index.js';
import {
  CollectingPublisher,
  MemoryObjectStore,
  MemoryRegistryStore,
} from '../../shared/ingest/support/memory-stores.js';
import { runsToCsv, syntheticRuns } from '../../shared/ingest/support/synthetic-runs.js';

const message = (messageId: string, key: string): SQSRecord =>
  ({
    messageId,
    attributes: { ApproximateReceiveCount: '1' },
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

describe('processIngestBatch', () => {
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
    const response = await processIngestBatch(event, deps);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad', 'missing']);
  });
});

describe('logUnhandledError', () => {
  it('logs the failing function, name and message only, and lets the error fail the invocation', async () => {
    const lines: string[] = [];
    const handler = middy<SQSEvent, SQSBatchResponse>()
      .use(
        logUnhandledError('report', {
          logger: {
            log: (_l, message, ctx) => lines.push(JSON.stringify({ message, ...ctx })),
            metrics: () => undefined,
          },
        }),
      )
      .handler(async () => {
        throw new TypeError('boom');
      });
    await expect(handler({ Records: [] }, { awsRequestId: 'r1' } as never)).rejects.toThrow('boom');
    expect(JSON.parse(lines[0]!)).toEqual({
      message: 'report invocation failed',
      service: 'report',
      requestId: 'r1',
      error: { name: 'TypeError', message: 'boom' },
    });
  });
});
