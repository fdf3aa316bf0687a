/**
 * What each function gets in AWS, read from the synthesized template and resolved for the local stack: its
 * environment, its role's policies, its trigger's settings (event source mapping or schedule input, rendered
 * as AWS renders it), the resource policies that apply (bucket, key, queue, topic policies) and the bucket
 * notification filters. The local runtime takes all of it from here; nothing is listed a second time by hand.
 * The value is plain JSON, so the running stack can hand it to `ecls` commands in `running.json`'s directory.
 */
import { localBucketNames, queues, table as tableSchema } from '../../../shared/config/resources.js';
import type { FunctionName } from '../../stacks/function-specs.js';
import { localRegion } from '../sdk-clients.js';
import {
  arnOf,
  type CfnTemplate,
  type Json,
  refersTo,
  resolveValue,
  type ResolutionContext,
  resourcesOfType,
} from './cfn-template.js';
import type { SynthesizedRegistry } from './synthesize-registry.js';

/** An IAM policy document, resolved to concrete ARNs. */
export interface PolicyDocument {
  Version?: string;
  Statement: Record<string, Json>[];
}

/** A named policy attached to a role. */
export interface NamedPolicy {
  name: string;
  policy: PolicyDocument;
}

/** An IAM role as the template defines it. */
export interface RoleDeployment {
  name: string;
  arn: string;
  identityPolicies: NamedPolicy[];
  trustPolicy: PolicyDocument;
}

/** An SQS queue as the template defines it. */
export interface QueueDeployment {
  logicalId: string;
  name: string;
  url: string;
  arn: string;
  visibilityTimeoutSeconds: number;
  /** The redrive policy's maxReceiveCount; undefined for a queue without a dead-letter queue. */
  maxReceiveCount?: number;
  deadLetterArn?: string;
  kmsKeyArn?: string;
  policy?: PolicyDocument;
}

/** An SQS event source mapping's settings. */
export interface QueueTrigger {
  kind: 'queue';
  queueArn: string;
  batchSize: number;
  maximumBatchingWindowSeconds: number;
  maximumConcurrency?: number;
  reportBatchItemFailures: boolean;
}

/** An EventBridge Scheduler schedule, with its input as the target receives it. */
export interface ScheduleTrigger {
  kind: 'schedule';
  expression: string;
  /** The rendered input text (parameters at their values or defaults). */
  inputText: string;
  /** The input, JSON-parsed as Lambda parses it into the event. */
  input: unknown;
}

/** One function: what it runs with in AWS. */
export interface FunctionDeployment {
  name: FunctionName;
  functionName: string;
  memorySizeMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  role: RoleDeployment;
  triggers: (QueueTrigger | ScheduleTrigger)[];
}

/** An S3 bucket: its name, default encryption key and policy. */
export interface BucketDeployment {
  name: string;
  arn: string;
  kmsKeyArn?: string;
  policy?: PolicyDocument;
}

/** A bucket notification to a queue. */
export interface NotificationDeployment {
  bucket: string;
  queueArn: string;
  events: string[];
  prefix?: string;
  suffix?: string;
}

/** The registry as deployed, resolved for one account and region. */
export interface RegistryDeployment {
  stackName: string;
  account: string;
  region: string;
  functions: Partial<Record<FunctionName, FunctionDeployment>>;
  buckets: BucketDeployment[];
  table: {
    name: string;
    arn: string;
    kmsKeyArn?: string;
    partitionKey: string;
    indexes: Record<string, string>;
  };
  queues: QueueDeployment[];
  topics: { name: string; arn: string; kmsKeyArn?: string; policy?: PolicyDocument }[];
  keys: { arn: string; policy: PolicyDocument }[];
  notifications: NotificationDeployment[];
  centerRoles: Record<string, RoleDeployment>;
}

/** The synthesized stack lacks what the local stack needs, or has what it cannot model; the message names it. */
export class DeploymentError extends Error {
  override readonly name = 'DeploymentError';
}

/** Options of {@link resolveDeployment}. */
export interface ResolveDeploymentOptions {
  /** The account the local stack pretends to be. Default {@link localAccount}. */
  account?: string;
  region?: string;
  /** Template parameter values; the rest take their defaults. */
  parameters?: Record<string, string>;
}

