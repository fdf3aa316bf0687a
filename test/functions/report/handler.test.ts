/**
 * The report handler emits the ReportAgeSeconds EMF line the "report older than expected" alarm watches. A
 * batch of messages that are not stale events runs the real handler without touching S3 or DynamoDB.
 */
import { jest } from '@jest/globals';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { reportAgeMetric } from '../../../shared/observability/index.js';

const message = (messageId: string, sentAt: number): SQSRecord =>
  ({
    messageId,
    body: JSON.stringify({ type: 'not-a-stale-event' }),
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(sentAt) },
  }) as unknown as SQSRecord;

it('writes one EMF line with the age of the oldest message of the batch', async () => {
  process.env.TABLE_NAME = 'table';
  process.env.DATA_BUCKET = 'data';
  process.env.REPORTS_BUCKET = 'reports';
  const { handler } = await import('../../../functions/report/handler.js');
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const now = Date.now();
    const event: SQSEvent = { Records: [message('a', now - 120_000), message('b', now - 30_000)] };
    const response = await handler(event, {} as never);
    expect(response).toEqual({ batchItemFailures: [] });
  } finally {
    write.mockRestore();
  }
  const metrics = lines
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(metrics).toHaveLength(1);
  expect(metrics[0]).toMatchObject({ service: 'ecls-registry', function: 'report' });
  const age = metrics[0]![reportAgeMetric.name] as number;
  expect(age).toBeGreaterThanOrEqual(120);
  expect(age).toBeLessThan(180);
});
