/**
 * Center isolation, decided by the IAM evaluator on the synthesized template: a center's role combined with the
 * bucket policy may put its own uploads and read its own verdicts and reports, and nothing of another center.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { activeCenters, centers } from '../../shared/config/centers.js';
import { keys } from '../../shared/config/resources.js';
import { centerRoleName } from '../../infra/constructs/center-access.js';
import {
  decideForRole,
  roleStatements,
  symbolicArn,
  symbolicEnv,
  type CfnTemplate,
} from './support/iam-evaluate.js';
import { logicalIdOf, synthRegistry, type Synthesized } from './support/synth.js';

let s: Synthesized;
let template: CfnTemplate;
const a = activeCenters()[0]!;
const b = activeCenters()[1]!;

beforeAll(() => {
  s = synthRegistry('checkout');
  template = s.template.toJSON() as CfnTemplate;
});

type BucketName = 'uploads' | 'data' | 'reports';
const bucketId = (bucket: BucketName): string => logicalIdOf(s.stack.buckets[bucket]);
const object = (bucket: BucketName, key: string): string =>
  `${symbolicArn(template, bucketId(bucket))}/${key}`;
const roleId = (centerId: string): string => logicalIdOf(s.stack.centerAccess.roles.get(centerId)!);
const decide = (
  centerId: string,
  action: string,
  bucket: BucketName,
  key: string,
  context: Record<string, string> = { 'aws:SecureTransport': 'true' },
): string =>
  decideForRole(
    template,
    roleId(centerId),
    { action, resource: object(bucket, key), context },
    bucketId(bucket),
  );

test('every active center has a role, and inactive centers have none', () => {
  expect([...s.stack.centerAccess.roles.keys()].sort()).toEqual(
    activeCenters()
      .map((c) => c.id)
      .sort(),
  );
  for (const center of centers.filter((c) => !c.active)) {
    expect(s.stack.centerAccess.roles.has(center.id)).toBe(false);
  }
});

test('a center role has a predictable name and a one-hour session limit', () => {
  s.template.hasResourceProperties('AWS::IAM::Role', {
    RoleName: centerRoleName('TestRegistry', a.id),
    MaxSessionDuration: 3600,
  });
});

test('a center role trusts only the center\u2019s named uploader, and only with its external id', () => {
  for (const center of activeCenters()) {
    s.template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: centerRoleName('TestRegistry', center.id),
      AssumeRolePolicyDocument: {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sts:AssumeRole',
            Principal: { AWS: center.uploader.principalArn },
            Condition: { StringEquals: { 'sts:ExternalId': center.uploader.externalId } },
          },
        ],
      },
    });
  }
  // Nothing trusts an account root (every identity of that account could otherwise assume the role).
  for (const [id] of s.stack.centerAccess.roles) {
    const trust = JSON.stringify(
      (template.Resources[roleId(id)]!.Properties as { AssumeRolePolicyDocument: unknown })
        .AssumeRolePolicyDocument,
    );
    expect([id, trust]).not.toEqual([id, expect.stringMatching(/:root|AWS::AccountId/)]);
  }
  // Each center is trusted through its own principal and id: no two centers share either.
  const uploaders = activeCenters().map((c) => c.uploader);
  expect(new Set(uploaders.map((u) => u.principalArn)).size).toBe(uploaders.length);
  expect(new Set(uploaders.map((u) => u.externalId)).size).toBe(uploaders.length);
});

test('synthesis warns while centers still have the placeholder uploader of the synthetic configuration', () => {
  const warnings = Annotations.fromStack(s.stack).findWarning(
    '*',
    Match.stringLikeRegexp('placeholder uploader'),
  );
  expect(warnings).toHaveLength(1);
  expect(warnings[0]!.entry.data).toContain(`${activeCenters().length} center(s)`);
});

test('center A can put under uploads/A/ but not under uploads/B/ or outside uploads/', () => {
  expect(decide(a.id, 's3:PutObject', 'uploads', `${keys.uploadPrefix(a.id)}2026-q1.csv`)).toBe('allow');
  expect(decide(a.id, 's3:PutObject', 'uploads', `${keys.snapshotPrefix(a.id)}all.csv`)).toBe('allow');
  expect(decide(a.id, 's3:PutObject', 'uploads', `${keys.uploadPrefix(b.id)}2026-q1.csv`)).toBe(
    'implicit-deny',
  );
  expect(decide(a.id, 's3:PutObject', 'uploads', `uploads/${a.id}x/2026-q1.csv`)).toBe('implicit-deny');
  expect(decide(a.id, 's3:PutObject', 'data', `${keys.curatedVersion(a.id, 1, 'u1')}`)).toBe('implicit-deny');
});

test('center A cannot read, delete or overwrite through any other action on uploads', () => {
  const own = `${keys.uploadPrefix(a.id)}2026-q1.csv`;
  for (const action of ['s3:GetObject', 's3:DeleteObject', 's3:PutObjectAcl', 's3:PutBucketPolicy']) {
    expect([action, decide(a.id, action, 'uploads', own)]).toEqual([action, 'implicit-deny']);
  }
  expect(decide(a.id, 's3:DeleteObjectVersion', 'uploads', own)).toBe('explicit-deny');
});

test('center A reads its own verdicts and reports but not B\u2019s', () => {
  expect(decide(a.id, 's3:GetObject', 'data', `${keys.validationPrefix(a.id, 'u1')}verdict.json`)).toBe(
    'allow',
  );
  expect(decide(a.id, 's3:GetObject', 'data', `${keys.validationPrefix(b.id, 'u1')}verdict.json`)).toBe(
    'implicit-deny',
  );
  expect(decide(a.id, 's3:GetObject', 'data', keys.curatedVersion(a.id, 1, 'u1'))).toBe('implicit-deny');
  expect(decide(a.id, 's3:GetObject', 'reports', `${keys.centerReportsPrefix(a.id)}q1.html`)).toBe('allow');
  expect(decide(a.id, 's3:GetObject', 'reports', `${keys.centerReportsPrefix(b.id)}q1.html`)).toBe(
    'implicit-deny',
  );
  expect(decide(a.id, 's3:GetObject', 'reports', `${keys.sitePrefix}index.html`)).toBe('implicit-deny');
});

test('center A can list only its own prefixes', () => {
  const list = (bucket: BucketName, prefix: string): string =>
    decideForRole(
      template,
      roleId(a.id),
      {
        action: 's3:ListBucket',
        resource: symbolicArn(template, bucketId(bucket)),
        context: { 'aws:SecureTransport': 'true', 's3:prefix': prefix },
      },
      bucketId(bucket),
    );
  expect(list('data', `validation/${a.id}/`)).toBe('allow');
  expect(list('data', `validation/${b.id}/`)).toBe('implicit-deny');
  expect(list('data', 'validation/')).toBe('implicit-deny');
  expect(list('uploads', keys.uploadPrefix(a.id))).toBe('allow');
  expect(list('reports', keys.centerReportsPrefix(b.id))).toBe('implicit-deny');
});

test('a request without TLS is denied even on the center\u2019s own prefix', () => {
  expect(
    decide(a.id, 's3:PutObject', 'uploads', `${keys.uploadPrefix(a.id)}x.csv`, {
      'aws:SecureTransport': 'false',
    }),
  ).toBe('explicit-deny');
});

test('KMS use is allowed only through S3 in the stack region', () => {
  const dataKey = symbolicArn(template, logicalIdOf(s.stack.buckets.data.encryptionKey!.node.defaultChild!));
  const viaS3 = { 'kms:ViaService': `s3.${symbolicEnv.region}.${symbolicEnv.urlSuffix}` };
  expect(
    decideForRole(template, roleId(a.id), { action: 'kms:Decrypt', resource: dataKey, context: viaS3 }),
  ).toBe('allow');
  expect(
    decideForRole(template, roleId(a.id), { action: 'kms:Decrypt', resource: dataKey, context: {} }),
  ).toBe('implicit-deny');
});

test('no center statement uses a wildcard action, and every object resource names the center', () => {
  for (const [centerId] of s.stack.centerAccess.roles) {
    for (const statement of roleStatements(template, roleId(centerId))) {
      for (const action of [statement.Action ?? []].flat()) expect(action).not.toContain('*');
      for (const resource of [statement.Resource ?? []].flat()) {
        if (resource.startsWith('arn:aws:s3:::') && resource.includes('/')) {
          expect(resource).toContain(`/${centerId}/`);
        }
      }
    }
  }
});

test('onboarding is configuration: passing another center list changes the roles and their trust', () => {
  const uploader = {
    principalArn: 'arn:aws:iam::111122223333:role/new-center-uploader',
    externalId: 'new-center-external-id',
  };
  const one = synthRegistry('checkout', { centers: [{ ...activeCenters()[0]!, id: 'NEWCTR', uploader }] });
  expect([...one.stack.centerAccess.roles.keys()]).toEqual(['NEWCTR']);
  expect(Annotations.fromStack(one.stack).findWarning('*', Match.stringLikeRegexp('placeholder'))).toEqual(
    [],
  );
  one.template.resourcePropertiesCountIs(
    'AWS::IAM::Role',
    {
      RoleName: centerRoleName('TestRegistry', 'NEWCTR'),
      AssumeRolePolicyDocument: Match.objectLike({
        Statement: [
          Match.objectLike({
            Principal: { AWS: uploader.principalArn },
            Condition: { StringEquals: { 'sts:ExternalId': uploader.externalId } },
          }),
        ],
      }),
    },
    1,
  );
});
