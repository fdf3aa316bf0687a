/**
 * Contract tests: every handler is fed its events in the exact shapes AWS delivers, with the settings taken
 * from the synthesized template (infra/local/deployment/). The S3-to-SQS message is AWS's published sample
 * (https://docs.aws.amazon.com/AmazonS3/latest/userguide/notification-content-structure.html) with the
 * template's bucket and queue; the schedule's input is the template's, rendered as EventBridge Scheduler renders
 * it with the parameter defaults; the report queue's message is the one SqsStalePublisher sends.
 */
import type { SQSRecord } from 'aws-lambda';
import { CloseQuarterEventSchema } from '../../shared/app/close-quarter-if-due.js';
import { uploadObjectsOf } from '../../shared/app/upload-objects.js';
import { regenerateStaleReports } from '../../shared/app/regenerate-stale-reports.js';
import { loadLocalDeployment } from '../../infra/local/deployment/load-deployment.js';
import {
  functionOf,
  queueOf,
  queueTriggerOf,
  type RegistryDeployment,
  scheduleOf,
} from '../../infra/local/deployment/local-deployment.js';
import { encodeS3EventKey } from '../../infra/local/s3-event.js';
import { matchesS3Filter } from '../../infra/local/s3-notification.js';
import { staleMessageBody } from '../../shared/adapters/index.js';
import { MemoryObjectStore, MemoryRegistryStore } from '../shared/ingest/support/memory-stores.js';
import { DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS } from '../../shared/report/quarter-clock.js';

let deployment: RegistryDeployment;
beforeAll(() => {
  deployment = loadLocalDeployment();
}, 120_000);

/** An SQS record as Lambda's event source mapping delivers it from `queueArn`. */
function sqsRecord(body: string, queueArn: string, receiveCount = 1): SQSRecord {
  return {
    messageId: '059f36b4-87a3-44ab-83d2-661975830a7d',
    receiptHandle: 'AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...',
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: '1545082649183',
      SenderId: 'AIDAIENQZJOLO23YVJ4VO',
      ApproximateFirstReceiveTimestamp: '1545082649185',
    },
    messageAttributes: {},
    md5OfBody: '098f6bcd4621d373cade4e832627b4f6',
    eventSource: 'aws:sqs',
    eventSourceARN: queueArn,
    awsRegion: deployment.region,
  };
}

/** AWS's sample ObjectCreated:Put notification, for one key of the template's uploads bucket. */
function s3Notification(bucket: string, key: string) {
  return {
    Records: [
      {
        eventVersion: '2.1',
        eventSource: 'aws:s3',
        awsRegion: deployment.region,
        eventTime: '2023-10-02T12:00:00.000Z',
        eventName: 'ObjectCreated:Put',
        userIdentity: { principalId: 'AWS:AIDAJDPLRKLG7UEXAMPLE' },
        requestParameters: { sourceIPAddress: '127.0.0.1' },
        responseElements: {
          'x-amz-request-id': 'C3D13FE58DE4C810',
          'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
        },
        s3: {
          s3SchemaVersion: '1.0',
          configurationId: 'testConfigRule',
          bucket: {
            name: bucket,
            ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
            arn: `arn:aws:s3:::${bucket}`,
          },
          object: {
            key: encodeS3EventKey(key),
            size: 1024,
            eTag: 'd41d8cd98f00b204e9800998ecf8427e',
            versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
            sequencer: '0055AED6DCD90281E5',
          },
        },
      },
    ],
  };
}

