/**
 * The test-support IAM evaluator itself: intrinsic resolution, wildcard matching and IAM's deny/allow order, on
 * hand-written statements whose outcome follows from the IAM policy evaluation logic documentation.
 */
import {
  evaluate,
  resolveIntrinsics,
  type CfnTemplate,
  type Statement,
  wildcardMatch,
} from './support/iam-evaluate.js';

const template: CfnTemplate = {
  Resources: {
    Uploads: { Type: 'AWS::S3::Bucket' },
    Key: { Type: 'AWS::KMS::Key' },
  },
};

test('resolves Fn::Join over Fn::GetAtt and pseudo parameters to symbolic ARNs', () => {
  expect(
    resolveIntrinsics(
      { 'Fn::Join': ['', [{ 'Fn::GetAtt': ['Uploads', 'Arn'] }, '/uploads/C001/*']] },
      template,
    ),
  ).toBe('arn:aws:s3:::Uploads/uploads/C001/*');
  expect(
    resolveIntrinsics(
      { 'Fn::Join': ['.', ['s3', { Ref: 'AWS::Region' }, { Ref: 'AWS::URLSuffix' }]] },
      template,
    ),
  ).toBe('s3.eu-west-1.amazonaws.com');
  expect(resolveIntrinsics({ Ref: 'Uploads' }, template)).toBe('Uploads');
});

test('refuses intrinsics and resources it cannot resolve instead of guessing', () => {
  expect(() => resolveIntrinsics({ 'Fn::Select': [0, ['a']] }, template)).toThrow(/Fn::Select/);
  expect(() => resolveIntrinsics({ Ref: 'Missing' }, template)).toThrow(/Missing/);
});

test('wildcards: * spans slashes, ? is one character, actions ignore case', () => {
  expect(wildcardMatch('arn:aws:s3:::b/uploads/C001/*', 'arn:aws:s3:::b/uploads/C001/x/y.csv')).toBe(true);
  expect(wildcardMatch('arn:aws:s3:::b/uploads/C001/*', 'arn:aws:s3:::b/uploads/C0011/y.csv')).toBe(false);
  expect(wildcardMatch('s3:Get?bject', 's3:GetObject')).toBe(true);
  expect(wildcardMatch('s3:getobject', 's3:GetObject', true)).toBe(true);
  expect(wildcardMatch('a.b', 'axb')).toBe(false);
});

const allowPut: Statement = {
  Effect: 'Allow',
  Action: 's3:PutObject',
  Resource: 'arn:aws:s3:::b/uploads/C001/*',
};
const denyInsecure: Statement = {
  Effect: 'Deny',
  Principal: { AWS: '*' },
  Action: 's3:*',
  Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*'],
  Condition: { Bool: { 'aws:SecureTransport': 'false' } },
};

test('allow, implicit deny and explicit deny follow IAM evaluation order', () => {
  const put = (key: string, secure: string): string =>
    evaluate([allowPut, denyInsecure], {
      action: 's3:PutObject',
      resource: `arn:aws:s3:::b/${key}`,
      context: { 'aws:SecureTransport': secure },
    });
  expect(put('uploads/C001/a.csv', 'true')).toBe('allow');
  expect(put('uploads/C002/a.csv', 'true')).toBe('implicit-deny');
  expect(put('uploads/C001/a.csv', 'false')).toBe('explicit-deny');
});

test('a condition on a key absent from the request does not match', () => {
  const statement: Statement = {
    Effect: 'Allow',
    Action: 's3:ListBucket',
    Resource: 'arn:aws:s3:::b',
    Condition: { StringLike: { 's3:prefix': 'uploads/C001/*' } },
  };
  expect(evaluate([statement], { action: 's3:ListBucket', resource: 'arn:aws:s3:::b' })).toBe(
    'implicit-deny',
  );
  expect(
    evaluate([statement], {
      action: 's3:ListBucket',
      resource: 'arn:aws:s3:::b',
      context: { 's3:prefix': 'uploads/C001/x' },
    }),
  ).toBe('allow');
});

test('a resource-policy statement for a service principal does not apply to a role', () => {
  const forCloudFront: Statement = {
    Effect: 'Allow',
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Action: 's3:GetObject',
    Resource: 'arn:aws:s3:::b/site/*',
  };
  const request = { action: 's3:GetObject', resource: 'arn:aws:s3:::b/site/index.html' };
  expect(evaluate([forCloudFront], request)).toBe('implicit-deny');
  expect(evaluate([forCloudFront], { ...request, principal: 'cloudfront.amazonaws.com' })).toBe('allow');
});

test('NotAction and unsupported operators are handled or refused explicitly', () => {
  const allButDelete: Statement = { Effect: 'Allow', NotAction: 's3:Delete*', Resource: '*' };
  expect(evaluate([allButDelete], { action: 's3:GetObject', resource: 'x' })).toBe('allow');
  expect(evaluate([allButDelete], { action: 's3:DeleteObject', resource: 'x' })).toBe('implicit-deny');
  const ipCondition: Statement = { ...allowPut, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } };
  expect(() =>
    evaluate([ipCondition], { action: 's3:PutObject', resource: 'arn:aws:s3:::b/uploads/C001/a' }),
  ).toThrow(/IpAddress/);
});

test('Null matches on the presence or absence of a key', () => {
  const denySseC: Statement = {
    Effect: 'Deny',
    Principal: { AWS: '*' },
    Action: 's3:PutObject',
    Resource: 'arn:aws:s3:::b/*',
    Condition: { Null: { 's3:x-amz-server-side-encryption-customer-algorithm': 'false' } },
  };
  const put = (context: Record<string, string>): string =>
    evaluate([allowPut, denySseC], {
      action: 's3:PutObject',
      resource: 'arn:aws:s3:::b/uploads/C001/a.csv',
      context,
    });
  expect(put({})).toBe('allow');
  expect(put({ 's3:x-amz-server-side-encryption-customer-algorithm': 'AES256' })).toBe('explicit-deny');
  const onlyWithoutKey: Statement = { ...allowPut, Condition: { Null: { 's3:prefix': 'true' } } };
  const request = { action: 's3:PutObject', resource: 'arn:aws:s3:::b/uploads/C001/a' };
  expect(evaluate([onlyWithoutKey], request)).toBe('allow');
  expect(evaluate([onlyWithoutKey], { ...request, context: { 's3:prefix': 'x' } })).toBe('implicit-deny');
});
