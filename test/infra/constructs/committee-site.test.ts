/**
 * The committee site is never public: CloudFront reaches only the `site/` prefix through Origin Access Control,
 * and every viewer request must carry a signature from the trusted key group built from a stack parameter.
 */
import { createHash } from 'node:crypto';
import { Match } from 'aws-cdk-lib/assertions';
import { committeeSiteCsp, uncachedSitePaths } from '../../../infra/constructs/committee-site.js';
import { keys } from '../../../shared/config/resources.js';
import { publishReport } from '../../../shared/report/publish/index.js';
import { renderSiteIndex } from '../../../shared/report/render/index.js';
import { logicalIdOf, synthRegistry, type Synthesized } from '../support/synth.js';
import { type Decision, registryIam, type RegistryIam } from '../support/template-iam.js';

let s: Synthesized;
let iam: RegistryIam;
beforeAll(() => {
  s = synthRegistry('checkout');
  iam = registryIam(s);
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

test('the bucket policy lets only this distribution read, and only under site/', async () => {
  const distributionId = Object.keys(s.template.findResources('AWS::CloudFront::Distribution'))[0]!;
  // The local deployment names the distribution by its logical id, as the bucket policy's SourceArn does.
  const fromDistribution = (id: string) => ({
    'aws:SourceArn': `arn:aws:cloudfront::${iam.deployment.account}:distribution/${id}`,
    'aws:SourceAccount': iam.deployment.account,
  });
  const cloudFront = async (action: string, key: string, id = distributionId): Promise<Decision> =>
    iam.decideForService(
      'cloudfront.amazonaws.com',
      action,
      iam.objectArn('reports', key),
      fromDistribution(id),
    );
  expect(await cloudFront('s3:GetObject', `${keys.sitePrefix}index.html`)).toBe('Allowed');
  expect(await cloudFront('s3:GetObject', `${keys.centerReportsPrefix('C001')}q1.html`)).toBe(
    'ImplicitlyDenied',
  );
  expect(await cloudFront('s3:GetObject', `${keys.sitePrefix}index.html`, 'SomeOtherDistribution')).toBe(
    'ImplicitlyDenied',
  );
  expect(await cloudFront('s3:PutObject', `${keys.sitePrefix}index.html`)).toBe('ImplicitlyDenied');
  expect(
    await iam.decideAnonymous('s3:GetObject', iam.objectArn('reports', `${keys.sitePrefix}index.html`)),
  ).toBe('ImplicitlyDenied');
});

test('no bucket has a website endpoint or a statement allowing everyone', () => {
  for (const [id, bucket] of Object.entries(s.template.findResources('AWS::S3::Bucket'))) {
    expect([id, (bucket as { Properties: object }).Properties]).not.toEqual([
      id,
      expect.objectContaining({ WebsiteConfiguration: expect.anything() }),
    ]);
  }
  expect(iam.deployment.buckets).toHaveLength(
    Object.keys(s.template.findResources('AWS::S3::Bucket')).length,
  );
  for (const { name, policy } of iam.deployment.buckets) {
    for (const statement of policy?.Statement ?? []) {
      if (statement.Effect === 'Allow') expect([name, statement.Principal]).not.toEqual([name, { AWS: '*' }]);
      if (statement.Effect === 'Allow') expect([name, statement.Principal]).not.toEqual([name, '*']);
    }
  }
});

/** The managed cache policy ids CloudFront documents (CachingOptimized, CachingDisabled). */
const CACHING_OPTIMIZED = '658327ea-f89d-4fab-a63d-7e88639e58f6';
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';

type Behaviour = Record<string, unknown> & { PathPattern?: string };
const distributionConfig = (): { DefaultCacheBehavior: Behaviour; CacheBehaviors?: Behaviour[] } =>
  (
    Object.values(s.template.findResources('AWS::CloudFront::Distribution'))[0] as {
      Properties: { DistributionConfig: { DefaultCacheBehavior: Behaviour; CacheBehaviors?: Behaviour[] } };
    }
  ).Properties.DistributionConfig;

test('every response carries strict security headers: HSTS, nosniff, DENY framing, no referrer, the CSP', () => {
  s.template.hasResourceProperties('AWS::CloudFront::ResponseHeadersPolicy', {
    ResponseHeadersPolicyConfig: Match.objectLike({
      SecurityHeadersConfig: {
        StrictTransportSecurity: {
          AccessControlMaxAgeSec: Match.anyValue(),
          IncludeSubdomains: true,
          Override: true,
        },
        ContentTypeOptions: { Override: true },
        FrameOptions: { FrameOption: 'DENY', Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        ContentSecurityPolicy: { ContentSecurityPolicy: committeeSiteCsp(), Override: true },
        XSSProtection: { Protection: false, Override: true },
      },
    }),
  });
  const policy = Object.values(s.template.findResources('AWS::CloudFront::ResponseHeadersPolicy'))[0] as {
    Properties: {
      ResponseHeadersPolicyConfig: {
        SecurityHeadersConfig: { StrictTransportSecurity: { AccessControlMaxAgeSec: number } };
      };
    };
  };
  // At least one year, the floor browsers' preload lists and most audits expect.
  expect(
    policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig.StrictTransportSecurity
      .AccessControlMaxAgeSec,
  ).toBeGreaterThanOrEqual(365 * 24 * 3600);
  const policyId = {
    Ref: logicalIdOf(s.stack.node.findChild('CommitteeSite').node.findChild('SecurityHeaders')),
  };
  const config = distributionConfig();
  for (const behaviour of [config.DefaultCacheBehavior, ...(config.CacheBehaviors ?? [])]) {
    expect([behaviour.PathPattern ?? '*', behaviour.ResponseHeadersPolicyId]).toEqual([
      behaviour.PathPattern ?? '*',
      policyId,
    ]);
  }
});

test('the CSP loads nothing by default and admits exactly the pages\u2019 one inline stylesheet', () => {
  const csp = committeeSiteCsp();
  const directives = new Map(
    csp.split(';').map((d) => {
      const [name, ...values] = d.trim().split(/\s+/);
      return [name!, values.join(' ')] as const;
    }),
  );
  expect(directives.get('default-src')).toBe("'none'");
  expect(directives.get('base-uri')).toBe("'none'");
  expect(directives.get('form-action')).toBe("'none'");
  expect(directives.get('frame-ancestors')).toBe("'none'");
  expect(directives.get('img-src')).toBe("'self' data:");
  expect(directives.has('script-src')).toBe(false);
  // A page as published: every <style> element is admitted by its hash; there is no style attribute or script,
  // which a hash-only style-src (without 'unsafe-inline'/'unsafe-hashes') would block.
  const page = renderSiteIndex([
    {
      quarter: '2023-Q3',
      status: 'final',
      generatedAt: '2023-10-01T00:00:00.000Z',
      path: '2023-Q3/v1/index.html',
    },
  ]).body;
  const styles = [...page.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]!);
  expect(styles).toHaveLength(1);
  const hashes = styles.map((css) => `'sha256-${createHash('sha256').update(css, 'utf8').digest('base64')}'`);
  expect(directives.get('style-src')).toBe(hashes.join(' '));
  expect(page).not.toMatch(/\sstyle\s*=|<script|\son[a-z]+\s*=/i);
  expect(page).toContain('<link rel="icon" href="data:,">');
});

test('index.html, index.json and every current.json are served uncached; the rest with CachingOptimized', () => {
  const config = distributionConfig();
  expect(config.DefaultCacheBehavior.CachePolicyId).toBe(CACHING_OPTIMIZED);
  const byPattern = new Map((config.CacheBehaviors ?? []).map((b) => [b.PathPattern, b]));
  expect([...byPattern.keys()].sort()).toEqual([...uncachedSitePaths].sort());
  expect(uncachedSitePaths).toEqual(expect.arrayContaining(['index.json', '*/current.json']));
  for (const [pattern, behaviour] of byPattern) {
    expect([pattern, behaviour]).toEqual([
      pattern,
      expect.objectContaining({
        CachePolicyId: CACHING_DISABLED,
        TargetOriginId: config.DefaultCacheBehavior.TargetOriginId,
        ViewerProtocolPolicy: 'https-only',
        AllowedMethods: ['GET', 'HEAD'],
        // The signature requirement holds on every behaviour, or an uncached path would be a way in.
        TrustedKeyGroups: config.DefaultCacheBehavior.TrustedKeyGroups,
      }),
    ]);
  }
  expect(config.DefaultCacheBehavior.TrustedKeyGroups).toEqual([
    { Ref: expect.stringMatching(/SigningKeyGroup/) },
  ]);
});

test('the uncached patterns match exactly the pointer files the publisher rewrites', async () => {
  // Publish two versions of a quarter through the real publisher into a recording store.
  const written = new Map<string, string>();
  const store = {
    put: async (key: string, body: string) => void written.set(key, body),
    get: async (key: string) => written.get(key),
  };
  const files = [
    { path: 'index.html', contentType: 'text/html', body: '<!DOCTYPE html>' },
    { path: 'report.json', contentType: 'application/json', body: '{}' },
    { path: 'figures/funnel.svg', contentType: 'image/svg+xml', body: '<svg/>' },
  ];
  const root = keys.sitePrefix.replace(/\/$/, '');
  for (const version of [1, 2]) {
    await publishReport(store, files, {
      prefix: root,
      quarter: '2023-Q3',
      version,
      status: 'provisional',
      generatedAt: '2023-10-01T00:00:00.000Z',
    });
  }
  // CloudFront sees the key below the origin path; a pattern covers the whole path and `*` any characters.
  const viewerPath = (key: string): string => key.slice(root.length);
  const uncached = (path: string): boolean =>
    uncachedSitePaths.some((p) =>
      new RegExp(`^/${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(path),
    );
  const [immutable, rewritten] = [...written.keys()].reduce<[string[], string[]]>(
    ([kept, pointers], key) =>
      /\/v\d+\//.test(key) ? [[...kept, key], pointers] : [kept, [...pointers, key]],
    [[], []],
  );
  expect(rewritten.map(viewerPath).sort()).toEqual(['/2023-Q3/current.json', '/index.html', '/index.json']);
  for (const key of rewritten) expect([key, uncached(viewerPath(key))]).toEqual([key, true]);
  expect(immutable.length).toBe(2 * files.length);
  for (const key of immutable) expect([key, uncached(viewerPath(key))]).toEqual([key, false]);
});