/** The account id of the local deployment (a reserved-looking id no real account has). */
export const localAccount = '000000000000';
/** The local deployment's region: the one every local client and event claims. */
export const localDeploymentRegion = localRegion;
/** Queue URLs of the local deployment start here; the local SQS stand-in answers for them. */
export const localQueueUrlBase = 'https://sqs.local.invalid';

const asPolicy = (value: Json | undefined): PolicyDocument | undefined => {
  if (value === undefined || value === null) return undefined;
  const document = value as { Version?: string; Statement?: Json };
  const statements = document.Statement;
  return {
    ...(document.Version === undefined ? {} : { Version: document.Version }),
    Statement: (Array.isArray(statements) ? statements : [statements]) as Record<string, Json>[],
  };
};

/**
 * A role of the template with its inline and attached policies, resolved in `context`.
 * @throws {Error} when the role has managed policies: their documents live outside the template.
 */
export function resolveRole(context: ResolutionContext, logicalId: string): RoleDeployment {
  const resolve = (value: Json): Json => resolveValue(value, context);
  const p = context.template.Resources[logicalId]?.Properties ?? {};
  if (p.ManagedPolicyArns !== undefined) {
    throw new DeploymentError(
      `role ${logicalId} has managed policies, which the local deployment does not read`,
    );
  }
  const inline = ((p.Policies ?? []) as { PolicyName: string; PolicyDocument: Json }[]).map((policy) => ({
    name: policy.PolicyName,
    policy: asPolicy(resolve(policy.PolicyDocument))!,
  }));
  const attached = resourcesOfType(context.template, 'AWS::IAM::Policy')
    .filter(([, r]) => ((r.Properties?.Roles ?? []) as Json[]).some((ref) => refersTo(ref, logicalId)))
    .map(([id, r]) => ({ name: id, policy: asPolicy(resolve(r.Properties!.PolicyDocument!))! }));
  return {
    name: String(resolve({ Ref: logicalId })),
    arn: arnOf(context, logicalId),
    identityPolicies: [...inline, ...attached],
    trustPolicy: asPolicy(resolve(p.AssumeRolePolicyDocument!))!,
  };
}

/**
 * Resolves a synthesized registry to the local stack's names: its buckets, table and queues are the local
 * ones (shared/config/resources.ts), every other resource keeps its logical id as its name.
 */
