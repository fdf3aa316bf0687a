/**
 * The function wiring, tested generically over `functionSpecs`. With `fixture` handlers every spec is wired to a
 * stand-in entry, so triggers, grants, schedule and alarms are checked now; with `checkout` handlers the stack
 * wires exactly the specs whose handler file exists, and the same runtime/arm64 checks cover the real functions.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { functionSpecs, servicePrefixes, topicEnvNames } from '../../infra/stacks/function-specs.js';
import { repoRoot } from '../../infra/stacks/registry-stack.js';
import type { CfnTemplate } from '../../infra/local/deployment/cfn-template.js';
import type { FunctionName } from '../../infra/stacks/function-specs.js';
import { logicalIdOf, synthRegistry, type Synthesized } from './support/synth.js';
import { type Decision, registryIam, type RegistryIam } from './support/template-iam.js';

type Resource = { Type: string; Properties: Record<string, unknown> };

/** CDK's own deploy-time helper (writes the bucket notification); not a registry function. */
const cdkInternalFunction = /^BucketNotificationsHandler[0-9a-f]{32}/;

const registryFunctionsOf = (s: Synthesized): [string, Resource][] =>
  Object.entries(s.template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter(
    ([id]) => !cdkInternalFunction.test(id),
  );

describe.each(['fixture', 'checkout'] as const)('with %s handlers', (handlers) => {
  let s: Synthesized;
  beforeAll(() => {
    s = synthRegistry(handlers);
  });

  test('wires exactly the specs whose entry is available', () => {
    const expected = functionSpecs
      .filter((spec) => handlers === 'fixture' || existsSync(resolve(repoRoot, spec.entry)))
      .map((spec) => spec.name);
    expect([...s.stack.functions.keys()]).toEqual(expected);
    expect(registryFunctionsOf(s)).toHaveLength(expected.length);
  });

  test('every registry function runs nodejs22.x on arm64 with tracing', () => {
    for (const [id, fn] of registryFunctionsOf(s)) {
      expect([id, fn.Properties.Runtime, fn.Properties.Architectures, fn.Properties.TracingConfig]).toEqual([
        id,
        'nodejs22.x',
        ['arm64'],
        { Mode: 'Active' },
      ]);
    }
  });

  test('cdk-nag reports nothing unsuppressed', () => {
    const nag = Match.stringLikeRegexp('AwsSolutions-.*');
    expect(Annotations.fromStack(s.stack).findError('*', nag)).toEqual([]);
    expect(Annotations.fromStack(s.stack).findWarning('*', nag)).toEqual([]);
  });

  test('every wired function has an errors alarm to the alarm topic', () => {
    for (const fn of s.stack.functions.values()) {
      s.template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/Lambda',
        MetricName: 'Errors',
        Dimensions: [{ Name: 'FunctionName', Value: { Ref: logicalIdOf(fn.function) } }],
        Threshold: 0,
        AlarmActions: [{ Ref: logicalIdOf(s.stack.alarmTopic) }],
      });
    }
  });

  test('no function role allows a wildcard action or an unscoped resource, except X-Ray', () => {
    const iam = registryIam(s);
    for (const name of s.stack.functions.keys()) {
      const statements = iam.functionRole(name).policies.flatMap((p) => p.policy.Statement);
      expect([name, statements.length]).not.toEqual([name, 0]);
      for (const statement of statements) {
        const actions = [statement.Action ?? []].flat() as string[];
        for (const action of actions) expect(action).not.toMatch(/\*/);
        if ([statement.Resource].flat().includes('*')) {
          expect(actions.every((a) => a.startsWith('xray:'))).toBe(true);
        }
      }
    }
  });
});

