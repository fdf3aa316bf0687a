/**
 * Template assertions for the parts of the registry stack that do not depend on the Lambda handlers: buckets,
 * table, queues, the S3 -> SQS notification, alarms, outputs, and a clean cdk-nag AwsSolutions run.
 */
import { Annotations, Match, type Template } from 'aws-cdk-lib/assertions';
import { activeCenters } from '../../../shared/config/centers.js';
import { keys, table as tableSchema } from '../../../shared/config/resources.js';
import { reportAgeLine, reportAgeMetric } from '../../../shared/observability/index.js';
import { registryFunctionDefaults } from '../../../infra/constructs/registry-function.js';
import { logicalIdOf, synthRegistry, type Synthesized } from '../support/synth.js';

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

let synthesized: Synthesized;
let template: Template;
beforeAll(() => {
  synthesized = synthRegistry('checkout');
  template = synthesized.template;
});

const resourcesOf = (type: string): [string, Resource][] =>
  Object.entries(template.findResources(type) as Record<string, Resource>);

describe('cdk-nag AwsSolutions', () => {
  test('reports no unsuppressed error or warning', () => {
    const nag = Match.stringLikeRegexp('AwsSolutions-.*');
    expect(Annotations.fromStack(synthesized.stack).findError('*', nag)).toEqual([]);
    expect(Annotations.fromStack(synthesized.stack).findWarning('*', nag)).toEqual([]);
  });
});

describe('buckets', () => {
  test('there are the three data buckets and one access-log bucket', () => {
    expect(resourcesOf('AWS::S3::Bucket')).toHaveLength(4);
  });

  test('every bucket is encrypted, versioned, blocks all public access and is retained', () => {
    for (const [id, bucket] of resourcesOf('AWS::S3::Bucket')) {
      const encryption = bucket.Properties.BucketEncryption as {
        ServerSideEncryptionConfiguration: { ServerSideEncryptionByDefault: { SSEAlgorithm: string } }[];
      };
      expect([
        id,
        encryption.ServerSideEncryptionConfiguration[0]!.ServerSideEncryptionByDefault.SSEAlgorithm,
      ]).toEqual([id, expect.stringMatching(/^(aws:kms|AES256)$/)]);
      expect([id, bucket.Properties.VersioningConfiguration]).toEqual([id, { Status: 'Enabled' }]);
      expect([id, bucket.Properties.PublicAccessBlockConfiguration]).toEqual([
        id,
        {
          BlockPublicAcls: true,
          BlockPublicPolicy: true,
          IgnorePublicAcls: true,
          RestrictPublicBuckets: true,
        },
      ]);
      expect([id, bucket.DeletionPolicy]).toEqual([id, 'Retain']);
    }
  });

  test('the three data buckets use a customer-managed KMS key and log to the access-log bucket', () => {
    const logBucketId = logicalIdOf(synthesized.stack.logBucket);
    for (const bucket of Object.values(synthesized.stack.buckets)) {
      const props = (template.toJSON().Resources[logicalIdOf(bucket)] as Resource).Properties;
      expect(props).toMatchObject({
        BucketEncryption: {
          ServerSideEncryptionConfiguration: [
            {
              BucketKeyEnabled: true,
              ServerSideEncryptionByDefault: {
                SSEAlgorithm: 'aws:kms',
                KMSMasterKeyID: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
              },
            },
          ],
        },
        LoggingConfiguration: { DestinationBucketName: { Ref: logBucketId } },
      });
    }
  });

  test('every bucket has a policy denying any request not made over TLS', () => {
    const policies = resourcesOf('AWS::S3::BucketPolicy');
    for (const [id] of resourcesOf('AWS::S3::Bucket')) {
      const policy = policies.find(
        ([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: id }),
      );
      expect([id, policy?.[1].Properties.PolicyDocument]).toEqual([
        id,
        expect.objectContaining({
          Statement: expect.arrayContaining([
            expect.objectContaining({
              Effect: 'Deny',
              Action: 's3:*',
              Principal: { AWS: '*' },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        }),
      ]);
    }
  });

  test('raw uploads are never expired and their versions never deleted', () => {
    const uploads = template.toJSON().Resources[logicalIdOf(synthesized.stack.buckets.uploads)] as Resource;
    const rules = (uploads.Properties.LifecycleConfiguration as { Rules: Record<string, unknown>[] }).Rules;
    for (const rule of rules) {
      for (const deleting of [
        'ExpirationInDays',
        'ExpirationDate',
        'NoncurrentVersionExpiration',
        'ExpiredObjectDeleteMarker',
      ]) {
        expect(rule).not.toHaveProperty(deleting);
      }
    }
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logicalIdOf(synthesized.stack.buckets.uploads) },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Action: 's3:DeleteObjectVersion', Principal: { AWS: '*' } }),
        ]),
      },
    });
  });

  test('S3 access logs are admitted by a bucket policy, not the legacy log-delivery ACL', () => {
    const logBucketId = logicalIdOf(synthesized.stack.logBucket);
    const logBucket = template.toJSON().Resources[logBucketId] as Resource;
    expect(logBucket.Properties).not.toHaveProperty('AccessControl');
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: logBucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'logging.s3.amazonaws.com' },
            Action: 's3:PutObject',
          }),
        ]),
      },
    });
  });
});

