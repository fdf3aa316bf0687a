import type { S3EventRecord, SQSRecord } from 'aws-lambda';
import type { UploadObject } from '../ingest/index.js';

/** An SQS message body that is not an S3 notification. */
export class MalformedMessageError extends Error {
  override readonly name = 'MalformedMessageError';
}

/**
 * Decodes an object key from an S3 event: S3 form-URL-encodes keys, so `+` is a space and `%XX` are UTF-8
 * bytes (a literal `+` arrives as `%2B`).
 * @example decodeS3EventKey('uploads/C001/Q3+%C3%A9t%C3%A9.csv') // 'uploads/C001/Q3 été.csv'
 */
export function decodeS3EventKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

/**
 * The uploaded objects one SQS message names: the ObjectCreated records of the S3 notification in its body,
 * keys decoded, with the event's sequencer (which orders a center's uploads). The test event S3 sends when a notification is configured names none.
 * @throws {MalformedMessageError} when the body is not an S3 notification.
 */
export function uploadObjectsOf(record: SQSRecord): UploadObject[] {
  let body: { Records?: S3EventRecord[]; Event?: string };
  try {
    body = JSON.parse(record.body) as typeof body;
  } catch (cause) {
    throw new MalformedMessageError(`Message ${record.messageId} is not JSON.`, { cause });
  }
  if (body.Event === 's3:TestEvent') return [];
  if (!Array.isArray(body.Records)) {
    throw new MalformedMessageError(
      `Message ${record.messageId} is not an S3 event notification (no Records).`,
    );
  }
  return body.Records.filter(
    (r) => r.eventSource === 'aws:s3' && r.eventName.startsWith('ObjectCreated:'),
  ).map((r) => ({
    bucket: r.s3.bucket.name,
    key: decodeS3EventKey(r.s3.object.key),
    ...(r.s3.object.versionId ? { versionId: r.s3.object.versionId } : {}),
    ...(r.s3.object.sequencer ? { sequencer: r.s3.object.sequencer } : {}),
  }));
}
