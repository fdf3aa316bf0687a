/**
 * The RegistryFunction construct's defaults, checked on a test stack with a fixture entry (no real handler needed),
 * and its bind helpers: each sets an environment variable and exactly the matching permission.
 */
import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { AttributeType, BillingMode, Table } from 'aws-cdk-lib/aws-dynamodb';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { RegistryFunction } from '../../../infra/constructs/registry-function.js';
import type { CfnTemplate } from '../../../infra/local/deployment/cfn-template.js';
import { fixtureEntry, logicalIdOf } from '../support/synth.js';
import { type Decision, stackIam, type StackIam } from '../support/template-iam.js';

let template: Template;
let iam: StackIam;
let fn: RegistryFunction;
let bucket: Bucket;
let key: Key;
let table: Table;
let queue: Queue;

beforeAll(() => {
  const stack = new Stack(new App(), 'FunctionDefaults');
  key = new Key(stack, 'Key');
  bucket = new Bucket(stack, 'Bucket', { encryptionKey: key });
  table = new Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
  });
  queue = new Queue(stack, 'Queue', { encryptionMasterKey: key });
  fn = new RegistryFunction(stack, 'Fn', {
    entry: fixtureEntry,
    memorySize: 3008,
    timeout: Duration.minutes(10),
  });
  fn.bindBucket({ env: 'DATA_BUCKET', bucket, key, read: ['curated/*'], write: ['validation/*'] });
  fn.bindTable('TABLE_NAME', table, key, 'gsi1', 'read');
  fn.bindQueueSender('REPORT_QUEUE_URL', queue, key);
  template = Template.fromStack(stack);
  iam = stackIam(stack, template.toJSON() as CfnTemplate);
});

/** The function's role doing `action` on `resource`. */
const decide = async (action: string, resource: string): Promise<Decision> =>
  iam.decide(iam.roleIdentity(fn.role), action, resource);

test('bundles locally to an ESM asset and runs nodejs22.x on arm64 with JSON logs and active tracing', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Runtime: 'nodejs22.x',
    Architectures: ['arm64'],
    Handler: 'index.handler',
    MemorySize: 3008,
    Timeout: 600,
    TracingConfig: { Mode: 'Active' },
    LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalIdOf(fn.logGroup) } },
    Environment: {
      Variables: Match.objectLike({
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'ecls-registry',
        POWERTOOLS_METRICS_NAMESPACE: 'EclsRegistry',
      }),
    },
  });
});

test('defaults to 1024 MB and one minute when no size is given', () => {
  const stack = new Stack(new App(), 'Small');
  new RegistryFunction(stack, 'Fn', { entry: fixtureEntry });
  Template.fromStack(stack).hasResourceProperties('AWS::Lambda::Function', { MemorySize: 1024, Timeout: 60 });
});

test('logs go to its own log group with a fixed retention, kept if the stack is removed', () => {
  template.hasResource('AWS::Logs::LogGroup', {
    Properties: { RetentionInDays: 180 },
    DeletionPolicy: 'Retain',
  });
});

test('its role has no AWS managed policy and may write only to its own log group', async () => {
  const role = template.toJSON().Resources[logicalIdOf(fn.role)] as { Properties: Record<string, unknown> };
  expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  // PutLogEvents is authorized on a log stream of the group.
  const stream = (groupArn: string): string =>
    `${groupArn.replace(/:\*$/, '')}:log-stream:2026/01/01/[$LATEST]abc`;
  const own = iam.arnOf(fn.logGroup);
  expect(own).toMatch(/^arn:aws:logs:us-east-1:000000000000:log-group:.+:\*$/);
  expect(await decide('logs:PutLogEvents', stream(own))).toBe('Allowed');
  expect(
    await decide(
      'logs:PutLogEvents',
      stream(`arn:aws:logs:${iam.deployment.region}:${iam.deployment.account}:log-group:/aws/lambda/other:*`),
    ),
  ).toBe('ImplicitlyDenied');
});

test('bindBucket sets the variable and grants reads and writes on the given prefixes only', async () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ DATA_BUCKET: { Ref: logicalIdOf(bucket) } }) },
  });
  const object = (k: string): string => `${iam.arnOf(bucket)}/${k}`;
  expect(await decide('s3:GetObject', object('curated/C001/runs.json'))).toBe('Allowed');
  expect(await decide('s3:PutObject', object('validation/C001/u1/verdict.json'))).toBe('Allowed');
  expect(await decide('s3:PutObject', object('curated/C001/runs.json'))).toBe('ImplicitlyDenied');
  expect(await decide('s3:GetObject', object('uploads/C001/a.csv'))).toBe('ImplicitlyDenied');
  expect(await decide('s3:DeleteObject', object('validation/C001/u1/verdict.json'))).toBe('ImplicitlyDenied');
  expect(await decide('kms:GenerateDataKey', iam.arnOf(key))).toBe('Allowed');
});

test('bindTable and bindQueueSender set their variables and grant only what their names say', async () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), REPORT_QUEUE_URL: Match.anyValue() }),
    },
  });
  const tableArn = iam.arnOf(table);
  const queueArn = iam.arnOf(queue);
  expect(await decide('dynamodb:Query', `${tableArn}/index/gsi1`)).toBe('Allowed');
  expect(await decide('dynamodb:Query', `${tableArn}/index/other`)).toBe('ImplicitlyDenied');
  expect(await decide('dynamodb:PutItem', tableArn)).toBe('ImplicitlyDenied');
  expect(await decide('dynamodb:Scan', tableArn)).toBe('ImplicitlyDenied');
  expect(await decide('sqs:SendMessage', queueArn)).toBe('Allowed');
  expect(await decide('sqs:DeleteMessage', queueArn)).toBe('ImplicitlyDenied');
});
