/**
 * The private buckets accept only objects encrypted with their own KMS key. The template must carry the Deny
 * statements, and an IAM evaluator that implements Null and the negated string operators as AWS documents them
 * (@cloud-copilot/iam-simulate, through the local stack's LocalIam) must allow a PUT without encryption headers
 * (the bucket default applies) and deny SSE-S3, SSE-C and SSE-KMS with another key.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { sseConditionKeys } from '../../../infra/constructs/bucket-encryption-policy.js';
import type { BucketRole } from '../../../shared/config/resources.js';
import { logicalIdOf, synthRegistry, type Synthesized } from '../support/synth.js';
import { type Decision, registryIam, type RegistryIam } from '../support/template-iam.js';

let s: Synthesized;
let iam: RegistryIam;
beforeAll(() => {
  s = synthRegistry('checkout');
  iam = registryIam(s);
});

const roles: BucketRole[] = ['uploads', 'data', 'reports'];
const bucketId = (role: BucketRole): string => logicalIdOf(s.stack.buckets[role]);
const keyArn = (role: BucketRole): string => iam.bucketKeyArn(role);

test.each(roles)('the %s bucket policy denies PUTs that choose another encryption', (role) => {
  const key = { 'Fn::GetAtt': [logicalIdOf(s.stack.buckets[role].encryptionKey!.node.defaultChild!), 'Arn'] };
  const deny = (condition: Record<string, unknown>): object =>
    Match.objectLike({
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: 's3:PutObject',
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucketId(role), 'Arn'] }, '/*']] },
      Condition: condition,
    });
  const { algorithm, kmsKeyId, customerAlgorithm } = sseConditionKeys;
  s.template.hasResourceProperties('AWS::S3::BucketPolicy', {
    Bucket: { Ref: bucketId(role) },
    PolicyDocument: {
      Statement: Match.arrayWith([
        deny({ Null: { [algorithm]: 'false' }, StringNotEquals: { [algorithm]: 'aws:kms' } }),
        deny({ Null: { [kmsKeyId]: 'false' }, StringNotEquals: { [kmsKeyId]: key } }),
        deny({ Null: { [algorithm]: 'false', [kmsKeyId]: 'true' } }),
        deny({ Null: { [customerAlgorithm]: 'false' } }),
      ]),
    },
  });
});

/** Same-account PUT by a role whose identity policy allows it, through the synthesized bucket policy. */
async function put(role: BucketRole, headers: Record<string, string>): Promise<Decision> {
  const writer = iam.sessionWith('registry-writer', [
    {
      name: 'writer',
      policy: {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:PutObject', Resource: `${iam.bucketArn(role)}/*` }],
      },
    },
  ]);
  return iam.decide(writer, 's3:PutObject', iam.objectArn(role, 'some/prefix/file.csv'), headers);
}

describe.each(roles)('iam-simulate on the %s bucket policy', (role) => {
  const { algorithm, kmsKeyId, customerAlgorithm } = sseConditionKeys;

  test('a PUT without encryption headers is allowed (the bucket default key applies)', async () => {
    expect(await put(role, {})).toBe('Allowed');
  });

  test('a PUT asking for SSE-KMS with the bucket key is allowed', async () => {
    expect(await put(role, { [algorithm]: 'aws:kms', [kmsKeyId]: keyArn(role) })).toBe('Allowed');
  });

  test('SSE-S3 is denied', async () => {
    expect(await put(role, { [algorithm]: 'AES256' })).toBe('ExplicitlyDenied');
  });

  test('SSE-C is denied', async () => {
    expect(await put(role, { [customerAlgorithm]: 'AES256' })).toBe('ExplicitlyDenied');
  });

  test('SSE-KMS with another key, or with no key id (the aws/s3 key), is denied', async () => {
    const { region, account } = iam.deployment;
    const otherKey = `arn:aws:kms:${region}:${account}:key/00000000-0000-0000-0000-000000000000`;
    expect(await put(role, { [algorithm]: 'aws:kms', [kmsKeyId]: otherKey })).toBe('ExplicitlyDenied');
    expect(await put(role, { [algorithm]: 'aws:kms' })).toBe('ExplicitlyDenied');
  });

  test('a PUT over plain HTTP is still denied', async () => {
    expect(await put(role, { 'aws:SecureTransport': 'false' })).toBe('ExplicitlyDenied');
  });
});