describe('with fixture handlers: triggers, grants and schedule', () => {
  let s: Synthesized;
  let template: CfnTemplate;
  let iam: RegistryIam;
  beforeAll(() => {
    s = synthRegistry('fixture');
    template = s.template.toJSON() as CfnTemplate;
    iam = registryIam(s);
  });

  /** A function's request on an object, with the bucket policy. */
  const decide = async (
    name: FunctionName,
    action: string,
    bucket: 'uploads' | 'data' | 'reports',
    key: string,
  ): Promise<Decision> => iam.decide(iam.functionRole(name), action, iam.objectArn(bucket, key));

  test('each queue-triggered function consumes its queue with partial batch failures', () => {
    for (const spec of functionSpecs) {
      if (spec.trigger.kind !== 'queue') continue;
      s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        FunctionName: { Ref: logicalIdOf(s.stack.functions.get(spec.name)!.function) },
        EventSourceArn: { 'Fn::GetAtt': [logicalIdOf(s.stack.queues[spec.trigger.queue]), 'Arn'] },
        BatchSize: spec.trigger.batchSize,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: spec.trigger.maxConcurrency },
      });
    }
  });

  test('each queue visibility timeout is six times its consumer timeout', () => {
    for (const spec of functionSpecs) {
      if (spec.trigger.kind !== 'queue') continue;
      const queue = template.Resources[logicalIdOf(s.stack.queues[spec.trigger.queue])]!;
      expect(queue.Properties?.VisibilityTimeout).toBe(6 * 60 * spec.timeoutMinutes);
    }
  });

  test('every grant in the spec list becomes an environment variable', () => {
    for (const spec of functionSpecs) {
      const fn = template.Resources[logicalIdOf(s.stack.functions.get(spec.name)!.function)] as Resource;
      const variables = Object.keys((fn.Properties.Environment as { Variables: object }).Variables);
      const expected = spec.grants.map((g) =>
        g.kind === 'bucket'
          ? `${g.bucket.toUpperCase()}_BUCKET`
          : g.kind === 'table'
            ? 'TABLE_NAME'
            : g.kind === 'publishToTopic'
              ? topicEnvNames[g.topic]
              : 'REPORT_QUEUE_URL',
      );
      expect([spec.name, variables]).toEqual([spec.name, expect.arrayContaining(expected)]);
    }
  });

  test('ingest reads uploads and writes verdicts and curated data, and nothing more in S3', async () => {
    expect(await decide('ingest', 's3:GetObject', 'uploads', 'uploads/C001/2026-q1.csv')).toBe('Allowed');
    expect(await decide('ingest', 's3:PutObject', 'uploads', 'uploads/C001/2026-q1.csv')).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide('ingest', 's3:PutObject', 'data', 'validation/C001/u1/verdict.json')).toBe('Allowed');
    expect(await decide('ingest', 's3:PutObject', 'data', 'curated/C001/runs.json')).toBe('Allowed');
    expect(await decide('ingest', 's3:PutObject', 'reports', 'site/index.html')).toBe('ImplicitlyDenied');
    expect(await decide('ingest', 's3:DeleteObject', 'data', 'curated/C001/runs.json')).toBe(
      'ImplicitlyDenied',
    );
  });

  test('report reads curated data and writes only the site and center reports', async () => {
    expect(await decide('report', 's3:GetObject', 'data', 'curated/C001/runs.json')).toBe('Allowed');
    expect(await decide('report', 's3:GetObject', 'uploads', 'uploads/C001/2026-q1.csv')).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide('report', 's3:GetObject', 'data', 'validation/C001/u1/verdict.json')).toBe(
      'ImplicitlyDenied',
    );
    expect(await decide('report', 's3:PutObject', 'reports', 'site/index.html')).toBe('Allowed');
    expect(await decide('report', 's3:PutObject', 'reports', 'centers/C001/report.html')).toBe('Allowed');
    expect(await decide('report', 's3:PutObject', 'data', 'curated/C001/runs.json')).toBe('ImplicitlyDenied');
  });

  test('no function may delete a raw upload version, even with a grant, because the bucket denies it', async () => {
    for (const spec of functionSpecs) {
      expect([
        spec.name,
        await decide(spec.name, 's3:DeleteObjectVersion', 'uploads', 'uploads/C001/a.csv'),
      ]).toEqual([spec.name, 'ExplicitlyDenied']);
    }
  });

  test('the table grants follow the spec: report reads, ingest writes', async () => {
    const table = iam.deployment.table.arn;
    const can = async (name: 'ingest' | 'report', action: string, resource: string): Promise<Decision> =>
      iam.decide(iam.functionRole(name), action, resource);
    expect(await can('report', 'dynamodb:Query', `${table}/index/gsi1`)).toBe('Allowed');
    expect(await can('report', 'dynamodb:PutItem', table)).toBe('ImplicitlyDenied');
    expect(await can('ingest', 'dynamodb:UpdateItem', table)).toBe('Allowed');
    expect(await can('ingest', 'dynamodb:DeleteTable', table)).toBe('ImplicitlyDenied');
  });

  test('ingest gets VERDICT_TOPIC_ARN and may publish to the verdict topic only; no other function may', async () => {
    const ingest = template.Resources[logicalIdOf(s.stack.functions.get('ingest')!.function)] as Resource;
    const variables = (ingest.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(variables.VERDICT_TOPIC_ARN).toEqual({ Ref: logicalIdOf(s.stack.verdictTopic) });
    const verdictTopic = iam.topicArn(s.stack.verdictTopic);
    expect(iam.deployment.functions.ingest!.environment.VERDICT_TOPIC_ARN).toBe(verdictTopic);
    const publish = async (name: FunctionName, topic: string): Promise<Decision> =>
      iam.decide(iam.functionRole(name), 'sns:Publish', topic);
    expect(await publish('ingest', verdictTopic)).toBe('Allowed');
    expect(await publish('ingest', iam.topicArn(s.stack.alarmTopic))).toBe('ImplicitlyDenied');
    expect(await publish('report', verdictTopic)).toBe('ImplicitlyDenied');
    expect(await publish('close-quarter', verdictTopic)).toBe('ImplicitlyDenied');
    // The one SNS statement of the ingest role names the verdict topic alone (resolved to its ARN).
    const snsStatements = iam
      .functionRole('ingest')
      .policies.flatMap((p) => p.policy.Statement)
      .filter((st) => ([st.Action ?? []].flat() as string[]).some((a) => a.startsWith('sns:')));
    expect(snsStatements).toEqual([
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Resource: verdictTopic }),
    ]);
  });

  test('the composition root reads the variable the stack sets', async () => {
    const { envNames } = await import('../../shared/config/resources.js');
    expect(topicEnvNames.verdict).toBe(envNames.verdictTopicArn);
  });

  test('the close-quarter function runs daily from EventBridge Scheduler with the grace period and a DLQ', () => {
    const closeQuarter = s.stack.functions.get('close-quarter')!;
    s.template.hasParameter('CloseQuarterGraceDays', { Type: 'Number', Default: 30 });
    s.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 * * ? *)',
      State: 'ENABLED',
      Target: {
        Arn: { 'Fn::GetAtt': [logicalIdOf(closeQuarter.function), 'Arn'] },
        Input: Match.anyValue(),
        DeadLetterConfig: { Arn: Match.anyValue() },
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 6 * 3600 },
      },
    });
    const schedule = Object.values(s.template.findResources('AWS::Scheduler::Schedule'))[0] as Resource;
    const input = JSON.stringify((schedule.Properties.Target as { Input: unknown }).Input);
    expect(input).toContain('close-quarter-if-due');
    expect(input).toContain('{"Ref":"CloseQuarterGraceDays"}');
  });

  test('the key-prefix constants match the layout of shared/config/resources.ts', () => {
    expect(servicePrefixes).toEqual({
      uploads: 'uploads/*',
      validation: 'validation/*',
      curated: 'curated/*',
      site: 'site/*',
      centerReports: 'centers/*',
    });
  });
});
