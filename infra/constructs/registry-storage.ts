/**
 * The registry's data at rest: its KMS keys, the access-log bucket, the three private data buckets and the
 * DynamoDB table. Resources are created directly in the stack (not under a child construct) so that their logical
 * ids, which CloudFormation uses to recognise a retained bucket or table, stay those of a flat stack.
 */
import { Duration, RemovalPolicy, type Stack } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { type BucketRole, table as tableSchema } from '../../shared/config/resources.js';
import { requireBucketKey } from './bucket-encryption-policy.js';

/** The stack's customer-managed keys, by what they encrypt. */
export interface RegistryKeys {
  /** PHI at rest: the uploads and data buckets and the table. */
  readonly data: Key;
  /** Queues and topics; its policy admits S3 and CloudWatch. */
  readonly messages: Key;
  /** Published reports, which CloudFront must be able to decrypt. */
  readonly reports: Key;
}

/** Raw uploads are never expired or deleted: only noncurrent versions move to a cheaper class. */
const keepForever: LifecycleRule[] = [
  {
    id: 'noncurrent-to-glacier-ir',
    noncurrentVersionTransitions: [
      { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
    ],
    abortIncompleteMultipartUploadAfter: Duration.days(7),
  },
];

/** Keys, buckets and table of the registry, added to `stack`. */
export class RegistryStorage {
  public readonly keys: RegistryKeys;
  public readonly logBucket: Bucket;
  public readonly buckets: Record<BucketRole, Bucket>;
  /** The key each bucket is encrypted under. */
  public readonly bucketKeys: Record<BucketRole, Key>;
  public readonly table: Table;

  public constructor(stack: Stack) {
    // The messages key is separate from the data key because the uploads bucket's notification policy references
    // it (sharing the data key would be a key -> bucket -> key cycle).
    const key = (id: string, alias: string, description: string): Key =>
      new Key(stack, id, {
        alias: `alias/${stack.stackName}/${alias}`,
        description,
        enableKeyRotation: true,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.keys = {
      data: key('DataKey', 'data', 'ECLS registry data at rest'),
      messages: key('MessagesKey', 'messages', 'ECLS registry queues and alarm topic'),
      reports: key('ReportsKey', 'reports', 'ECLS registry published reports'),
    };
    const { data: dataKey, reports: reportsKey } = this.keys;

    // Access logs: S3 server access logging and CloudFront standard logs only deliver to SSE-S3 buckets, and
    // CloudFront needs ACLs (bucket-owner-preferred). Logs are audit records: kept six years, then expired.
    this.logBucket = new Bucket(stack, 'AccessLogsBucket', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      versioned: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        {
          transitions: [
            { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
          expiration: Duration.days(6 * 366),
          noncurrentVersionExpiration: Duration.days(30),
        },
      ],
    });

    this.bucketKeys = { uploads: dataKey, data: dataKey, reports: reportsKey };
    const privateBucket = (role: BucketRole): Bucket =>
      new Bucket(stack, `${role[0]!.toUpperCase()}${role.slice(1)}Bucket`, {
        encryption: BucketEncryption.KMS,
        encryptionKey: this.bucketKeys[role],
        bucketKeyEnabled: true,
        blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
        objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
        enforceSSL: true,
        versioned: true,
        serverAccessLogsBucket: this.logBucket,
        serverAccessLogsPrefix: `s3/${role}/`,
        lifecycleRules: keepForever,
        removalPolicy: RemovalPolicy.RETAIN,
      });
    this.buckets = {
      uploads: privateBucket('uploads'),
      data: privateBucket('data'),
      reports: privateBucket('reports'),
    };
    // Every object stays under its bucket's key: a PUT without encryption headers gets the bucket default and is
    // allowed (the CLI and the functions send none); one asking for SSE-S3, SSE-C or another key is denied.
    for (const role of ['uploads', 'data', 'reports'] as const)
      requireBucketKey(this.buckets[role], this.bucketKeys[role]);
    // Object versions of raw uploads cannot be deleted by anyone; an erasure request needs a reviewed policy change.
    this.buckets.uploads.addToResourcePolicy(
      new PolicyStatement({
        sid: 'RawUploadsAreNeverDeleted',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: ['s3:DeleteObjectVersion'],
        resources: [this.buckets.uploads.arnForObjects('*')],
      }),
    );

    // Table (v1): TableV2 cannot render a customer-managed key in a region-agnostic stack.
    this.table = new Table(stack, 'Table', {
      partitionKey: { name: tableSchema.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.sortKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.CUSTOMER_MANAGED,
      encryptionKey: dataKey,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: tableSchema.gsi1.name,
      partitionKey: { name: tableSchema.gsi1.partitionKey, type: AttributeType.STRING },
      sortKey: { name: tableSchema.gsi1.sortKey, type: AttributeType.STRING },
    });
  }
}
