/**
 * The registry's messages: the ingest and report work queues with their dead-letter queues, the S3 -> SQS
 * notification for uploads, and the alarm and verdict topics, all under the messages key. Resources are created
 * directly in the stack so that their logical ids stay those of a flat stack.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import { type Bucket, EventType } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { ingestRedrive, topPrefixes } from '../../shared/config/resources.js';
import { type FunctionSpec, functionSpecs, type QueueRole } from '../stacks/function-specs.js';

/** Object key suffixes under `uploads/` that trigger ingest (S3 suffix filters are case-sensitive). */
export const uploadSuffixes = ['.csv', '.CSV'] as const;

/** What the messaging needs from the rest of the stack. */
export interface RegistryMessagingProps {
  /** The key every queue and topic is encrypted under. */
  readonly key: Key;
  /** The bucket whose CSV uploads are sent to the ingest queue. */
  readonly uploads: Bucket;
}

/** Queues, dead-letter queues, the upload notification and the topics of the registry, added to `stack`. */
export class RegistryMessaging {
  public readonly queues: Record<QueueRole, Queue>;
  /** Every dead-letter queue, in creation order, including ones added later with `addDeadLetterQueue`. */
  public readonly deadLetterQueues: Queue[] = [];
  public readonly alarmTopic: Topic;
  /** Verdict notices to the centers: one message per upload with a `centerId` attribute to filter on. */
  public readonly verdictTopic: Topic;

  public constructor(
    private readonly stack: Stack,
    private readonly props: RegistryMessagingProps,
  ) {
    // Visibility timeout = 6 x the consumer's timeout, as Lambda's SQS guidance recommends.
    const workQueue = (id: string, consumerTimeoutMinutes: number): Queue =>
      new Queue(stack, id, {
        encryption: QueueEncryption.KMS,
        encryptionMasterKey: props.key,
        enforceSSL: true,
        visibilityTimeout: Duration.minutes(6 * consumerTimeoutMinutes),
        retentionPeriod: Duration.days(14),
        deadLetterQueue: {
          queue: this.addDeadLetterQueue(`${id}DeadLetter`),
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
      props.uploads.addEventNotification(EventType.OBJECT_CREATED, ingestDestination, {
        prefix: topPrefixes.uploads,
        suffix,
      });
    }

    this.alarmTopic = new Topic(stack, 'AlarmTopic', {
      displayName: 'ECLS registry alarms',
      masterKey: props.key,
      enforceSSL: true,
    });
    props.key.addToResourcePolicy(
      new PolicyStatement({
        sid: 'CloudWatchAlarmsPublishToEncryptedTopic',
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
        resources: ['*'],
      }),
    );

    // Verdict notices carry a center's row counts and problem summary, so the topic is encrypted and TLS-only
    // like the queues; centers subscribe (email, HTTPS or SQS) with a filter policy on their `centerId`.
    this.verdictTopic = new Topic(stack, 'VerdictTopic', {
      displayName: 'ECLS registry upload verdicts',
      masterKey: props.key,
      enforceSSL: true,
    });
  }

  /** A dead-letter queue (14 days' retention, encrypted, TLS-only) that the DLQ-depth alarms will watch. */
  public addDeadLetterQueue(id: string): Queue {
    const dlq = new Queue(this.stack, id, {
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: this.props.key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.deadLetterQueues.push(dlq);
    return dlq;
  }
}
