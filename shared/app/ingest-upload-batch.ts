import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import {
  ingestUpload,
  isLastAttempt,
  recordIngestFailure,
  silentLogger,
  type IngestDependencies,
} from '../ingest/index.js';
import { uploadObjectsOf } from './upload-objects.js';

/**
 * Ingests every upload an SQS batch names and reports the messages to retry (ReportBatchItemFailures).
 *
 * Messages are processed one after another, not concurrently: the function's memory is sized for the largest
 * upload the limits accept (shared/validation/limits.ts), and uploads held side by side would add up past it,
 * so one large file would take down the whole invocation and every other message of its batch with it. Uploads
 * of one center are serialised by the data-set pointer's optimistic lock and ordered by their S3 event
 * sequencer, not by this process. A message fails as a whole when any of its uploads fails, and its retry
 * converges because every step is idempotent. On the last delivery before the dead-letter queue, a failing
 * message first gives its center a "could not be processed" verdict.
 */
export async function ingestUploadBatch(
  event: SQSEvent,
  deps: IngestDependencies,
): Promise<SQSBatchResponse> {
  const logger = deps.logger ?? silentLogger;
  const failed: string[] = [];
  for (const record of event.Records) {
    try {
      for (const upload of uploadObjectsOf(record)) await ingestUpload(deps, upload);
    } catch (error) {
      const receiveCount = Number(record.attributes.ApproximateReceiveCount);
      const last = isLastAttempt(receiveCount, deps.maxReceiveCount);
      logger.log(
        'error',
        last
          ? 'ingestion failed on the last attempt; the message goes to the dead-letter queue'
          : 'ingestion failed; the message will be retried',
        {
          messageId: record.messageId,
          receiveCount,
          error: { name: (error as Error)?.name, message: (error as Error)?.message },
        },
      );
      if (last) await tellCenters(deps, record, receiveCount, error);
      failed.push(record.messageId);
    }
  }
  return { batchItemFailures: failed.map((itemIdentifier) => ({ itemIdentifier })) };
}

/** Writes the "could not be processed" verdict of each upload the message names; a failure here is logged. */
async function tellCenters(
  deps: IngestDependencies,
  record: SQSRecord,
  attempts: number,
  error: unknown,
): Promise<void> {
  const logger = deps.logger ?? silentLogger;
  let uploads: ReturnType<typeof uploadObjectsOf> = [];
  try {
    uploads = uploadObjectsOf(record);
  } catch {
    // Not an S3 notification: it names no upload and no center to tell.
  }
  for (const upload of uploads) {
    try {
      await recordIngestFailure(deps, upload, { attempts, error });
    } catch (writeError) {
      logger.log('error', 'could not write the "could not be processed" verdict', {
        messageId: record.messageId,
        key: upload.key,
        error: { name: (writeError as Error)?.name, message: (writeError as Error)?.message },
      });
    }
  }
}

export type { IngestDependencies };
