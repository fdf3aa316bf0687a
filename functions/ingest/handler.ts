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
import { powertoolsIngestLogger } from '../../shared/adapters/powertools-ingest-logger.js';
// The use case's own module, not the shared/app barrel: the barrel would bundle the report pipeline too.
import { ingestUploadBatch, type IngestDependencies } from '../../shared/app/ingest-upload-batch.js';
import { functionLogger, lambdaLogging } from '../powertools.js';

const logger = functionLogger('ingest');
let dependencies: IngestDependencies | undefined;

function dependenciesFromEnvironment(): IngestDependencies {
  const env = readFunctionEnvironment(process.env, 'ingest');
  return ingestDependencies(env, awsClients(env), { logger: powertoolsIngestLogger(logger) });
}

/**
 * The Lambda entry point. The batch loop is ingestUploadBatch's, not Powertools' BatchProcessor, so the local stack
 * and the tests run the loop the Lambda runs (README, "Layers").
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(lambdaLogging('ingest', logger))
  .handler((event) => ingestUploadBatch(event, (dependencies ??= dependenciesFromEnvironment())));
