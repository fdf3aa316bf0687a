/**
 * The composition root: builds each function's dependencies from an explicit environment object and a set of
 * SDK clients. Every Lambda handler, the CLI and the local stack call it, so the wiring exists once. In AWS the
 * environment is `process.env` (set by the stack) and the clients are plain SDK clients; locally the
 * environment is the synthesized one (plus emulator endpoints) and the clients carry the IAM enforcement and
 * the local queue and topic stand-ins. Only the clients differ.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { findCenter } from '../config/centers.js';
import { envNames } from '../config/resources.js';
import {
  createJsonLogger,
  dictionaryValidator,
  type IngestDependencies,
  type IngestLogger,
} from '../ingest/index.js';
import { CallbackStalePublisher } from './callback-stale-publisher.js';
import { DynamoRegistryStore } from './dynamo-registry-store.js';
import { S3ObjectStore } from './s3-object-store.js';
import { SnsVerdictNotifier } from './sns-verdict-notifier.js';
import { SqsStalePublisher } from './sqs-stale-publisher.js';

/** The registry's functions, as named in infra/stacks/function-specs.ts. */
export type RegistryFunctionName = 'ingest' | 'report' | 'close-quarter';

const optional = z.string().min(1).optional();
const required = z.string().min(1);

/** What each function reads from its environment; the names are shared/config/resources.ts `envNames`. */
const environmentSchemas = {
  ingest: z.object({
    [envNames.dataBucket]: required,
    [envNames.table]: required,
    [envNames.reportQueueUrl]: optional,
    [envNames.verdictTopicArn]: optional,
    [envNames.ingestMaxReceiveCount]: z
      .string()
      .regex(/^[1-9][0-9]*$/)
      .optional(),
    [envNames.s3Endpoint]: optional,
    [envNames.dynamodbEndpoint]: optional,
    AWS_REGION: optional,
  }),
  report: z.object({
    [envNames.dataBucket]: required,
    [envNames.reportsBucket]: required,
    [envNames.table]: required,
    [envNames.s3Endpoint]: optional,
    [envNames.dynamodbEndpoint]: optional,
    AWS_REGION: optional,
  }),
} as const;

/** A function's configuration, read once from its environment. */
export interface FunctionEnvironment {
  functionName: RegistryFunctionName;
  dataBucket: string;
  reportsBucket?: string;
  table: string;
  reportQueueUrl?: string;
  verdictTopicArn?: string;
  /** The ingest queue's redrive receive limit (the last delivery writes a "failed" verdict). */
  maxReceiveCount?: number;
  /** An S3-compatible endpoint (s3rver) instead of AWS. */
  s3Endpoint?: string;
  /** A DynamoDB endpoint (DynamoDB Local) instead of AWS. */
  dynamodbEndpoint?: string;
  region?: string;
}

/** Thrown at the first invocation when the environment lacks a variable; names the function and variable. */
export class FunctionConfigError extends Error {
  override readonly name = 'FunctionConfigError';
}

/**
 * Reads a function's configuration from an explicit environment object (process.env in Lambda).
 * @throws {FunctionConfigError} naming every missing or empty variable.
 */