export function resolveDeployment(
  synthesized: SynthesizedRegistry,
  options: ResolveDeploymentOptions = {},
): RegistryDeployment {
  const { template, logicalIds: ids } = synthesized;
  const physicalNames: Record<string, string> = {
    [ids.buckets.uploads]: localBucketNames.uploads,
    [ids.buckets.data]: localBucketNames.data,
    [ids.buckets.reports]: localBucketNames.reports,
    [ids.table]: tableSchema.localName,
    [ids.queues.ingest]: queues.ingest,
    [ids.queues.report]: queues.report,
    [ids.deadLetterQueues.ingest]: queues.ingestDeadLetter,
    [ids.deadLetterQueues.report]: queues.reportDeadLetter,
  };
  const context: ResolutionContext = {
    template,
    stackName: synthesized.stackName,
    account: options.account ?? localAccount,
    region: options.region ?? localDeploymentRegion,
    physicalNames,
    parameters: options.parameters ?? {},
    queueUrlBase: localQueueUrlBase,
  };
  const resolve = (value: Json): Json => resolveValue(value, context);
  const str = (value: Json | undefined): string | undefined =>
    value === undefined ? undefined : String(resolve(value));
  const props = (logicalId: string): Record<string, Json> => template.Resources[logicalId]?.Properties ?? {};

  const role = (logicalId: string): RoleDeployment => resolveRole(context, logicalId);

  const policyFor = (type: string, listProperty: string, logicalId: string): PolicyDocument | undefined => {
    const found = resourcesOfType(template, type).filter(([, r]) => {
      const targets = r.Properties?.[listProperty];
      return (Array.isArray(targets) ? targets : [targets]).some((t) => refersTo(t, logicalId));
    });
    if (found.length === 0) return undefined;
    return {
      Statement: found.flatMap(([, r]) => asPolicy(resolve(r.Properties!.PolicyDocument!))!.Statement),
    };
  };

  const functions: RegistryDeployment['functions'] = {};
  for (const [name, logicalId] of Object.entries(ids.functions) as [FunctionName, string][]) {
    const p = props(logicalId);
    const roleId = (p.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const variables = ((p.Environment as { Variables?: Record<string, Json> } | undefined)?.Variables ??
      {}) as Record<string, Json>;
    const triggers: (QueueTrigger | ScheduleTrigger)[] = [];
    for (const [, mapping] of resourcesOfType(template, 'AWS::Lambda::EventSourceMapping')) {
      const m = mapping.Properties!;
      if (!refersTo(m.FunctionName, logicalId)) continue;
      const concurrency = (m.ScalingConfig as { MaximumConcurrency?: number } | undefined)
        ?.MaximumConcurrency;
      triggers.push({
        kind: 'queue',
        queueArn: str(m.EventSourceArn)!,
        // Lambda's defaults for SQS: batch size 10, no batching window.
        batchSize: Number(m.BatchSize ?? 10),
        maximumBatchingWindowSeconds: Number(m.MaximumBatchingWindowInSeconds ?? 0),
        ...(concurrency === undefined ? {} : { maximumConcurrency: concurrency }),
        reportBatchItemFailures: ((m.FunctionResponseTypes ?? []) as string[]).includes(
          'ReportBatchItemFailures',
        ),
      });
    }
    for (const [, schedule] of resourcesOfType(template, 'AWS::Scheduler::Schedule')) {
      const target = schedule.Properties!.Target as Record<string, Json>;
      if (!refersTo(target.Arn, logicalId)) continue;
      const inputText = str(target.Input) ?? '{}';
      triggers.push({
        kind: 'schedule',
        expression: str(schedule.Properties!.ScheduleExpression)!,
        inputText,
        input: JSON.parse(inputText) as unknown,
      });
    }
    functions[name] = {
      name,
      functionName: String(resolve({ Ref: logicalId })),
      memorySizeMb: Number(p.MemorySize ?? 128),
      timeoutSeconds: Number(p.Timeout ?? 3),
      environment: Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(resolve(v))])),
      role: role(roleId),
      triggers,
    };
  }

  const kmsKeyOfBucket = (logicalId: string): string | undefined => {
    const rules = (props(logicalId).BucketEncryption as { ServerSideEncryptionConfiguration?: Json[] })
      ?.ServerSideEncryptionConfiguration as
      { ServerSideEncryptionByDefault?: { KMSMasterKeyID?: Json } }[] | undefined;
    return str(rules?.[0]?.ServerSideEncryptionByDefault?.KMSMasterKeyID);
  };
  const tableProps = props(ids.table);
  const keyAttribute = (schema: Json): string =>
    (schema as { AttributeName: string; KeyType: string }[]).find((k) => k.KeyType === 'HASH')!.AttributeName;

  return {
    stackName: synthesized.stackName,
    account: context.account,
    region: context.region,
    functions,
    buckets: resourcesOfType(template, 'AWS::S3::Bucket').map(([id]) => {
      const kmsKeyArn = kmsKeyOfBucket(id);
      const policy = policyFor('AWS::S3::BucketPolicy', 'Bucket', id);
      return {
        name: String(resolve({ Ref: id })),
        arn: arnOf(context, id),
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        ...(policy === undefined ? {} : { policy }),
      };
    }),
    table: {
      name: String(resolve({ Ref: ids.table })),
      arn: arnOf(context, ids.table),
      kmsKeyArn: str((tableProps.SSESpecification as { KMSMasterKeyId?: Json } | undefined)?.KMSMasterKeyId),
      partitionKey: keyAttribute(tableProps.KeySchema!),
      indexes: Object.fromEntries(
        ((tableProps.GlobalSecondaryIndexes ?? []) as { IndexName: string; KeySchema: Json }[]).map((i) => [
          i.IndexName,
          keyAttribute(i.KeySchema),
        ]),
      ),
    },
    queues: resourcesOfType(template, 'AWS::SQS::Queue').map(([id, r]) => {
      const p = r.Properties ?? {};
      const redrive = p.RedrivePolicy as { deadLetterTargetArn: Json; maxReceiveCount: number } | undefined;
      const policy = policyFor('AWS::SQS::QueuePolicy', 'Queues', id);
      const kmsKeyArn = str(p.KmsMasterKeyId);
      return {
        logicalId: id,
        name: String(resolve({ 'Fn::GetAtt': [id, 'QueueName'] })),
        url: String(resolve({ Ref: id })),
        arn: arnOf(context, id),
        // SQS's default visibility timeout is 30 s.
        visibilityTimeoutSeconds: Number(p.VisibilityTimeout ?? 30),
        ...(redrive === undefined
          ? {}
          : { maxReceiveCount: redrive.maxReceiveCount, deadLetterArn: str(redrive.deadLetterTargetArn)! }),
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        ...(policy === undefined ? {} : { policy }),
      };
    }),
    topics: resourcesOfType(template, 'AWS::SNS::Topic').map(([id, r]) => {
      const policy = policyFor('AWS::SNS::TopicPolicy', 'Topics', id);
      const kmsKeyArn = str(r.Properties?.KmsMasterKeyId);
      return {
        name: id,
        arn: arnOf(context, id),
        ...(kmsKeyArn === undefined ? {} : { kmsKeyArn }),
        ...(policy === undefined ? {} : { policy }),
      };
    }),
    keys: resourcesOfType(template, 'AWS::KMS::Key').map(([id, r]) => ({
      arn: arnOf(context, id),
      policy: asPolicy(resolve(r.Properties!.KeyPolicy!))!,
    })),
    notifications: notificationsOf(template, resolve),
    centerRoles: Object.fromEntries(
      Object.entries(ids.centerRoles).map(([center, id]) => [center, role(id)]),
    ),
  };
}