describe('S3 -> SQS upload notification', () => {
  test('ObjectCreated for .csv and .CSV keys under the uploads prefix goes to the ingest queue', () => {
    const prefix = keys.uploadPrefix('C001').split('/')[0] + '/';
    const [[, notification]] = resourcesOf('Custom::S3BucketNotifications') as [[string, Resource]];
    expect(notification.Properties.BucketName).toEqual({
      Ref: logicalIdOf(synthesized.stack.buckets.uploads),
    });
    const configurations = (
      notification.Properties.NotificationConfiguration as { QueueConfigurations: unknown[] }
    ).QueueConfigurations;
    // S3 suffix filters are case-sensitive: one rule per spelling, both on the ingest queue.
    const rule = (suffix: string): object => ({
      Events: ['s3:ObjectCreated:*'],
      Filter: {
        Key: {
          FilterRules: expect.arrayContaining([
            { Name: 'prefix', Value: prefix },
            { Name: 'suffix', Value: suffix },
          ]) as unknown,
        },
      },
      QueueArn: { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.queues.ingest), 'Arn'] },
    });
    expect(configurations).toHaveLength(2);
    expect(configurations).toEqual(expect.arrayContaining([rule('.csv'), rule('.CSV')]));
    expect(prefix).toBe('uploads/');
  });

  test('the ingest queue policy lets S3 send only from the uploads bucket', () => {
    template.hasResourceProperties('AWS::SQS::QueuePolicy', {
      Queues: [{ Ref: logicalIdOf(synthesized.stack.queues.ingest) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 's3.amazonaws.com' },
            Action: Match.arrayWith(['sqs:SendMessage']),
            Condition: {
              ArnLike: {
                'aws:SourceArn': { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.buckets.uploads), 'Arn'] },
              },
            },
          }),
        ]),
      },
    });
  });
});

describe('DynamoDB table', () => {
  test('is on-demand, with PITR, deletion protection, KMS encryption and the keys of resources.ts', () => {
    template.hasResource('AWS::DynamoDB::Table', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        BillingMode: 'PAY_PER_REQUEST',
        DeletionProtectionEnabled: true,
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        SSESpecification: { SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: Match.anyValue() },
        KeySchema: [
          { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
          { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          Match.objectLike({
            IndexName: tableSchema.gsi1.name,
            KeySchema: [
              { AttributeName: tableSchema.gsi1.partitionKey, KeyType: 'HASH' },
              { AttributeName: tableSchema.gsi1.sortKey, KeyType: 'RANGE' },
            ],
          }),
        ],
      }),
    });
  });
});

