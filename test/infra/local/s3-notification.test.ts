import { PutObjectCommand } from '@aws-sdk/client-s3';

import type { S3Event, SQSBatchResponse, SQSEvent } from '../../../infra/local/event-types.js';
import { createLocalQueue } from '../../../infra/local/local-queue.js';
import { connectS3Notifications } from '../../../infra/local/s3-notification.js';
import { keys, queues } from '../../../shared/config/resources.js';
import { withLocalStack } from '../../support/local-stack.js';

const local = withLocalStack();

/** What a handler must do with an S3 event key (form-URL-decoding), kept here to prove the encoding round-trips. */
const decodeKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

describe('S3 notifications into a local queue', () => {
  it('turns an upload into an SQS record whose body is the S3 event, with the key encoded as AWS does', async () => {
    const { stack } = local;
    const events: SQSEvent[] = [];
    const queue = createLocalQueue({
      name: queues.ingest,
      dataDir: local.dataDir,
      handler: async (event) => {
        events.push(event);
      },
    });
    const disconnect = connectS3Notifications(stack, queue, {
      bucket: stack.buckets.uploads,
      prefix: 'uploads/',
    });
    try {
      const key = `${keys.uploadPrefix('C001')}2024 Q1 export é+1.csv`;
      const body = 'run_id,age\nR1,54\n';
      await stack
        .s3Client()
        .send(new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: key, Body: body }));
      // Outside the filter: another bucket, and the uploads bucket outside the prefix.
      await stack.s3Client().send(new PutObjectCommand({ Bucket: stack.buckets.data, Key: key, Body: body }));
      await stack
        .s3Client()
        .send(new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: 'other/x.csv', Body: body }));
      await queue.drain();

      expect(events).toHaveLength(1);
      const record = events[0]!.Records[0]!;
      expect(record).toMatchObject({
        eventSource: 'aws:sqs',
        eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ecls-ingest',
        attributes: { ApproximateReceiveCount: '1' },
      });
      const s3Event = JSON.parse(record.body) as S3Event;
      expect(s3Event.Records).toHaveLength(1);
      expect(s3Event.Records[0]).toMatchObject({
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: 'us-east-1',
        eventName: 'ObjectCreated:Put',
        s3: {
          s3SchemaVersion: '1.0',
          bucket: { name: 'ecls-uploads', arn: 'arn:aws:s3:::ecls-uploads' },
          object: {
            // Space -> '+', literal '+' -> %2B, 'é' -> its UTF-8 bytes, '/' kept: what S3 puts in notifications.
            key: 'uploads/C001/2024+Q1+export+%C3%A9%2B1.csv',
            size: Buffer.byteLength(body),
            eTag: expect.stringMatching(/^[0-9a-f]{32}$/),
          },
        },
      });
      expect(decodeKey(s3Event.Records[0]!.s3.object.key)).toBe(key);
      expect(s3Event.Records[0]!.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    } finally {
      disconnect();
      queue.close();
    }
  });

  it('redelivers the upload a handler fails and dead-letters it after maxReceiveCount', async () => {
    const { stack } = local;
    const seen: [string, string][] = [];
    const handler = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        const key = decodeKey((JSON.parse(record.body) as S3Event).Records[0]!.s3.object.key);
        seen.push([key, record.attributes.ApproximateReceiveCount]);
        if (key.endsWith('bad.csv')) batchItemFailures.push({ itemIdentifier: record.messageId });
      }
      return { batchItemFailures };
    };
    const queue = createLocalQueue({
      name: queues.ingest,
      deadLetterName: queues.ingestDeadLetter,
      dataDir: local.dataDir,
      handler,
      maxReceiveCount: 3,
      backoffMs: () => 5,
      onHandlerError: () => undefined,
    });
    const disconnect = connectS3Notifications(stack, queue, { bucket: stack.buckets.uploads });
    try {
      for (const name of ['good.csv', 'bad.csv']) {
        await stack
          .s3Client()
          .send(
            new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: `uploads/C002/${name}`, Body: 'x' }),
          );
      }
      await queue.drain();
      expect(seen.filter(([key]) => key === 'uploads/C002/good.csv')).toEqual([
        ['uploads/C002/good.csv', '1'],
      ]);
      expect(seen.filter(([key]) => key === 'uploads/C002/bad.csv').map(([, count]) => count)).toEqual([
        '1',
        '2',
        '3',
      ]);
      const deadLetters = await queue.deadLetters();
      expect(deadLetters).toHaveLength(1);
      const deadEvent = JSON.parse(deadLetters[0]!.record.body) as S3Event;
      expect(deadEvent.Records[0]!.s3.object.key).toBe('uploads/C002/bad.csv');
      expect(deadLetters[0]!.receiveCount).toBe(3);
    } finally {
      disconnect();
      queue.close();
    }
  });
});