function notificationsOf(template: CfnTemplate, resolve: (value: Json) => Json): NotificationDeployment[] {
  return resourcesOfType(template, 'Custom::S3BucketNotifications').flatMap(([, r]) => {
    const bucket = String(resolve(r.Properties!.BucketName!));
    const configuration = r.Properties!.NotificationConfiguration as {
      QueueConfigurations?: { Events: string[]; QueueArn: Json; Filter?: Json }[];
    };
    return (configuration.QueueConfigurations ?? []).map((q) => {
      const rules =
        (q.Filter as { Key?: { FilterRules?: { Name: string; Value: string }[] } } | undefined)?.Key
          ?.FilterRules ?? [];
      const rule = (name: string): string | undefined =>
        rules.find((f) => f.Name.toLowerCase() === name)?.Value;
      const prefix = rule('prefix');
      const suffix = rule('suffix');
      return {
        bucket,
        queueArn: String(resolve(q.QueueArn)),
        events: q.Events,
        ...(prefix === undefined ? {} : { prefix }),
        ...(suffix === undefined ? {} : { suffix }),
      };
    });
  });
}

/** The deployment's queue with this URL or ARN. */
export function queueOf(deployment: RegistryDeployment, urlOrArn: string): QueueDeployment {
  const queue = deployment.queues.find((q) => q.url === urlOrArn || q.arn === urlOrArn);
  if (!queue) throw new DeploymentError(`no queue ${urlOrArn} in the deployment`);
  return queue;
}

/** The function's SQS trigger; throws when it has none. */
export function queueTriggerOf(fn: FunctionDeployment): QueueTrigger {
  const trigger = fn.triggers.find((t): t is QueueTrigger => t.kind === 'queue');
  if (!trigger) throw new DeploymentError(`function ${fn.name} has no SQS trigger`);
  return trigger;
}

/** The function's schedule; throws when it has none. */
export function scheduleOf(fn: FunctionDeployment): ScheduleTrigger {
  const trigger = fn.triggers.find((t): t is ScheduleTrigger => t.kind === 'schedule');
  if (!trigger) throw new DeploymentError(`function ${fn.name} has no schedule`);
  return trigger;
}

/** The deployed function by name; throws when the stack does not define it. */
export function functionOf(deployment: RegistryDeployment, name: FunctionName): FunctionDeployment {
  const fn = deployment.functions[name];
  if (!fn) throw new DeploymentError(`the synthesized stack has no ${name} function`);
  return fn;
}