describe('queues', () => {
  test('every queue is KMS-encrypted and has a TLS-only policy; work queues redrive to a DLQ', () => {
    const queues = resourcesOf('AWS::SQS::Queue');
    expect(queues.length).toBeGreaterThanOrEqual(4);
    const policies = resourcesOf('AWS::SQS::QueuePolicy');
    for (const [id, queue] of queues) {
      expect([id, queue.Properties.KmsMasterKeyId]).toEqual([
        id,
        { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
      ]);
      const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Queues).includes(`"${id}"`));
      expect([id, JSON.stringify(policy?.[1].Properties.PolicyDocument)]).toEqual([
        id,
        expect.stringContaining('"Condition":{"Bool":{"aws:SecureTransport":"false"}},"Effect":"Deny"'),
      ]);
    }
    for (const queue of Object.values(synthesized.stack.queues)) {
      const props = (template.toJSON().Resources[logicalIdOf(queue)] as Resource).Properties;
      expect(props.RedrivePolicy).toEqual({
        deadLetterTargetArn: { 'Fn::GetAtt': [expect.any(String), 'Arn'] },
        maxReceiveCount: 3,
      });
    }
  });
});

describe('alarms', () => {
  test('every dead-letter queue has a depth > 0 alarm that notifies the alarm topic', () => {
    const topic = { Ref: logicalIdOf(synthesized.stack.alarmTopic) };
    for (const dlq of synthesized.stack.deadLetterQueues) {
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [logicalIdOf(dlq), 'QueueName'] } }],
        ComparisonOperator: 'GreaterThanThreshold',
        Threshold: 0,
        AlarmActions: [topic],
      });
    }
  });

  test('the "report older than expected" alarm watches exactly the metric the handlers emit', () => {
    // What the report handler writes (shared/observability), read back as CloudWatch reads an EMF line.
    const line = JSON.parse(reportAgeLine(7 * 3600, { function: 'report', timestamp: 0 })) as {
      _aws: {
        CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string }[] }[];
      };
      [field: string]: unknown;
    };
    const [directive] = line._aws.CloudWatchMetrics;
    const [dimensionSet] = directive!.Dimensions;
    const alarms = Object.values(
      template.findResources('AWS::CloudWatch::Alarm', {
        Properties: { MetricName: directive!.Metrics[0]!.Name, Namespace: directive!.Namespace },
      }),
    ) as { Properties: Record<string, unknown> }[];
    expect(alarms).toHaveLength(1);
    const alarm = alarms[0]!.Properties;
    // An alarm sees a metric only with exactly the same dimension set, names and values.
    expect(alarm.Dimensions).toEqual(dimensionSet!.map((Name) => ({ Name, Value: line[Name] })));
    expect(alarm).toMatchObject({
      Statistic: 'Maximum',
      Threshold: reportAgeMetric.thresholdSeconds,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: logicalIdOf(synthesized.stack.alarmTopic) }],
    });
    // The functions' Powertools settings name the same namespace and service.
    expect(reportAgeMetric.namespace).toBe(registryFunctionDefaults.metricsNamespace);
    expect(reportAgeMetric.dimensions.service).toBe(registryFunctionDefaults.serviceName);
    // The emitted value breaches the threshold when the age is over it.
    expect(line[reportAgeMetric.name]).toBeGreaterThan(alarm.Threshold as number);
  });

  test.each(['alarm', 'verdict'] as const)(
    'the %s topic is encrypted with the messages key and TLS-only',
    (which) => {
      const topic = which === 'alarm' ? synthesized.stack.alarmTopic : synthesized.stack.verdictTopic;
      const id = logicalIdOf(topic);
      const resource = template.toJSON().Resources[id] as { Properties: { KmsMasterKeyId: unknown } };
      const messagesKey = Object.keys(template.findResources('AWS::KMS::Key')).find((k) =>
        k.startsWith('MessagesKey'),
      );
      expect(resource.Properties.KmsMasterKeyId).toEqual({ 'Fn::GetAtt': [messagesKey, 'Arn'] });
      template.hasResourceProperties('AWS::SNS::TopicPolicy', {
        Topics: [{ Ref: id }],
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({
              Effect: 'Deny',
              Resource: { Ref: id },
              Condition: { Bool: { 'aws:SecureTransport': 'false' } },
            }),
          ]),
        },
      });
    },
  );
});

