/** Intrinsic functions resolved as CloudFormation resolves them, for one account, region and set of names. */
import {
  resolveValue,
  type ResolutionContext,
  TemplateResolutionError,
} from '../../../../infra/local/deployment/cfn-template.js';

const context: ResolutionContext = {
  template: {
    Parameters: { Grace: { Type: 'Number', Default: 30 } },
    Resources: {
      Bucket1: { Type: 'AWS::S3::Bucket' },
      Queue1: { Type: 'AWS::SQS::Queue' },
      Key1: { Type: 'AWS::KMS::Key' },
      Role1: { Type: 'AWS::IAM::Role', Properties: { RoleName: 'named-role' } },
    },
  },
  stackName: 'S',
  account: '000000000000',
  region: 'us-east-1',
  physicalNames: { Bucket1: 'ecls-data', Queue1: 'ecls-report' },
  queueUrlBase: 'https://sqs.local.invalid',
};

it('gives Ref and Fn::GetAtt the physical names and ARNs of the deployment', () => {
  expect(resolveValue({ Ref: 'Bucket1' }, context)).toBe('ecls-data');
  expect(resolveValue({ 'Fn::GetAtt': ['Bucket1', 'Arn'] }, context)).toBe('arn:aws:s3:::ecls-data');
  expect(resolveValue({ Ref: 'Queue1' }, context)).toBe('https://sqs.local.invalid/000000000000/ecls-report');
  expect(resolveValue({ 'Fn::GetAtt': ['Key1', 'Arn'] }, context)).toBe(
    'arn:aws:kms:us-east-1:000000000000:key/Key1',
  );
  expect(resolveValue({ 'Fn::GetAtt': ['Role1', 'Arn'] }, context)).toBe(
    'arn:aws:iam::000000000000:role/named-role',
  );
});

it('renders a parameter inside a joined string as text, as the scheduler receives it', () => {
  const input = { 'Fn::Join': ['', ['{"graceDays":', { Ref: 'Grace' }, '}']] };
  expect(JSON.parse(String(resolveValue(input, context)))).toEqual({ graceDays: 30 });
  expect(resolveValue(input, { ...context, parameters: { Grace: '7' } })).toBe('{"graceDays":7}');
});

it('resolves Fn::Sub, Fn::Select and Fn::Split and pseudo parameters', () => {
  expect(resolveValue({ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::${Bucket1}/x' }, context)).toBe(
    'arn:aws:s3:::ecls-data/x',
  );
  expect(resolveValue({ 'Fn::Select': [1, { 'Fn::Split': ['/', 'a/b/c'] }] }, context)).toBe('b');
});

it('refuses what it does not model rather than guess', () => {
  expect(() => resolveValue({ 'Fn::If': ['C', 'a', 'b'] }, context)).toThrow(TemplateResolutionError);
  expect(() => resolveValue({ Ref: 'Missing' }, context)).toThrow(/no resource Missing/);
});
