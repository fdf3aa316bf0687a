/**
 * The functions declared in function-specs.ts: each one's grants, its trigger (a queue, or the daily
 * close-quarter schedule) and its name as a stack output. Resources are created directly in the stack so that
 * their logical ids stay those of a flat stack.
 */
import { CfnOutput, CfnParameter, Duration, Fn, type Stack } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Schedule, ScheduleExpression, ScheduleTargetInput } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import {
  type BucketRole,
  envNames as sharedEnvNames,
  ingestRedrive,
  table as tableSchema,
} from '../../shared/config/resources.js';
import { closeQuarterAction, DEFAULT_GRACE_DAYS, MAX_GRACE_DAYS } from '../../shared/report/quarter-clock.js';
import {
  bucketEnvNames,
  envNames,
  type FunctionSpec,
  functionSpecs,
  type QueueRole,
  topicEnvNames,
} from '../stacks/function-specs.js';
import { RegistryFunction } from './registry-function.js';

/** The resources the functions are bound to. */
export interface RegistryFunctionsProps {
  /** Where each function's handler is. */
  readonly resolveEntry: (spec: FunctionSpec) => string;
  readonly buckets: Record<BucketRole, Bucket>;
  readonly bucketKeys: Record<BucketRole, Key>;
  readonly table: Table;
  /** The table's key. */
  readonly tableKey: Key;
  readonly queues: Record<QueueRole, Queue>;
  readonly topics: Record<keyof typeof topicEnvNames, Topic>;
  /** The key of the queues and topics. */
  readonly messagesKey: Key;
  /** Makes the dead-letter queue of the close-quarter schedule's target. */
  readonly addDeadLetterQueue: (id: string) => Queue;
}

/** One RegistryFunction per spec, wired as its spec says, added to `stack`. */
export class RegistryFunctions {
  public readonly functions = new Map<FunctionSpec['name'], RegistryFunction>();
  /** The scheduler's role and dead-letter queue, once the close-quarter function is scheduled. */
  public schedule?: { readonly role: Role; readonly deadLetter: Queue };

  public constructor(
    private readonly stack: Stack,
    props: RegistryFunctionsProps,
  ) {
    for (const spec of functionSpecs) {
      const fn = new RegistryFunction(stack, `Fn-${spec.name}`, {
        entry: props.resolveEntry(spec),
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
              bucket: props.buckets[grant.bucket],
              key: props.bucketKeys[grant.bucket],
              read: grant.read,
              write: grant.write,
            });
            break;
          case 'table':
            fn.bindTable(envNames.table, props.table, props.tableKey, tableSchema.gsi1.name, grant.access);
            if (grant.writeLeadingKeys)
              fn.bindTableItemWrites(props.table, props.tableKey, grant.writeLeadingKeys);
            break;
          case 'sendToQueue':
            fn.bindQueueSender(envNames.reportQueueUrl, props.queues[grant.queue], props.messagesKey);
            break;
          case 'publishToTopic':
            fn.bindTopicPublisher(topicEnvNames[grant.topic], props.topics[grant.topic], props.messagesKey);
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
        fn.consumeQueue(props.queues[spec.trigger.queue], {
          batchSize: spec.trigger.batchSize,
          maxConcurrency: spec.trigger.maxConcurrency,
          maxBatchingWindow:
            spec.trigger.maxBatchingWindowSeconds === undefined
              ? undefined
              : Duration.seconds(spec.trigger.maxBatchingWindowSeconds),
        });
      } else {
        this.scheduleDaily(fn, props.messagesKey, props.addDeadLetterQueue('CloseQuarterScheduleDeadLetter'));
      }
      new CfnOutput(stack, `Fn${spec.name.replace(/-(.)/g, (_, c: string) => c.toUpperCase())}Name`, {
        value: fn.function.functionName,
      });
    }
  }

  /**
   * Runs the close-quarter function every day at 02:00 UTC with the grace period in its input; the handler
   * closes a quarter once `quarter end + graceDays` has passed and it is not yet closed (idempotent), so a
   * changed grace period or a missed day needs no schedule change.
   */
  private scheduleDaily(fn: RegistryFunction, key: Key, deadLetter: Queue): void {
    // One definition of the range, shared with the handler's input schema (shared/report/quarter-clock.ts).
    const graceDays = new CfnParameter(this.stack, 'CloseQuarterGraceDays', {
      type: 'Number',
      default: DEFAULT_GRACE_DAYS,
      minValue: 0,
      maxValue: MAX_GRACE_DAYS,
      description: 'Days after a quarter ends before the quarterly report is closed and published',
    });
    const role = new Role(this.stack, 'CloseQuarterSchedulerRole', {
      assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': this.stack.account } },
      }),
    });
    role.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['kms:Decrypt', 'kms:GenerateDataKey'], resources: [key.keyArn] }),
    );
    new Schedule(this.stack, 'CloseQuarterSchedule', {
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
    this.schedule = { role, deadLetter };
  }
}
