import { SendMessageBatchCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { SqsStalePublisher } from '../../../shared/adapters/index.js';
import type { Quarter, QuarterStaleEvent } from '../../../shared/ingest/index.js';
import { QuarterStalePublishError } from '../../../shared/ports/index.js';

const client = new SQSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(client);
beforeEach(() => mock.reset());

const queueUrl = 'https://sqs.us-east-1.amazonaws.com/123456789012/ecls-report';

function events(n: number): QuarterStaleEvent[] {
  return Array.from({ length: n }, (_, i) => ({
    type: 'quarter-stale' as const,
    centerId: 'C001',
    quarter: `${2000 + Math.floor(i / 4)}-Q${(i % 4) + 1}` as Quarter,
    uploadId: 'u1',
    version: 3,
  }));
}

describe('SqsStalePublisher', () => {
  it('sends one { quarter, centerId, uploadId } message per event, in batches of at most ten', async () => {
    mock.on(SendMessageBatchCommand).resolves({ Successful: [], Failed: [] });
    const sent = events(23);
    await new SqsStalePublisher(client, { queueUrl }).publish(sent);

    const calls = mock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls.map((c) => c.Entries!.length)).toEqual([10, 10, 3]);
    expect(calls.every((c) => c.QueueUrl === queueUrl)).toBe(true);
    const entries = calls.flatMap((c) => c.Entries!);
    expect(new Set(entries.map((e) => e.Id)).size).toBe(23);
    expect(entries.map((e) => JSON.parse(e.MessageBody!))).toEqual(
      sent.map((e) => ({ quarter: e.quarter, centerId: 'C001', uploadId: 'u1' })),
    );
  });

  it('sends nothing for no events', async () => {
    await new SqsStalePublisher(client, { queueUrl }).publish([]);
    expect(mock.commandCalls(SendMessageBatchCommand)).toHaveLength(0);
  });

  it('sends again only the entries SQS failed on its side', async () => {
    mock
      .on(SendMessageBatchCommand)
      .resolvesOnce({ Failed: [{ Id: 'e1', Code: 'InternalError', SenderFault: false }] })
      .resolves({ Failed: [] });
    await new SqsStalePublisher(client, { queueUrl }).publish(events(3));
    const calls = mock.commandCalls(SendMessageBatchCommand).map((c) => c.args[0].input);
    expect(calls).toHaveLength(2);
    expect(calls[1]!.Entries!.map((e) => e.Id)).toEqual(['e1']);
  });

  it('turns a sender fault into a QuarterStalePublishError with the failed entries as cause', async () => {
    const failed = [{ Id: 'e0', Code: 'InvalidParameterValue', SenderFault: true, Message: 'bad body' }];
    mock.on(SendMessageBatchCommand).resolves({ Failed: failed });
    const error = await new SqsStalePublisher(client, { queueUrl })
      .publish(events(2))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuarterStalePublishError);
    expect((error as Error).message).toContain('InvalidParameterValue');
    expect((error as Error).cause).toEqual(failed);
    expect(mock.commandCalls(SendMessageBatchCommand)).toHaveLength(1);
  });

  it('gives up on entries SQS keeps failing after maxAttempts', async () => {
    mock
      .on(SendMessageBatchCommand)
      .resolves({ Failed: [{ Id: 'e0', Code: 'InternalError', SenderFault: false }] });
    await expect(
      new SqsStalePublisher(client, { queueUrl, maxAttempts: 2 }).publish(events(1)),
    ).rejects.toThrow(QuarterStalePublishError);
    expect(mock.commandCalls(SendMessageBatchCommand)).toHaveLength(2);
  });

  it('wraps an SDK error in a QuarterStalePublishError with the SDK error as cause', async () => {
    const denied = Object.assign(new Error('not authorized to sqs:SendMessage'), { name: 'AccessDenied' });
    mock.on(SendMessageBatchCommand).rejects(denied);
    const error = await new SqsStalePublisher(client, { queueUrl })
      .publish(events(1))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(QuarterStalePublishError);
    expect((error as Error).cause).toBe(denied);
    expect((error as Error).message).toContain(queueUrl);
  });
});