describe('keys and outputs', () => {
  test('every key-policy statement for a service principal is confined to this account (confused deputy)', () => {
    type KeyStatement = { Principal?: { Service?: string | string[] }; Condition?: Record<string, object> };
    const servicePrincipals: string[] = [];
    for (const [id, key] of resourcesOf('AWS::KMS::Key')) {
      const statements = (key.Properties.KeyPolicy as { Statement: KeyStatement[] }).Statement;
      for (const statement of statements) {
        if (statement.Principal?.Service === undefined) continue;
        servicePrincipals.push(...[statement.Principal.Service].flat());
        expect([id, statement.Condition?.StringEquals]).toEqual([
          id,
          expect.objectContaining({ 'aws:SourceAccount': { Ref: 'AWS::AccountId' } }),
        ]);
        // Every service that uses a key here has a known source, so each statement also names it.
        const sourceArn = Object.values(statement.Condition ?? {}).flatMap((clauses) =>
          Object.entries(clauses).filter(([k]) => k.toLowerCase() === 'aws:sourcearn'),
        );
        expect([id, statement.Principal.Service, sourceArn]).toEqual([
          id,
          statement.Principal.Service,
          [expect.anything()],
        ]);
      }
    }
    // The services CDK and the stack admit: S3 notifications, CloudWatch alarms, CloudFront (site reads).
    expect(new Set(servicePrincipals)).toEqual(
      new Set(['s3.amazonaws.com', 'cloudwatch.amazonaws.com', 'cloudfront.amazonaws.com']),
    );
  });

  test('S3 may use the messages key only for the uploads bucket, CloudWatch only for this account\u2019s alarms', () => {
    const messagesKey = resourcesOf('AWS::KMS::Key').find(([id]) => id.startsWith('MessagesKey'))![1];
    const statements = (messagesKey.Properties.KeyPolicy as { Statement: Record<string, unknown>[] })
      .Statement;
    const uploadsArn = { 'Fn::GetAtt': [logicalIdOf(synthesized.stack.buckets.uploads), 'Arn'] };
    const fromS3 = statements.filter((st) => JSON.stringify(st.Principal).includes('s3.amazonaws.com'));
    expect(fromS3.length).toBeGreaterThan(0);
    for (const statement of fromS3) {
      expect(statement.Condition).toMatchObject({ ArnLike: { 'aws:SourceArn': uploadsArn } });
    }
    const fromCloudWatch = statements.filter((st) =>
      JSON.stringify(st.Principal).includes('cloudwatch.amazonaws.com'),
    );
    expect(fromCloudWatch).toHaveLength(1);
    expect(JSON.stringify(fromCloudWatch[0]!.Condition)).toContain(':alarm:*');
  });

  test('every KMS key rotates and is retained', () => {
    for (const [id, key] of resourcesOf('AWS::KMS::Key')) {
      expect([id, key.Properties.EnableKeyRotation, key.DeletionPolicy]).toEqual([id, true, 'Retain']);
    }
  });

  test('the CLI gets every name it needs as an output', () => {
    const outputs = Object.keys(template.toJSON().Outputs as Record<string, unknown>);
    expect(outputs).toEqual(
      expect.arrayContaining([
        'UploadsBucketName',
        'DataBucketName',
        'ReportsBucketName',
        'TableName',
        'IngestQueueUrl',
        'ReportQueueUrl',
        'IngestQueueDeadLetterUrl',
        'ReportQueueDeadLetterUrl',
        'SiteDomainName',
        'SiteDistributionId',
        'AlarmTopicArn',
        'VerdictTopicArn',
        'CenterRoleNamePattern',
      ]),
    );
  });

  test('the stack is environment-agnostic and has one role per active center', () => {
    expect(synthesized.stack.environment).toBe('aws://unknown-account/unknown-region');
    expect(synthesized.stack.centerAccess.roles.size).toBe(activeCenters().length);
  });
});
