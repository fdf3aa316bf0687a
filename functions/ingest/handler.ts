/**
 * The ingest Lambda: S3 ObjectCreated notifications on `uploads/{centerId}/…` arrive through the ingest queue
 * (with its DLQ); each message is ingested and failures are reported per message. All configuration comes from
 * the environment, read here and nowhere else; locally, endpoint overrides point the same code at s3rver and
 * DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from '../../infra/local/event-types.js';
import {
  CallbackStalePublisher,
  DynamoRegistryStore,
  S3ObjectStore,
  SnsVerdictNotifier,
  SqsStalePublisher,
} from '../../shared/adapters/index.js';
import { findCenter } from '../../shared/config/centers.js';
import { envNames } from '../../shared/config/resources.js';
import { createJsonLogger, dictionaryValidator, type IngestDependencies } from '../../shared/ingest/index.js';
import { logUnhandledError } from './log-unhandled-error.js';
import { processIngestBatch } from './process-ingest-batch.js';

/** The environment variables the ingest handler reads. */
export const ingestEnv = {
  dataBucket: envNames.dataBucket,
  table: envNames.table,
  /** Optional: the report queue; "quarter stale" events go there. Unset (local stack): they are logged. */
  reportQueueUrl: envNames.reportQueueUrl,
  /** Optional: the SNS topic centers subscribe to for their verdict summaries. Unset: no notifications. */
  verdictTopicArn: 'VERDICT_TOPIC_ARN',
  /** Optional: an S3 endpoint (s3rver) instead of AWS; path-style addressing is used with it. */
  s3Endpoint: 'S3_ENDPOINT',
  /** Optional: a DynamoDB endpoint (DynamoDB Local) instead of AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
} as const;

/** Thrown at the first invocation when a required variable is missing. */
export class IngestConfigError extends Error {
  override readonly name = 'IngestConfigError';
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new IngestConfigError(`The ingest function needs the environment variable ${name}.`);
  return value;
}

/** Builds the pipeline's dependencies from the environment. */
export function dependenciesFromEnv(): IngestDependencies {
  const s3Endpoint = process.env[ingestEnv.s3Endpoint];
  const dynamodbEndpoint = process.env[ingestEnv.dynamodbEndpoint];
  // Static dummy keys (s3rver's default pair; DynamoDB Local takes any) keep the SDK from looking for a real profile.
  const local = {
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const s3 = new S3Client(s3Endpoint ? { ...local, endpoint: s3Endpoint, forcePathStyle: true } : {});
  const dynamoClient = new DynamoDBClient(dynamodbEndpoint ? { ...local, endpoint: dynamodbEndpoint } : {});
  const dynamo = DynamoDBDocumentClient.from(dynamoClient, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const logger = createJsonLogger();
  const reportQueueUrl = process.env[ingestEnv.reportQueueUrl];
  const verdictTopicArn = process.env[ingestEnv.verdictTopicArn];
  return {
    objects: new S3ObjectStore(s3),
    registry: new DynamoRegistryStore(dynamo, { tableName: required(ingestEnv.table) }),
    validator: dictionaryValidator(),
    // Without a report queue (the local stack runs its own), stale quarters are logged as JSON lines.
    stalePublisher: reportQueueUrl
      ? new SqsStalePublisher(new SQSClient({}), { queueUrl: reportQueueUrl })
      : new CallbackStalePublisher((event) =>
          logger.log('info', 'quarter stale', { ...event, step: 'emit-stale' }),
        ),
    ...(verdictTopicArn
      ? { notifier: new SnsVerdictNotifier(new SNSClient({}), { topicArn: verdictTopicArn }) }
      : {}),
    dataBucket: required(ingestEnv.dataBucket),
    findCenter,
    logger,
  };
}

let dependencies: IngestDependencies | undefined;

/** The Lambda entry point. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(logUnhandledError())
  .handler((event: SQSEvent) => processIngestBatch(event, (dependencies ??= dependenciesFromEnv())));
