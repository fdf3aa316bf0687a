import {
  CallbackStalePublisher,
  SnsVerdictNotifier,
  SqsStalePublisher,
} from '../../../shared/adapters/index.js';
import { dependenciesFromEnv, ingestEnv } from '../../../functions/ingest/handler.js';

describe('dependenciesFromEnv', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    process.env[ingestEnv.dataBucket] = 'ecls-data';
    process.env[ingestEnv.table] = 'ecls-registry';
    process.env.AWS_REGION = 'us-east-1';
    process.env[ingestEnv.reportQueueUrl] = '';
    process.env[ingestEnv.verdictTopicArn] = '';
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it('sends stale quarters to the report queue when REPORT_QUEUE_URL is set', () => {
    process.env[ingestEnv.reportQueueUrl] = 'https://sqs.us-east-1.amazonaws.com/123456789012/ecls-report';
    expect(ingestEnv.reportQueueUrl).toBe('REPORT_QUEUE_URL');
    expect(dependenciesFromEnv().stalePublisher).toBeInstanceOf(SqsStalePublisher);
  });

  it('logs stale quarters and notifies nobody when neither variable is set', () => {
    const deps = dependenciesFromEnv();
    expect(deps.stalePublisher).toBeInstanceOf(CallbackStalePublisher);
    expect(deps.notifier).toBeUndefined();
  });

  it('notifies centers through SNS when VERDICT_TOPIC_ARN is set', () => {
    process.env[ingestEnv.verdictTopicArn] = 'arn:aws:sns:us-east-1:123456789012:ecls-verdicts';
    expect(dependenciesFromEnv().notifier).toBeInstanceOf(SnsVerdictNotifier);
  });
});
