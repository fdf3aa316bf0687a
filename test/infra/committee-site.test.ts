/**
 * The committee site is never public: CloudFront reaches only the `site/` prefix through Origin Access Control,
 * and every viewer request must carry a signature from the trusted key group built from a stack parameter.
 */
import { Match } from 'aws-cdk-lib/assertions';
import { keys } from '../../shared/config/resources.js';
import {
  bucketPolicyStatements,
  evaluate,
  symbolicArn,
  symbolicEnv,
  type CfnTemplate,
} from './support/iam-evaluate.js';
import { logicalIdOf, synthRegistry, type Synthesized } from './support/synth.js';

let s: Synthesized;
let template: CfnTemplate;
beforeAll(() => {
  s = synthRegistry('checkout');
  template = s.template.toJSON() as CfnTemplate;
});

test('the distribution serves the site prefix of the reports bucket through OAC, HTTPS only, signed viewers only', () => {
  s.template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
    OriginAccessControlConfig: Match.objectLike({
      OriginAccessControlOriginType: 's3',
      SigningBehavior: 'always',
      SigningProtocol: 'sigv4',
    }),
  });
  s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
    DistributionConfig: Match.objectLike({
      DefaultRootObject: 'index.html',
      Logging: Match.objectLike({ Bucket: Match.anyValue() }),
      Origins: [
        Match.objectLike({
          DomainName: { 'Fn::GetAtt': [logicalIdOf(s.stack.buckets.reports), 'RegionalDomainName'] },
          OriginPath: `/${keys.sitePrefix.replace(/\/$/, '')}`,
          OriginAccessControlId: Match.anyValue(),
          S3OriginConfig: { OriginAccessIdentity: '' },
        }),
      ],
      DefaultCacheBehavior: Match.objectLike({
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD'],
        TrustedKeyGroups: [{ Ref: Match.stringLikeRegexp('SigningKeyGroup') }],
      }),
    }),
  });
});

test('the signing public key is the stack parameter', () => {
  s.template.hasParameter('CommitteeSitePublicKeyPem', { Type: 'String' });
  s.template.hasResourceProperties('AWS::CloudFront::PublicKey', {
    PublicKeyConfig: Match.objectLike({ EncodedKey: { Ref: 'CommitteeSitePublicKeyPem' } }),
  });
});

test('the bucket policy lets only this distribution read, and only under site/', () => {
  const reportsId = logicalIdOf(s.stack.buckets.reports);
  const statements = bucketPolicyStatements(template, reportsId);
  const distributionId = Object.keys(s.template.findResources('AWS::CloudFront::Distribution'))[0]!;
  const fromDistribution = (id: string) => ({
    principal: 'cloudfront.amazonaws.com',
    context: {
      'aws:SecureTransport': 'true',
      'AWS:SourceArn': `arn:aws:cloudfront::${symbolicEnv.account}:distribution/${id}`,
    },
  });
  const object = (key: string): string => `${symbolicArn(template, reportsId)}/${key}`;
  const get = (key: string, id = distributionId): string =>
    evaluate(statements, { action: 's3:GetObject', resource: object(key), ...fromDistribution(id) });
  expect(get(`${keys.sitePrefix}index.html`)).toBe('allow');
  expect(get(`${keys.centerReportsPrefix('C001')}q1.html`)).toBe('implicit-deny');
  expect(get(`${keys.sitePrefix}index.html`, 'SomeOtherDistribution')).toBe('implicit-deny');
  expect(
    evaluate(statements, {
      action: 's3:PutObject',
      resource: object('site/index.html'),
      ...fromDistribution(distributionId),
    }),
  ).toBe('implicit-deny');
  expect(
    evaluate(statements, {
      action: 's3:GetObject',
      resource: object('site/index.html'),
      principal: 'anonymous',
    }),
  ).toBe('implicit-deny');
});

test('no bucket has a website endpoint or a statement allowing everyone', () => {
  for (const [id, bucket] of Object.entries(s.template.findResources('AWS::S3::Bucket'))) {
    expect([id, (bucket as { Properties: object }).Properties]).not.toEqual([
      id,
      expect.objectContaining({ WebsiteConfiguration: expect.anything() }),
    ]);
    for (const statement of bucketPolicyStatements(template, id)) {
      if (statement.Effect === 'Allow') expect([id, statement.Principal]).not.toEqual([id, { AWS: '*' }]);
      if (statement.Effect === 'Allow') expect([id, statement.Principal]).not.toEqual([id, '*']);
    }
  }
});