export function readFunctionEnvironment(
  env: Readonly<Record<string, string | undefined>>,
  functionName: RegistryFunctionName,
): FunctionEnvironment {
  const schema = environmentSchemas[functionName === 'ingest' ? 'ingest' : 'report'];
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => String(i.path[0])).join(', ');
    throw new FunctionConfigError(
      `The ${functionName} function needs the environment variable(s) ${names}; the stack sets them ` +
        '(infra/stacks/function-specs.ts).',
      { cause: parsed.error },
    );
  }
  const value = parsed.data as Record<string, string | undefined>;
  const pick = (name: string): Record<string, string> =>
    value[name] === undefined ? {} : { [name]: value[name] };
  const present = {
    ...pick(envNames.reportsBucket),
    ...pick(envNames.reportQueueUrl),
    ...pick(envNames.verdictTopicArn),
    ...pick(envNames.ingestMaxReceiveCount),
    ...pick(envNames.s3Endpoint),
    ...pick(envNames.dynamodbEndpoint),
    ...pick('AWS_REGION'),
  };
  return {
    functionName,
    dataBucket: value[envNames.dataBucket]!,
    table: value[envNames.table]!,
    ...(present[envNames.reportsBucket] ? { reportsBucket: present[envNames.reportsBucket] } : {}),
    ...(present[envNames.reportQueueUrl] ? { reportQueueUrl: present[envNames.reportQueueUrl] } : {}),
    ...(present[envNames.verdictTopicArn] ? { verdictTopicArn: present[envNames.verdictTopicArn] } : {}),
    ...(present[envNames.ingestMaxReceiveCount]
      ? { maxReceiveCount: Number(present[envNames.ingestMaxReceiveCount]) }
      : {}),
    ...(present[envNames.s3Endpoint] ? { s3Endpoint: present[envNames.s3Endpoint] } : {}),
    ...(present[envNames.dynamodbEndpoint] ? { dynamodbEndpoint: present[envNames.dynamodbEndpoint] } : {}),
    ...(present.AWS_REGION ? { region: present.AWS_REGION } : {}),
  };
}

/** The SDK clients a function uses. */
export interface AwsClients {
  s3: S3Client;
  dynamo: DynamoDBClient;
  sqs: SQSClient;
  sns: SNSClient;
}

/** Static dummy keys for the emulators: they accept any signature, and the SDK must not look for a profile. */
export const emulatorCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** An S3 client for an S3-compatible emulator: path-style, and checksums only where an operation needs one. */
export function emulatorS3Client(endpoint: string, region = 'us-east-1'): S3Client {
  // s3rver does not understand the SDK's default streaming checksum framing (aws-chunked): a streamed PUT would
  // be stored with the framing inside the object.
  return new S3Client({
    endpoint,
    region,
    credentials: emulatorCredentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A DynamoDB client for DynamoDB Local. */
export function emulatorDynamoClient(
  endpoint: string,
  region = 'us-east-1',
  maxAttempts?: number,
): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region,
    credentials: emulatorCredentials,
    ...(maxAttempts === undefined ? {} : { maxAttempts }),
  });
}

/** A document client marshalling as the registry store expects. */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

/** The SDK clients for an environment: AWS's defaults, or the emulators its endpoints name. */
export function awsClients(env: FunctionEnvironment): AwsClients {
  return {
    s3: env.s3Endpoint ? emulatorS3Client(env.s3Endpoint, env.region) : new S3Client({}),
    dynamo: env.dynamodbEndpoint
      ? emulatorDynamoClient(env.dynamodbEndpoint, env.region)
      : new DynamoDBClient({}),
    sqs: new SQSClient({}),
    sns: new SNSClient({}),
  };
}

/** Options of {@link ingestDependencies}. */
export interface IngestCompositionOptions {
  logger?: IngestLogger;
}

/** The ingest function's dependencies. Without a report queue, "quarter stale" events are only logged. */
export function ingestDependencies(
  env: FunctionEnvironment,
  clients: AwsClients,
  options: IngestCompositionOptions = {},
): IngestDependencies {
  const logger = options.logger ?? createJsonLogger();
  return {
    objects: new S3ObjectStore(clients.s3),
    registry: new DynamoRegistryStore(documentClient(clients.dynamo), { tableName: env.table }),
    validator: dictionaryValidator(),
    stalePublisher: env.reportQueueUrl
      ? new SqsStalePublisher(clients.sqs, { queueUrl: env.reportQueueUrl })
      : new CallbackStalePublisher((event) =>
          logger.log('info', 'quarter stale', { ...event, step: 'emit-stale' }),
        ),
    ...(env.verdictTopicArn
      ? { notifier: new SnsVerdictNotifier(clients.sns, { topicArn: env.verdictTopicArn }) }
      : {}),
    dataBucket: env.dataBucket,
    findCenter,
    logger,
    ...(env.maxReceiveCount === undefined ? {} : { maxReceiveCount: env.maxReceiveCount }),
  };
}
