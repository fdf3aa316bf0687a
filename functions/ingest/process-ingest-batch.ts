import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { ingestUpload, silentLogger, type IngestDependencies } from '../../shared/ingest/index.js';
import { uploadObjectsOf } from './upload-objects.js';

/**
 * Ingests every upload an SQS batch names and reports the messages to retry (ReportBatchItemFailures). Messages
 * are processed concurrently: uploads of different centers do not interact, and uploads of one center are
 * serialised by the data-set pointer's optimistic lock, not by this process. A message fails as a whole when any
 * of its uploads fails, and its retry converges because every step is idempotent.
 */
export async function processIngestBatch(
  event: SQSEvent,
  deps: IngestDependencies,
): Promise<SQSBatchResponse> {
  const logger = deps.logger ?? silentLogger;
  const results = await Promise.all(
    event.Records.map(async (record) => {
      try {
        for (const upload of uploadObjectsOf(record)) await ingestUpload(deps, upload);
        return undefined;
      } catch (error) {
        logger.log('error', 'ingestion failed; the message will be retried', {
          messageId: record.messageId,
          receiveCount: Number(record.attributes.ApproximateReceiveCount),
          error: { name: (error as Error)?.name, message: (error as Error)?.message },
        });
        return record.messageId;
      }
    }),
  );
  return {
    batchItemFailures: results
      .filter((id): id is string => id !== undefined)
      .map((itemIdentifier) => ({ itemIdentifier })),
  };
}