describe('S3 notification → ingest queue → ingest function', () => {
  const uploads = () => deployment.notifications.filter((n) => n.queueArn === ingestQueueArn());
  const ingestQueueArn = () => queueTriggerOf(functionOf(deployment, 'ingest')).queueArn;

  it('the template notifies the ingest queue of .csv and .CSV uploads under uploads/, nothing else', () => {
    const bucket = uploads()[0]!.bucket;
    const matched = (key: string) =>
      uploads().some((filter) => matchesS3Filter(s3Notification(bucket, key).Records[0]!, filter));
    expect(matched('uploads/C001/export 2023 Q3.csv')).toBe(true);
    expect(matched('uploads/C001/EXPORT.CSV')).toBe(true);
    expect(matched('uploads/C001/export.xlsx')).toBe(false);
    expect(matched('validation/C001/x.csv')).toBe(false);
  });

  it('decodes the URL-encoded key of AWS sample message and keeps the sequencer', () => {
    const bucket = uploads()[0]!.bucket;
    const key = 'uploads/C001/snapshot/Q3 été+(final).csv';
    const record = sqsRecord(JSON.stringify(s3Notification(bucket, key)), ingestQueueArn());
    expect(uploadObjectsOf(record)).toEqual([
      expect.objectContaining({
        bucket,
        key,
        versionId: '096fKKXTRTtl3on89fVO.nfljtsv6qko',
        sequencer: '0055AED6DCD90281E5',
      }),
    ]);
  });

  it("ignores the s3:TestEvent S3 sends when the notification is configured (AWS's sample)", () => {
    const testEvent = {
      Service: 'Amazon S3',
      Event: 's3:TestEvent',
      Time: '2014-10-13T15:57:02.089Z',
      Bucket: uploads()[0]!.bucket,
      RequestId: '5582815E1AEA5ADF',
      HostId: '8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE',
    };
    expect(uploadObjectsOf(sqsRecord(JSON.stringify(testEvent), ingestQueueArn()))).toEqual([]);
  });

  it('the mapping reports partial batch failures, and the queue redrives after the count the function knows', () => {
    const ingest = functionOf(deployment, 'ingest');
    const trigger = queueTriggerOf(ingest);
    expect(trigger.reportBatchItemFailures).toBe(true);
    const queue = queueOf(deployment, trigger.queueArn);
    expect(Number(ingest.environment.INGEST_MAX_RECEIVE_COUNT)).toBe(queue.maxReceiveCount);
    // Lambda's guidance: a visibility timeout of at least six times the function timeout.
    expect(queue.visibilityTimeoutSeconds).toBeGreaterThanOrEqual(6 * ingest.timeoutSeconds);
  });
});

describe('EventBridge Scheduler → close-quarter function', () => {
  it('renders the input as the handler schema accepts it, graceDays a number', () => {
    const schedule = scheduleOf(functionOf(deployment, 'close-quarter'));
    expect(schedule.input).toEqual({ action: 'close-quarter-if-due', graceDays: DEFAULT_GRACE_DAYS });
    expect(CloseQuarterEventSchema.safeParse(schedule.input).success).toBe(true);
    expect(schedule.expression).toBe('cron(0 2 * * ? *)');
  });

  it('every grace period the template parameter allows is one the handler accepts, and no more', async () => {
    const { synthesizeRegistry } = await import('../../infra/local/deployment/synthesize-registry.js');
    const { resolveDeployment } = await import('../../infra/local/deployment/local-deployment.js');
    const synthesized = synthesizeRegistry();
    const parameter = synthesized.template.Parameters!.CloseQuarterGraceDays as unknown as {
      MinValue: number;
      MaxValue: number;
    };
    expect([parameter.MinValue, parameter.MaxValue]).toEqual([0, MAX_GRACE_DAYS]);
    for (const days of [parameter.MinValue, parameter.MaxValue]) {
      const rendered = resolveDeployment(synthesized, {
        parameters: { CloseQuarterGraceDays: String(days) },
      });
      const input = scheduleOf(functionOf(rendered, 'close-quarter')).input;
      expect(CloseQuarterEventSchema.parse(input)).toEqual({
        action: 'close-quarter-if-due',
        graceDays: days,
      });
    }
    expect(
      CloseQuarterEventSchema.safeParse({ action: 'close-quarter-if-due', graceDays: parameter.MaxValue + 1 })
        .success,
    ).toBe(false);
  }, 120_000);
});

describe('ingest → report queue → report function', () => {
  it('reads the message SqsStalePublisher sends, delivered from the template queue', async () => {
    const trigger = queueTriggerOf(functionOf(deployment, 'report'));
    expect(trigger).toMatchObject({
      batchSize: 1000,
      maximumBatchingWindowSeconds: 300,
      reportBatchItemFailures: true,
    });
    const body = staleMessageBody({ quarter: '2023-Q3', centerId: 'C001', uploadId: 'u1' } as never);
    const logged: string[] = [];
    const generated: string[] = [];
    const response = await regenerateStaleReports(
      { Records: [sqsRecord(body, trigger.queueArn), sqsRecord('not json', trigger.queueArn)] },
      {
        objectStore: new MemoryObjectStore(),
        registryStore: new MemoryRegistryStore(),
        buckets: { data: 'd', reports: 'r' },
        clock: () => new Date('2023-10-02T12:00:00Z'),
        log: (line) => logged.push(line),
      },
      {
        generate: async (_deps, options) => {
          generated.push(options.quarter);
          return { outcome: 'already-final' } as never;
        },
      },
    );
    // The stale quarter (open on that date) is regenerated once; the malformed message is dropped, not retried.
    expect(generated).toEqual(['2023-Q3']);
    expect(logged.some((line) => line.includes('not a "quarter stale" event'))).toBe(true);
    expect(response.batchItemFailures).toEqual([]);
  });
});
