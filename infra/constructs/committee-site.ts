/**
 * The committee site: CloudFront in front of the `site/` prefix of the reports bucket, reached through Origin
 * Access Control, and only for viewers holding a CloudFront signature (signed cookies or signed URLs) made with
 * the private half of a key pair whose public key is a stack parameter. Never public: no website endpoint, no
 * bucket ACLs, and a request without a valid signature gets 403 from CloudFront.
 */
import { createHash } from 'node:crypto';
import { Aws, Duration, Stack } from 'aws-cdk-lib';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  type ICachePolicy,
  KeyGroup,
  type OriginBindConfig,
  type OriginBindOptions,
  OriginBase,
  PriceClass,
  PublicKey,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { PAGE_STYLE } from '../../shared/report/render/page-style.js';

export interface CommitteeSiteProps {
  readonly bucket: IBucket;
  readonly key: IKey;
  /** Key prefix served as the site root, e.g. `site/`. */
  readonly prefix: string;
  /** PEM public key of the signing key pair (a stack parameter value). */
  readonly publicKeyPem: string;
  readonly logBucket: IBucket;
}

/**
 * The site's Content-Security-Policy. The pages (shared/report/render/) have no script, no style attribute and
 * one inline `<style>` element holding PAGE_STYLE; figures are inline SVG and the favicon is a `data:` URL. So
 * nothing loads by default, and the one stylesheet is admitted by its hash: a changed stylesheet changes the hash
 * at the next synth, while any injected style or script stays blocked.
 */
export function committeeSiteCsp(): string {
  const styleHash = createHash('sha256').update(PAGE_STYLE, 'utf8').digest('base64');
  return [
    "default-src 'none'",
    `style-src 'sha256-${styleHash}'`,
    "img-src 'self' data:",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/**
 * Site paths that name the current version of something and are rewritten on every publish (the site index page
 * and its JSON list, each quarter's `current.json` pointer): served uncached so a reader never follows a stale
 * pointer. Everything else lives under an immutable `{quarter}/v{n}/` prefix and is cached. CloudFront patterns
 * are matched against the whole path (a leading `/` is implied), so `index.json` is the root one only.
 */
export const uncachedSitePaths = ['index.html', 'index.json', '*/current.json'] as const;

/**
 * An S3 origin with an OAC id and no bucket-policy side effects. CDK's S3BucketOrigin.withOriginAccessControl
 * grants the distribution `s3:GetObject` on the whole bucket, which would include every center's private reports;
 * this construct writes a policy limited to the site prefix instead.
 */
class SitePrefixOrigin extends OriginBase {
  public constructor(
    bucket: IBucket,
    private readonly oacId: string,
    originPath: string,
  ) {
    super(bucket.bucketRegionalDomainName, { originPath });
  }

  public override bind(scope: Construct, options: OriginBindOptions): OriginBindConfig {
    const config = super.bind(scope, options);
    return {
      ...config,
      originProperty: { ...config.originProperty!, originAccessControlId: this.oacId },
    };
  }

  protected override renderS3OriginConfig(): { originAccessIdentity: string } {
    return { originAccessIdentity: '' };
  }
}

export class CommitteeSite extends Construct {
  public readonly distribution: Distribution;
  public readonly responseHeadersPolicy: ResponseHeadersPolicy;

  public constructor(scope: Construct, id: string, props: CommitteeSiteProps) {
    super(scope, id);
    const oac = new S3OriginAccessControl(this, 'OriginAccessControl', {
      description: 'Committee site: signed requests from CloudFront to the reports bucket',
    });
    const publicKey = new PublicKey(this, 'SigningPublicKey', {
      encodedKey: props.publicKeyPem,
      comment: 'Committee site viewer signatures',
    });
    const keyGroup = new KeyGroup(this, 'SigningKeyGroup', { items: [publicKey] });
    this.responseHeadersPolicy = new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Committee site: HSTS, no sniffing, no framing, no referrer, strict CSP',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(730),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        contentSecurityPolicy: { contentSecurityPolicy: committeeSiteCsp(), override: true },
        // The legacy XSS auditor is off ("0"), as current browser guidance advises; the CSP is the protection.
        xssProtection: { protection: false, override: true },
      },
    });

    const origin = new SitePrefixOrigin(
      props.bucket,
      oac.originAccessControlId,
      `/${props.prefix.replace(/\/$/, '')}`,
    );
    // Every behaviour shares the origin, HTTPS, the security headers and the signature requirement; only the
    // cache policy differs.
    const behaviour = (cachePolicy: ICachePolicy): BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy,
      responseHeadersPolicy: this.responseHeadersPolicy,
      trustedKeyGroups: [keyGroup],
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'ECLS registry committee site (signed viewers only)',
      defaultRootObject: 'index.html',
      defaultBehavior: behaviour(CachePolicy.CACHING_OPTIMIZED),
      additionalBehaviors: Object.fromEntries(
        uncachedSitePaths.map((path) => [path, behaviour(CachePolicy.CACHING_DISABLED)]),
      ),
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: props.logBucket,
      logFilePrefix: 'cloudfront/',
    });

    const stack = Stack.of(this);
    const distributionArn = stack.formatArn({
      service: 'cloudfront',
      region: '',
      resource: 'distribution',
      resourceName: this.distribution.distributionId,
    });
    props.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CommitteeSiteReadsSitePrefixOnly',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [props.bucket.arnForObjects(`${props.prefix}*`)],
        conditions: { StringEquals: { 'AWS:SourceArn': distributionArn } },
      }),
    );
    // The key cannot name the distribution (key -> bucket -> distribution would be a cycle), so it admits
    // CloudFront distributions of this account; the bucket policy above is what limits reads to this one.
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CommitteeSiteDecrypt',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['kms:Decrypt'],
        resources: ['*'],
        conditions: {
          ArnLike: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/*` },
        },
      }),
    );
  }
}
