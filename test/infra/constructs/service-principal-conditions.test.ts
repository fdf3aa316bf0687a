/**
 * The key-policy rewrite behind the stack's confused-deputy protection, on hand-written rendered statements.
 */
import {
  confineStatement,
  servicePrincipalsOf,
} from '../../../infra/constructs/service-principal-conditions.js';

const account = { Ref: 'AWS::AccountId' };
const sources = { 's3.amazonaws.com': ['arn:aws:s3:::uploads'] };

test('a service statement gets aws:SourceAccount and, for a known service, aws:SourceArn', () => {
  const statement = { Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'kms:Decrypt' };
  expect(confineStatement(statement, account, sources)).toEqual({
    ...statement,
    Condition: {
      StringEquals: { 'aws:SourceAccount': account },
      ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::uploads' },
    },
  });
  expect(statement).not.toHaveProperty('Condition');
});

test('a service without declared sources gets aws:SourceAccount only', () => {
  const statement = {
    Effect: 'Allow',
    Principal: { Service: ['logs.amazonaws.com'] },
    Action: 'kms:Decrypt',
  };
  expect(confineStatement(statement, account, sources).Condition).toEqual({
    StringEquals: { 'aws:SourceAccount': account },
  });
});

test('conditions already naming the source (any case) are kept, others are merged into', () => {
  const statement = {
    Principal: { Service: 'cloudfront.amazonaws.com' },
    Condition: {
      ArnLike: { 'AWS:SourceArn': 'arn:aws:cloudfront::1:distribution/*' },
      StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com' },
    },
  };
  expect(
    confineStatement(statement, account, { 'cloudfront.amazonaws.com': ['arn:other'] }).Condition,
  ).toEqual({
    ArnLike: { 'AWS:SourceArn': 'arn:aws:cloudfront::1:distribution/*' },
    StringEquals: { 'kms:ViaService': 's3.eu-west-1.amazonaws.com', 'aws:SourceAccount': account },
  });
  const already = {
    Principal: { Service: 's3.amazonaws.com' },
    Condition: { StringEquals: { 'AWS:SourceAccount': '1' } },
  };
  expect(confineStatement(already, account, {}).Condition).toEqual({
    StringEquals: { 'AWS:SourceAccount': '1' },
  });
});

test('statements for IAM principals are left alone', () => {
  const root = { Principal: { AWS: 'arn:aws:iam::1:root' }, Action: 'kms:*' };
  expect(servicePrincipalsOf(root)).toEqual([]);
  expect(confineStatement(root, account, sources)).toBe(root);
});
