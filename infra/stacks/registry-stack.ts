/**
 * The ECLS registry in one environment-agnostic stack, assembled from infra/constructs/: storage (keys, three
 * private, versioned, KMS-encrypted buckets, the DynamoDB table), messaging (the ingest and report queues with their
 * dead-letter queues, the topics), the functions declared in function-specs.ts (a missing handler fails the synth),
 * per-center IAM roles, the committee site, alarms and the accepted cdk-nag findings. Names, key layout and table
 * schema come from shared/config/resources.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArnFormat, CfnOutput, CfnParameter, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { activeCenters, type Center } from '../../shared/config/centers.js';
import { type BucketRole, keys, table as tableSchema } from '../../shared/config/resources.js';
import { CenterAccess, centerRoleName } from '../constructs/center-access.js';
import { CommitteeSite } from '../constructs/committee-site.js';
import { addRegistryAlarms } from '../constructs/registry-alarms.js';
import type { RegistryFunction } from '../constructs/registry-function.js';
import { RegistryFunctions } from '../constructs/registry-functions.js';
import { RegistryMessaging } from '../constructs/registry-messaging.js';
import { suppressRegistryFindings } from '../constructs/registry-nag-suppressions.js';
import { RegistryStorage } from '../constructs/registry-storage.js';
import { confineServicePrincipals, type ServiceSources } from '../constructs/service-principal-conditions.js';
import type { FunctionSpec, QueueRole } from './function-specs.js';

/** The repository root, from which handler entries are resolved. */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Thrown at synth when a function's handler file is missing: a deploy must never silently drop a function. */
export class MissingHandlerError extends Error {
  override readonly name = 'MissingHandlerError';
}

/**
 * Default: every function's handler must exist in the checkout.
 * @throws {MissingHandlerError} naming the function and the path, so `cdk synth` fails instead of deploying
 *   a stack without that function.
 */
export function requireEntry(spec: FunctionSpec): string {
  const path = resolve(repoRoot, spec.entry);
  if (!existsSync(path)) {
    throw new MissingHandlerError(
      `The ${spec.name} function's handler ${spec.entry} does not exist; fix its entry in ` +
        'infra/stacks/function-specs.ts.',
    );
  }
  return path;
}

export interface RegistryStackProps extends StackProps {
  /** Centers that get an upload role; default: the active centers of shared/config/centers.json. */
  readonly centers?: readonly Center[];
  /** Where each function's handler is; default: `requireEntry`. */
  readonly resolveEntry?: (spec: FunctionSpec) => string;
}

export class RegistryStack extends Stack {
  public readonly buckets: Record<BucketRole, Bucket>;
  public readonly logBucket: Bucket;
  public readonly table: Table;
  public readonly queues: Record<QueueRole, Queue>;
  public readonly deadLetterQueues: Queue[];
  public readonly functions: Map<FunctionSpec['name'], RegistryFunction>;
  public readonly centerAccess: CenterAccess;
  public readonly alarmTopic: Topic;
  /** Verdict notices to the centers: one message per upload with a `centerId` attribute to filter on. */
  public readonly verdictTopic: Topic;

  public constructor(scope: Construct, id: string, props: RegistryStackProps = {}) {
    super(scope, id, props);
    // S3 access logs are admitted by a bucket policy for logging.s3.amazonaws.com, not the legacy log-delivery ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);

    const sitePublicKey = new CfnParameter(this, 'CommitteeSitePublicKeyPem', {
      type: 'String',
      noEcho: false,
      description: 'PEM-encoded RSA public key whose private half signs committee-site cookies/URLs',
    });

    const storage = new RegistryStorage(this);
    const { data: dataKey, messages: messagesKey, reports: reportsKey } = storage.keys;
    this.logBucket = storage.logBucket;
    this.buckets = storage.buckets;
    this.table = storage.table;

    const messaging = new RegistryMessaging(this, { key: messagesKey, uploads: this.buckets.uploads });
    this.queues = messaging.queues;
    this.deadLetterQueues = messaging.deadLetterQueues;
    this.alarmTopic = messaging.alarmTopic;
    this.verdictTopic = messaging.verdictTopic;

    // Confused-deputy protection on every key: a service may use a key only for this account's resources, and
    // where the source is known, only for that resource (CDK's own grants, such as SqsDestination's, included).
    const serviceSources: ServiceSources = {
      's3.amazonaws.com': [this.buckets.uploads.bucketArn],
      'cloudwatch.amazonaws.com': [
        this.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: '*',
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      ],
    };
    for (const key of [dataKey, messagesKey, reportsKey]) confineServicePrincipals(key, serviceSources);

    const functions = new RegistryFunctions(this, {
      resolveEntry: props.resolveEntry ?? requireEntry,
      buckets: this.buckets,
      bucketKeys: storage.bucketKeys,
      table: this.table,
      tableKey: dataKey,
      queues: this.queues,
      topics: { verdict: this.verdictTopic },
      messagesKey,
      addDeadLetterQueue: (dlqId) => messaging.addDeadLetterQueue(dlqId),
    });
    this.functions = functions.functions;

    addRegistryAlarms(this, {
      topic: this.alarmTopic,
      functions: this.functions,
      deadLetterQueues: this.deadLetterQueues,
    });

    this.centerAccess = new CenterAccess(this, 'Centers', {
      centers: props.centers ?? activeCenters(),
      uploads: { bucket: this.buckets.uploads, key: dataKey },
      data: { bucket: this.buckets.data, key: dataKey },
      reports: { bucket: this.buckets.reports, key: reportsKey },
      ledger: { table: this.table, key: dataKey, indexName: tableSchema.gsi1.name },
    });

    const site = new CommitteeSite(this, 'CommitteeSite', {
      bucket: this.buckets.reports,
      key: reportsKey,
      prefix: keys.sitePrefix,
      publicKeyPem: sitePublicKey.valueAsString,
      logBucket: this.logBucket,
    });

    suppressRegistryFindings(this, {
      functions: this.functions.values(),
      schedule: functions.schedule,
      centerAccess: this.centerAccess,
      siteDistribution: site.distribution,
    });

    const outputs: Record<string, string> = {
      UploadsBucketName: this.buckets.uploads.bucketName,
      DataBucketName: this.buckets.data.bucketName,
      ReportsBucketName: this.buckets.reports.bucketName,
      AccessLogsBucketName: this.logBucket.bucketName,
      TableName: this.table.tableName,
      IngestQueueUrl: this.queues.ingest.queueUrl,
      ReportQueueUrl: this.queues.report.queueUrl,
      AlarmTopicArn: this.alarmTopic.topicArn,
      VerdictTopicArn: this.verdictTopic.topicArn,
      SiteDistributionId: site.distribution.distributionId,
      SiteDomainName: site.distribution.distributionDomainName,
      CenterRoleNamePattern: centerRoleName(this.stackName, '{centerId}'),
    };
    for (const dlq of this.deadLetterQueues) outputs[`${dlq.node.id}Url`] = dlq.queueUrl;
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
