import {
  CallbackStalePublisher,
  SnsVerdictNotifier,
  SqsStalePublisher,
} from '../../../shared/adapters/index.js';
import {
  FunctionConfigError,
  ingestDependencies,
  readFunctionEnvironment,
} from '../../../shared/adapters/composition-root.js';
import { envNames } from '../../../shared/config/resources.js';
import { base, clients } from './support/function-environment.js';

describe('readFunctionEnvironment', () => {
  it('reads an explicit environment object, never process.env', () => {
    const env = readFunctionEnvironment({ ...base, [envNames.reportsBucket]: 'ecls-reports' }, 'report');
    expect(env).toEqual({
      functionName: 'report',
      dataBucket: 'ecls-data',
      table: 'ecls-registry',
      reportsBucket: 'ecls-reports',
    });
  });

  it('names the function and every missing variable', () => {
    const read = () => readFunctionEnvironment({ [envNames.table]: 't' }, 'close-quarter');
    expect(read).toThrow(FunctionConfigError);
    expect(read).toThrow(
      'The close-quarter function needs the environment variable(s) DATA_BUCKET, REPORTS_BUCKET; the stack ' +
        'sets them (infra/stacks/function-specs.ts).',
    );
  });

  it('treats an empty variable as missing', () => {
    expect(() => readFunctionEnvironment({ ...base, [envNames.dataBucket]: '' }, 'ingest')).toThrow(
      /DATA_BUCKET/,
    );
  });
});

describe('ingestDependencies', () => {
  it('sends stale quarters to the report queue when REPORT_QUEUE_URL is set', () => {
    const env = readFunctionEnvironment(
      { ...base, [envNames.reportQueueUrl]: 'https://sqs.us-east-1.amazonaws.com/123456789012/ecls-report' },
      'ingest',
    );
    expect(ingestDependencies(env, clients()).stalePublisher).toBeInstanceOf(SqsStalePublisher);
  });

  it('logs stale quarters and notifies nobody when neither variable is set', () => {
    const deps = ingestDependencies(readFunctionEnvironment(base, 'ingest'), clients());
    expect(deps.stalePublisher).toBeInstanceOf(CallbackStalePublisher);
    expect(deps.notifier).toBeUndefined();
  });

  it('notifies centers through SNS when VERDICT_TOPIC_ARN is set', () => {
    const env = readFunctionEnvironment(
      { ...base, [envNames.verdictTopicArn]: 'arn:aws:sns:us-east-1:123456789012:ecls-verdicts' },
      'ingest',
    );
    expect(ingestDependencies(env, clients()).notifier).toBeInstanceOf(SnsVerdictNotifier);
  });

  it('passes the queue receive limit the stack sets, and refuses one that is not a count', () => {
    const env = readFunctionEnvironment({ ...base, [envNames.ingestMaxReceiveCount]: '3' }, 'ingest');
    expect(ingestDependencies(env, clients()).maxReceiveCount).toBe(3);
    expect(() =>
      readFunctionEnvironment({ ...base, [envNames.ingestMaxReceiveCount]: 'three' }, 'ingest'),
    ).toThrow(/INGEST_MAX_RECEIVE_COUNT/);
  });
});
