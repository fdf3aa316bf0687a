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
import { RegistryFunction } from '../../infra/constructs/registry-function.js';
import { decideForRole, symbolicArn } from './support/iam-evaluate.js';
import { fixtureEntry, logicalIdOf } from './support/synth.js';

let template: Template;
let fn: RegistryFunction;
let bucket: Bucket;
let key: Key;

beforeAll(() => {
  const stack = new Stack(new App(), 'FunctionDefaults');
  key = new Key(stack, 'Key');
  bucket = new Bucket(stack, 'Bucket', { encryptionKey: key });
  const table = new Table(stack, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
  });
  const queue = new Queue(stack, 'Queue', { encryptionMasterKey: key });
  fn = new RegistryFunction(stack, 'Fn', {
    entry: fixtureEntry,
    memorySize: 3008,
    timeout: Duration.minutes(10),
  });
  fn.bindBucket({ env: 'DATA_BUCKET', bucket, key, read: ['curated/*'], write: ['validation/*'] });
  fn.bindTable('TABLE_NAME', table, key, 'gsi1', 'read');
  fn.bindQueueSender('REPORT_QUEUE_URL', queue, key);
  template = Template.fromStack(stack);
});

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

test('its role has no AWS managed policy and may write only to its own log group', () => {
  const role = template.toJSON().Resources[logicalIdOf(fn.role)] as { Properties: Record<string, unknown> };
  expect(role.Properties).not.toHaveProperty('ManagedPolicyArns');
  const json = template.toJSON() as Parameters<typeof decideForRole>[0];
  const logGroupArn = symbolicArn(json, logicalIdOf(fn.logGroup));
  const roleId = logicalIdOf(fn.role);
  expect(decideForRole(json, roleId, { action: 'logs:PutLogEvents', resource: logGroupArn })).toBe('allow');
  expect(
    decideForRole(json, roleId, {
      action: 'logs:PutLogEvents',
      resource: 'arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/other:*',
    }),
  ).toBe('implicit-deny');
});

test('bindBucket sets the variable and grants reads and writes on the given prefixes only', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: { Variables: Match.objectLike({ DATA_BUCKET: { Ref: logicalIdOf(bucket) } }) },
  });
  const json = template.toJSON() as Parameters<typeof decideForRole>[0];
  const roleId = logicalIdOf(fn.role);
  const object = (k: string): string => `${symbolicArn(json, logicalIdOf(bucket))}/${k}`;
  const decide = (action: string, resource: string): string =>
    decideForRole(json, roleId, { action, resource });
  expect(decide('s3:GetObject', object('curated/C001/runs.json'))).toBe('allow');
  expect(decide('s3:PutObject', object('validation/C001/u1/verdict.json'))).toBe('allow');
  expect(decide('s3:PutObject', object('curated/C001/runs.json'))).toBe('implicit-deny');
  expect(decide('s3:GetObject', object('uploads/C001/a.csv'))).toBe('implicit-deny');
  expect(decide('s3:DeleteObject', object('validation/C001/u1/verdict.json'))).toBe('implicit-deny');
  expect(decide('kms:GenerateDataKey', symbolicArn(json, logicalIdOf(key)))).toBe('allow');
});

test('bindTable and bindQueueSender set their variables and grant only what their names say', () => {
  template.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({ TABLE_NAME: Match.anyValue(), REPORT_QUEUE_URL: Match.anyValue() }),
    },
  });
  const json = template.toJSON() as Parameters<typeof decideForRole>[0];
  const tableArn = symbolicArn(json, Object.keys(template.findResources('AWS::DynamoDB::Table'))[0]!);
  const queueArn = symbolicArn(json, Object.keys(template.findResources('AWS::SQS::Queue'))[0]!);
  const decide = (action: string, resource: string): string =>
    decideForRole(json, logicalIdOf(fn.role), { action, resource });
  expect(decide('dynamodb:Query', `${tableArn}/index/gsi1`)).toBe('allow');
  expect(decide('dynamodb:Query', `${tableArn}/index/other`)).toBe('implicit-deny');
  expect(decide('dynamodb:PutItem', tableArn)).toBe('implicit-deny');
  expect(decide('dynamodb:Scan', tableArn)).toBe('implicit-deny');
  expect(decide('sqs:SendMessage', queueArn)).toBe('allow');
  expect(decide('sqs:DeleteMessage', queueArn)).toBe('implicit-deny');
});
