import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { SnsVerdictNotifier } from '../../../shared/adapters/index.js';
import type { VerdictNotice } from '../../../shared/ingest/index.js';
import { VerdictNotificationError } from '../../../shared/ports/index.js';

const client = new SNSClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
});
const mock = mockClient(client);
beforeEach(() => mock.reset());

const topicArn = 'arn:aws:sns:us-east-1:123456789012:ecls-verdicts';
const notice: VerdictNotice = {
  type: 'upload-verdict',
  centerId: 'C007',
  uploadId: '0123456789abcdef0123456789abcdef',
  uploadKey: 'uploads/C007/2023 été.csv',
  mode: 'upsert',
  status: 'rejected',
  verdictStatus: 'red',
  counts: { rows: 120, acceptedRows: 0, rejectedRows: 120, errors: 3, warnings: 1 },
  links: {
    bucket: 'ecls-data',
    verdictJson: 'validation/C007/0123456789abcdef0123456789abcdef/verdict.json',
    verdictHtml: 'validation/C007/0123456789abcdef0123456789abcdef/verdict.html',
    problemsCsv: 'validation/C007/0123456789abcdef0123456789abcdef/problems.csv',
  },
  validatedAt: '2026-11-28T10:00:00.000Z',
};

describe('SnsVerdictNotifier', () => {
  it('publishes the notice as JSON with an ASCII subject and the center as a filterable attribute', async () => {
    mock.on(PublishCommand).resolves({ MessageId: 'm1' });
    await new SnsVerdictNotifier(client, { topicArn }).notify(notice);
    const [call] = mock.commandCalls(PublishCommand);
    const input = call!.args[0].input;
    expect(input.TopicArn).toBe(topicArn);
    expect(JSON.parse(input.Message!)).toEqual(notice);
    expect(input.Subject).toBe('ECLS registry: upload rejected (red) for center C007');
    expect(input.Subject!.length).toBeLessThanOrEqual(100);
    expect(input.MessageAttributes).toEqual({
      centerId: { DataType: 'String', StringValue: 'C007' },
      verdictStatus: { DataType: 'String', StringValue: 'red' },
    });
  });

  it('wraps an SDK error in a VerdictNotificationError with the SDK error as cause', async () => {
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottledException' });
    mock.on(PublishCommand).rejects(throttled);
    const error = await new SnsVerdictNotifier(client, { topicArn }).notify(notice).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VerdictNotificationError);
    expect((error as Error).cause).toBe(throttled);
    expect((error as Error).message).toContain(notice.uploadId);
  });
});
