/**
 * Center isolation, decided by iam-simulate on the synthesized template as the local stack resolves it: a center's
 * role combined with the bucket policy may put its own uploads and read its own verdicts and reports, and nothing
 * of another center.
 */
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { activeCenters, centers } from '../../../shared/config/centers.js';
import { keys } from '../../../shared/config/resources.js';
import { centerRoleName } from '../../../infra/constructs/center-access.js';
import type { CfnTemplate } from '../../../infra/local/deployment/cfn-template.js';
import { logicalIdOf, synthRegistry, type Synthesized } from '../support/synth.js';
import { type Decision, registryIam, type RegistryIam } from '../support/template-iam.js';

let s: Synthesized;
let template: CfnTemplate;
let iam: RegistryIam;
const a = activeCenters()[0]!;
const b = activeCenters()[1]!;

beforeAll(() => {
  s = synthRegistry('checkout');
  template = s.template.toJSON() as CfnTemplate;
  iam = registryIam(s);
});

type BucketName = 'uploads' | 'data' | 'reports';
const roleId = (centerId: string): string => logicalIdOf(s.stack.centerAccess.roles.get(centerId)!);
/** A center's request on an object; LocalIam sends it over TLS unless the context says otherwise. */
const decide = async (
  centerId: string,
  action: string,
  bucket: BucketName,
  key: string,
  context: Record<string, string> = {},
): Promise<Decision> => iam.decide(iam.centerRole(centerId), action, iam.objectArn(bucket, key), context);

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

test('center A can put under uploads/A/ but not under uploads/B/ or outside uploads/', async () => {
  expect(await decide(a.id, 's3:PutObject', 'uploads', `${keys.uploadPrefix(a.id)}2026-q1.csv`)).toBe(
    'Allowed',
  );
  expect(await decide(a.id, 's3:PutObject', 'uploads', `${keys.snapshotPrefix(a.id)}all.csv`)).toBe(
    'Allowed',
  );
  expect(await decide(a.id, 's3:PutObject', 'uploads', `${keys.uploadPrefix(b.id)}2026-q1.csv`)).toBe(
    'ImplicitlyDenied',
  );
  expect(await decide(a.id, 's3:PutObject', 'uploads', `uploads/${a.id}x/2026-q1.csv`)).toBe(
    'ImplicitlyDenied',
  );
  expect(await decide(a.id, 's3:PutObject', 'data', `${keys.curatedVersion(a.id, 1, 'u1')}`)).toBe(
    'ImplicitlyDenied',
  );
});

test('center A cannot read, delete or overwrite through any other action on uploads', async () => {
  const own = `${keys.uploadPrefix(a.id)}2026-q1.csv`;
  for (const action of ['s3:GetObject', 's3:DeleteObject', 's3:PutObjectAcl']) {
    expect([action, await decide(a.id, action, 'uploads', own)]).toEqual([action, 'ImplicitlyDenied']);
  }
  // A bucket-level action is authorized on the bucket's ARN, not an object's.
  expect(await iam.decide(iam.centerRole(a.id), 's3:PutBucketPolicy', iam.bucketArn('uploads'))).toBe(
    'ImplicitlyDenied',
  );
  expect(await decide(a.id, 's3:DeleteObjectVersion', 'uploads', own)).toBe('ExplicitlyDenied');
});

test('center A reads its own verdicts and reports but not B\u2019s', async () => {
  expect(await decide(a.id, 's3:GetObject', 'data', `${keys.validationPrefix(a.id, 'u1')}verdict.json`)).toBe(
    'Allowed',
  );
  expect(await decide(a.id, 's3:GetObject', 'data', `${keys.validationPrefix(b.id, 'u1')}verdict.json`)).toBe(
    'ImplicitlyDenied',
  );
  expect(await decide(a.id, 's3:GetObject', 'data', keys.curatedVersion(a.id, 1, 'u1'))).toBe(
    'ImplicitlyDenied',
  );
  expect(await decide(a.id, 's3:GetObject', 'reports', `${keys.centerReportsPrefix(a.id)}q1.html`)).toBe(
    'Allowed',
  );
  expect(await decide(a.id, 's3:GetObject', 'reports', `${keys.centerReportsPrefix(b.id)}q1.html`)).toBe(
    'ImplicitlyDenied',
  );
  expect(await decide(a.id, 's3:GetObject', 'reports', `${keys.sitePrefix}index.html`)).toBe(
    'ImplicitlyDenied',
  );
});

test('center A can list only its own prefixes', async () => {
  const list = async (bucket: BucketName, prefix: string): Promise<Decision> =>
    iam.decide(iam.centerRole(a.id), 's3:ListBucket', iam.bucketArn(bucket), { 's3:prefix': prefix });
  expect(await list('data', `validation/${a.id}/`)).toBe('Allowed');
  expect(await list('data', `validation/${b.id}/`)).toBe('ImplicitlyDenied');
  expect(await list('data', 'validation/')).toBe('ImplicitlyDenied');
  expect(await list('uploads', keys.uploadPrefix(a.id))).toBe('Allowed');
  expect(await list('reports', keys.centerReportsPrefix(b.id))).toBe('ImplicitlyDenied');
});

test('a request without TLS is denied even on the center\u2019s own prefix', async () => {
  expect(
    await decide(a.id, 's3:PutObject', 'uploads', `${keys.uploadPrefix(a.id)}x.csv`, {
      'aws:SecureTransport': 'false',
    }),
  ).toBe('ExplicitlyDenied');
});

test('KMS use is allowed only through S3 in the stack region', async () => {
  const dataKey = iam.bucketKeyArn('data');
  const role = iam.centerRole(a.id);
  const viaS3 = { 'kms:ViaService': `s3.${iam.deployment.region}.amazonaws.com` };
  expect(await iam.decide(role, 'kms:Decrypt', dataKey, viaS3)).toBe('Allowed');
  expect(await iam.decide(role, 'kms:Decrypt', dataKey)).toBe('ImplicitlyDenied');
  expect(
    await iam.decide(role, 'kms:Decrypt', dataKey, { 'kms:ViaService': 'sqs.us-east-1.amazonaws.com' }),
  ).toBe('ImplicitlyDenied');
});

test('no center statement uses a wildcard action, and every object resource names the center', () => {
  for (const [centerId] of s.stack.centerAccess.roles) {
    const statements = iam.centerRole(centerId).policies.flatMap((p) => p.policy.Statement);
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      for (const action of [statement.Action ?? []].flat()) expect(action).not.toContain('*');
      for (const resource of [statement.Resource ?? []].flat() as string[]) {
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
