/**
 * The ingest Lambda: S3 ObjectCreated notifications on `uploads/{centerId}/…` arrive through the ingest queue
 * (with its DLQ); each message is ingested and failures are reported per message (ReportBatchItemFailures).
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  awsClients,
  ingestDependencies,
  readFunctionEnvironment,
} from '../../shared/adapters/composition-root.js';
import type { IngestDependencies } from '../../shared/ingest/index.js';
import { logUnhandledError } from '../log-unhandled-error.js';
import { ingestUploadBatch } from '../../shared/app/ingest-upload-batch.js';

let dependencies: IngestDependencies | undefined;

function dependenciesFromEnvironment(): IngestDependencies {
  const env = readFunctionEnvironment(process.env, 'ingest');
  return ingestDependencies(env, awsClients(env));
}

/** The Lambda entry point. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(logUnhandledError('ingest'))
  .handler((event) => ingestUploadBatch(event, (dependencies ??= dependenciesFromEnvironment())));
