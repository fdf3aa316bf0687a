/**
 * The ECLS registry in one environment-agnostic stack: three private, versioned, KMS-encrypted buckets, the
 * DynamoDB table, the ingest and report queues with their dead-letter queues, the functions declared in
 * function-specs.ts (a missing handler fails the synth), per-center IAM roles, the committee site and alarms.
 * Names, key layout and table schema come from shared/config/resources.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ArnFormat,
  CfnOutput,
  CfnParameter,
  Duration,
  Fn,
  RemovalPolicy,
  Stack,
  type StackProps,
} from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { AnyPrincipal, Effect, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  EventType,
  type LifecycleRule,
  ObjectOwnership,
  StorageClass,
} from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { activeCenters, type Center } from '../../shared/config/centers.js';
import {
  type BucketRole,
  envNames as sharedEnvNames,
  ingestRedrive,
  keys,
  table as tableSchema,
  topPrefixes,
} from '../../shared/config/resources.js';
import { reportAgeMetric } from '../../shared/observability/report-age-metric.js';
import { closeQuarterAction, DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS } from '../../shared/report/quarter-clock.js';
import { requireBucketKey } from '../constructs/bucket-encryption-policy.js';
import { CenterAccess, centerRoleName } from '../constructs/center-access.js';
import { CommitteeSite } from '../constructs/committee-site.js';
import { RegistryFunction } from '../constructs/registry-function.js';
import { confineServicePrincipals, type ServiceSources } from '../constructs/service-principal-conditions.js';
import {
  bucketEnvNames,
  envNames,
  type FunctionSpec,
  functionSpecs,
  type QueueRole,
  topicEnvNames,
} from './function-specs.js';

/** Object key suffixes under `uploads/` that trigger ingest (S3 suffix filters are case-sensitive). */
export const uploadSuffixes = ['.csv', '.CSV'] as const;

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
  public readonly deadLetterQueues: Queue[] = [];
  public readonly functions = new Map<FunctionSpec['name'], RegistryFunction>();
  public readonly centerAccess: CenterAccess;
  public readonly alarmTopic: Topic;
  /** Verdict notices to the centers: one message per upload with a `centerId` attribute to filter on. */
  public readonly verdictTopic: Topic;

  public constructor(scope: Construct, id: string, props: RegistryStackProps = {}) {
    super(scope, id, props);
    // S3 access logs are admitted by a bucket policy for logging.s3.amazonaws.com, not the legacy log-delivery ACL.
    this.node.setContext('@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy', true);
    const resolveEntry = props.resolveEntry ?? requireEntry;

    const sitePublicKey = new CfnParameter(this, 'CommitteeSitePublicKeyPem', {
      type: 'String',
      noEcho: false,
      description: 'PEM-encoded RSA public key whose private half signs committee-site cookies/URLs',
    });

    // Keys: one for the registry's PHI at rest (uploads, data, table); one for messages (queues, alarm topic),
    // whose policy must admit S3 and CloudWatch, and which the uploads bucket's notification policy references
    // (sharing the data key would be a key -> bucket -> key cycle); one for published reports, which CloudFront
    // must be able to decrypt.
    const dataKey = new Key(this, 'DataKey', {
      alias: `alias/${this.stackName}/data`,
      description: 'ECLS registry data at rest',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const messagesKey = new Key(this, 'MessagesKey', {
      alias: `alias/${this.stackName}/messages`,
      description: 'ECLS registry queues and alarm topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const reportsKey = new Key(this, 'ReportsKey', {
      alias: `alias/${this.stackName}/reports`,
      description: 'ECLS registry published reports',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Access logs: S3 server access logging and CloudFront standard logs only deliver to SSE-S3 buckets, and
    // CloudFront needs ACLs (bucket-owner-preferred). Logs are audit records: kept six years, then expired.
    this.logBucket = new Bucket(this, 'AccessLogsBucket', {
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

    // Raw uploads are never expired or deleted: only noncurrent versions move to a cheaper class.
    const keepForever: LifecycleRule[] = [
      {
        id: 'noncurrent-to-glacier-ir',
        noncurrentVersionTransitions: [
          { storageClass: StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
        ],
        abortIncompleteMultipartUploadAfter: Duration.days(7),
      },
    ];
    const privateBucket = (role: BucketRole, key: Key): Bucket =>
      new Bucket(this, `${role[0]!.toUpperCase()}${role.slice(1)}Bucket`, {
        encryption: BucketEncryption.KMS,
        encryptionKey: key,
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
      uploads: privateBucket('uploads', dataKey),
      data: privateBucket('data', dataKey),
      reports: privateBucket('reports', reportsKey),
    };
    // Every object stays under its bucket's key: a PUT without encryption headers gets the bucket default and is
    // allowed (the CLI and the functions send none); one asking for SSE-S3, SSE-C or another key is denied.
    requireBucketKey(this.buckets.uploads, dataKey);
    requireBucketKey(this.buckets.data, dataKey);
    requireBucketKey(this.buckets.reports, reportsKey);
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
    this.table = new Table(this, 'Table', {
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

    const deadLetterQueue = (id: string): Queue => {
      const dlq = new Queue(this, id, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: messagesKey,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      this.deadLetterQueues.push(dlq);
      return dlq;
    };
    // Visibility timeout = 6 x the consumer's timeout, as Lambda's SQS guidance recommends.
    const workQueue = (id: string, consumerTimeoutMinutes: number): Queue =>
      new Queue(this, id, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: messagesKey,
        enforceSSL: true,
        visibilityTimeout: Duration.minutes(6 * consumerTimeoutMinutes),
        retentionPeriod: Duration.days(14),
        deadLetterQueue: {
          queue: deadLetterQueue(`${id}DeadLetter`),
          maxReceiveCount: ingestRedrive.maxReceiveCount,
        },
      });
    const timeoutOf = (name: FunctionSpec['name']): number =>
      functionSpecs.find((s) => s.name === name)?.timeoutMinutes ?? 15;
    this.queues = {
      ingest: workQueue('IngestQueue', timeoutOf('ingest')),
      report: workQueue('ReportQueue', timeoutOf('report')),
    };

    // S3 -> SQS for every CSV under uploads/. CDK adds the queue policy and the key policy for s3.amazonaws.com.
    // S3 suffix filters are case-sensitive, and spreadsheet exports on some systems write `.CSV`.
    const ingestDestination = new SqsDestination(this.queues.ingest);
    for (const suffix of uploadSuffixes) {
      this.buckets.uploads.addEventNotification(EventType.OBJECT_CREATED, ingestDestination, {
        prefix: topPrefixes.uploads,
        suffix,
      });
    }
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
    // CDK's notification custom resource is a singleton at the stack root.
    NagSuppressions.addResourceSuppressionsByPath(
      this,
      `/${this.node.path}/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role`,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason:
            'CDK-managed custom resource that writes the bucket notification configuration at deploy time.',
          appliesTo: [
            'Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
          ],
        },
      ],
      true,
    );

    this.alarmTopic = new Topic(this, 'AlarmTopic', {
      displayName: 'ECLS registry alarms',
      masterKey: messagesKey,
      enforceSSL: true,
    });
    messagesKey.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );
    const alarmAction = new SnsAction(this.alarmTopic);

    // Verdict notices carry a center's row counts and problem summary, so the topic is encrypted and TLS-only
    // like the queues; centers subscribe (email, HTTPS or SQS) with a filter policy on their `centerId`.
    this.verdictTopic = new Topic(this, 'VerdictTopic', {
      displayName: 'ECLS registry upload verdicts',
      masterKey: messagesKey,
      enforceSSL: true,
    });
    const topics = { verdict: this.verdictTopic } satisfies Record<keyof typeof topicEnvNames, Topic>;

    const keyOf: Record<BucketRole, Key> = { uploads: dataKey, data: dataKey, reports: reportsKey };
    for (const spec of functionSpecs) {
      const entry = resolveEntry(spec);
      const fn = new RegistryFunction(this, `Fn-${spec.name}`, {
        entry,
        description: spec.description,
        memorySize: spec.memorySize,
        timeout: Duration.minutes(spec.timeoutMinutes),
      });
      this.functions.set(spec.name, fn);
      for (const grant of spec.grants) {
        switch (grant.kind) {
          case 'bucket':
            fn.bindBucket({
              env: bucketEnvNames[grant.bucket],
              bucket: this.buckets[grant.bucket],
              key: keyOf[grant.bucket],
              read: grant.read,
              write: grant.write,
            });
            break;
          case 'table':
            fn.bindTable(envNames.table, this.table, dataKey, tableSchema.gsi1.name, grant.access);
            if (grant.writeLeadingKeys) fn.bindTableItemWrites(this.table, dataKey, grant.writeLeadingKeys);
            break;
          case 'sendToQueue':
            fn.bindQueueSender(envNames.reportQueueUrl, this.queues[grant.queue], messagesKey);
            break;
          case 'publishToTopic':
            fn.bindTopicPublisher(topicEnvNames[grant.topic], topics[grant.topic], messagesKey);
            break;
        }
      }
      if (spec.trigger.kind === 'queue') {
        // The ingest function learns its queue's receive limit, so the last delivery can tell the center.
        if (spec.trigger.queue === 'ingest') {
          fn.function.addEnvironment(
            sharedEnvNames.ingestMaxReceiveCount,
            String(ingestRedrive.maxReceiveCount),
          );
        }
        fn.consumeQueue(this.queues[spec.trigger.queue], {
          batchSize: spec.trigger.batchSize,
          maxConcurrency: spec.trigger.maxConcurrency,
          maxBatchingWindow:
            spec.trigger.maxBatchingWindowSeconds === undefined
              ? undefined
              : Duration.seconds(spec.trigger.maxBatchingWindowSeconds),
        });
      } else {
        this.scheduleDaily(fn, messagesKey, deadLetterQueue('CloseQuarterScheduleDeadLetter'));
      }
      NagSuppressions.addResourceSuppressions(fn.function, [
        {
          id: 'AwsSolutions-L1',
          reason:
            'The project pins nodejs22.x (the handlers and their tests target Node 22); moving to nodejs24.x is ' +
            'a one-line change in registryFunctionDefaults once the handlers are tested on it.',
        },
      ]);
      NagSuppressions.addResourceSuppressions(
        fn.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'Object access is limited to the key prefixes of function-specs.ts (e.g. curated/*); X-Ray ' +
              'PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
            appliesTo: [
              { regex: '/^Resource::<(Uploads|Data|Reports)Bucket[0-9A-F]{8}\\.Arn>\\/[a-z-]+\\/\\*$/' },
              'Resource::*',
            ],
          },
        ],
        true,
      );
      new Alarm(this, `Fn-${spec.name}-Errors`, {
        alarmDescription: `The ${spec.name} function reported errors`,
        metric: fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
      new CfnOutput(this, `Fn${spec.name.replace(/-(.)/g, (_, c: string) => c.toUpperCase())}Name`, {
        value: fn.function.functionName,
      });
    }

    for (const dlq of this.deadLetterQueues) {
      new Alarm(this, `${dlq.node.id}Depth`, {
        alarmDescription: `Messages are waiting in ${dlq.node.id}: a record failed every retry`,
        metric: dlq.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        threshold: 0,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      }).addAlarmAction(alarmAction);
    }
    // The metric is the EMF line of shared/observability/report-age-metric.ts, written by the report and
    // close-quarter handlers: same namespace, name and (exact) dimension set, so the alarm sees every data point.
    new Alarm(this, 'ReportOlderThanExpected', {
      alarmDescription:
        'Accepted data has waited longer than expected for its published report (ReportAgeSeconds, emitted by ' +
        'the report and close-quarter handlers)',
      metric: new Metric({
        namespace: reportAgeMetric.namespace,
        metricName: reportAgeMetric.name,
        dimensionsMap: { ...reportAgeMetric.dimensions },
        statistic: 'Maximum',
        period: Duration.hours(1),
      }),
      threshold: reportAgeMetric.thresholdSeconds,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(alarmAction);

    this.centerAccess = new CenterAccess(this, 'Centers', {
      centers: props.centers ?? activeCenters(),
      uploads: { bucket: this.buckets.uploads, key: dataKey },
      data: { bucket: this.buckets.data, key: dataKey },
      reports: { bucket: this.buckets.reports, key: reportsKey },
      ledger: { table: this.table, key: dataKey, indexName: tableSchema.gsi1.name },
    });
    NagSuppressions.addResourceSuppressions(
      this.centerAccess,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            "A center's objects are the keys under its own prefix (uploads/{id}/*, validation/{id}/*, " +
            'centers/{id}/*); the wildcard is the prefix, not a wider grant.',
          appliesTo: [
            {
              regex:
                '/^Resource::<(Uploads|Data|Reports)Bucket[0-9A-F]{8}\\.Arn>\\/[a-z]+\\/[A-Z][A-Z0-9]{1,15}\\/\\*$/',
            },
          ],
        },
      ],
      true,
    );

    const site = new CommitteeSite(this, 'CommitteeSite', {
      bucket: this.buckets.reports,
      key: reportsKey,
      prefix: keys.sitePrefix,
      publicKeyPem: sitePublicKey.valueAsString,
      logBucket: this.logBucket,
    });
    NagSuppressions.addResourceSuppressions(site.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Committee members travel; access is gated by CloudFront signatures, not by country.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'Every request must carry a valid CloudFront signature; unsigned requests are refused at the edge ' +
          'before reaching the origin. WAF is a follow-up if abuse is seen (cost: see docs/deploy.md).',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason:
          'Uses the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; a custom ' +
          'domain with an ACM certificate and TLSv1.2_2021 is the documented follow-up.',
      },
    ]);

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

  /**
   * Runs the close-quarter function every day at 02:00 UTC with the grace period in its input; the handler
   * closes a quarter once `quarter end + graceDays` has passed and it is not yet closed (idempotent), so a
   * changed grace period or a missed day needs no schedule change.
   */
  private scheduleDaily(fn: RegistryFunction, key: Key, deadLetter: Queue): void {
    // One definition of the range, shared with the handler's input schema (shared/report/quarter-clock.ts).
    const graceDays = new CfnParameter(this, 'CloseQuarterGraceDays', {
      type: 'Number',
      default: DEFAULT_GRACE_DAYS,
      minValue: 0,
      maxValue: MAX_GRACE_DAYS,
      description: 'Days after a quarter ends before the quarterly report is closed and published',
    });
    const role = new Role(this, 'CloseQuarterSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
    NagSuppressions.addResourceSuppressions(deadLetter, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is the dead-letter queue of the close-quarter schedule target (cdk-nag only recognises SQS redrive DLQs).',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'lambda:InvokeFunction on the close-quarter function and its qualified versions (<arn>:*) only.',
          appliesTo: [{ regex: '/^Resource::<Fnclosequarter[A-Za-z0-9]+\\.Arn>:\\*$/' }],
        },
      ],
      true,
    );
    new Schedule(this, 'CloseQuarterSchedule', {
      description: 'Daily check whether a quarter is due to close (quarter end + grace days)',
      schedule: ScheduleExpression.cron({ minute: '0', hour: '2' }),
      target: new LambdaInvoke(fn.function, {
        role,
        // fromObject would quote the parameter (`"graceDays":"30"`); joined as text it stays a JSON number.
        input: ScheduleTargetInput.fromText(
          Fn.join('', [`{"action":"${closeQuarterAction}","graceDays":`, graceDays.valueAsString, '}']),
        ),
        deadLetterQueue: deadLetter,
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
