/**
 * Runs the registry's functions on the local stack as AWS runs them: each with the environment, role and
 * trigger settings of the synthesized template (deployment/), its SDK clients under that role's IAM policies
 * (iam/), and its sends to queues and topics delivered locally (loopback-clients.ts). The same composition
 * root as the Lambda handlers builds the dependencies; only the clients' endpoints and the enforcement differ.
 */
import {
  type AwsClients,
  emulatorDynamoClient,
  emulatorS3Client,
  type FunctionEnvironment,
  readFunctionEnvironment,
} from '../../shared/adapters/composition-root.js';
import { envNames } from '../../shared/config/resources.js';
import type { FunctionName } from '../stacks/function-specs.js';
import { loadLocalDeployment } from './deployment/load-deployment.js';
import {
  type FunctionDeployment,
  functionOf,
  queueOf,
  type QueueDeployment,
  queueTriggerOf,
  type RegistryDeployment,
} from './deployment/local-deployment.js';
import { functionIdentity, type LocalIdentity, LocalIam } from './iam/local-iam.js';
import type { LocalQueue, LocalQueueOptions } from './local-queue.js';
import type { LocalStack } from './local-stack.js';
import { loopbackSnsClient, loopbackSqsClient, type TopicSink } from './loopback-clients.js';
import { openRotatingLog } from './rotating-log.js';

/** The deployment, its IAM and the local queues of one running stack. */
export interface LocalRuntime {
  stack: LocalStack;
  deployment: RegistryDeployment;
  iam: LocalIam;
  /** Local queues by their deployed URL; loopback SQS clients deliver to these. */
  queues: Map<string, LocalQueue>;
  /** Where SNS publishes go (the verdict-notice log, then each {@link LocalRuntime.onPublish} listener). */
  topicSink: TopicSink;
  /** Subscribes to every SNS publish of the functions; returns the unsubscribe function. */
  onPublish(listener: TopicSink): () => void;
}

/** Options of {@link createLocalRuntime}. */
export interface LocalRuntimeOptions {
  /** Default: the checkout's stack, synthesized (or from the cache). */
  deployment?: RegistryDeployment;
  /** Appends each SNS message as a JSON line here (rotated by size); default: not logged. */
  topicLogFile?: string;
}

/** Creates the runtime for a started local stack. */
export function createLocalRuntime(stack: LocalStack, options: LocalRuntimeOptions = {}): LocalRuntime {
  const deployment = options.deployment ?? loadLocalDeployment();
  const log = options.topicLogFile === undefined ? undefined : openRotatingLog(options.topicLogFile);
  const listeners = new Set<TopicSink>();
  return {
    stack,
    deployment,
    iam: new LocalIam(deployment),
    queues: new Map(),
    topicSink: (message) => {
      log?.write(JSON.stringify({ at: new Date().toISOString(), ...message }));
      for (const listener of listeners) listener(message);
    },
    onPublish(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** SDK clients for the local stack acting as `identity`: every call authorized against its policies first. */
export function clientsAs(runtime: LocalRuntime, identity: LocalIdentity): AwsClients {
  const { stack, iam } = runtime;
  const route = (url: string): ((body: string) => string) | undefined => {
    const queue = runtime.queues.get(url);
    return queue ? (body) => queue.send(body) : undefined;
  };
  return {
    s3: iam.enforce(emulatorS3Client(stack.endpoints.s3), 's3', identity),
    dynamo: iam.enforce(emulatorDynamoClient(stack.endpoints.dynamodb), 'dynamodb', identity),
    sqs: iam.enforce(loopbackSqsClient(route), 'sqs', identity),
    sns: iam.enforce(loopbackSnsClient(runtime.topicSink), 'sns', identity),
  };
}

/** A deployed function on the local stack: its settings, environment and enforced clients. */
export interface LocalFunction {
  deployment: FunctionDeployment;
  identity: LocalIdentity;
  /** The synthesized environment, with the emulator endpoints added. */
  environment: FunctionEnvironment;
  clients: AwsClients;
}

/** The function `name` as the template deploys it, on this stack. */
export function localFunction(runtime: LocalRuntime, name: FunctionName): LocalFunction {
  const fn = functionOf(runtime.deployment, name);
  const identity = functionIdentity(runtime.deployment, name);
  const environment = readFunctionEnvironment(
    {
      ...fn.environment,
      [envNames.s3Endpoint]: runtime.stack.endpoints.s3,
      [envNames.dynamodbEndpoint]: runtime.stack.endpoints.dynamodb,
      AWS_REGION: runtime.deployment.region,
    },
    name,
  );
  return { deployment: fn, identity, environment, clients: clientsAs(runtime, identity) };
}

/** A function's SQS trigger as the local queue takes it: the deployed queue, and the queue's options. */
export interface LocalQueueSettings {
  queue: QueueDeployment;
  options: Omit<LocalQueueOptions, 'handler' | 'dataDir'>;
}

/** The local queue settings of a function's SQS trigger, from its event source mapping and its queue. */
export function queueSettingsOf(runtime: LocalRuntime, name: FunctionName): LocalQueueSettings {
  const fn = functionOf(runtime.deployment, name);
  const trigger = queueTriggerOf(fn);
  const queue = queueOf(runtime.deployment, trigger.queueArn);
  const deadLetter =
    queue.deadLetterArn === undefined ? undefined : queueOf(runtime.deployment, queue.deadLetterArn);
  return {
    queue,
    options: {
      name: queue.name,
      ...(deadLetter === undefined ? {} : { deadLetterName: deadLetter.name }),
      batchSize: trigger.batchSize,
      batchingWindowMs: trigger.maximumBatchingWindowSeconds * 1000,
      ...(queue.maxReceiveCount === undefined ? {} : { maxReceiveCount: queue.maxReceiveCount }),
      functionName: fn.functionName,
      timeoutMs: fn.timeoutSeconds * 1000,
    },
  };
}
