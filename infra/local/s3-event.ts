import type { S3Event, S3EventRecord } from './event-types.js';

/** The record shape s3rver 3.7 emits on its 'event' emitter (lib/models/event.js); only the fields we read. */
export interface S3rverEventRecord {
  eventName: string;
  eventTime: string;
  awsRegion: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    bucket: { name: string; ownerIdentity: { principalId: string } };
    /** s3rver passes the key through decoded, unlike S3. */
    object: { key: string; size?: number; eTag?: string };
  };
}

/** The event s3rver emits: one record per request. */
export interface S3rverEvent {
  Records: S3rverEventRecord[];
}

/**
 * Encodes an object key the way S3 writes it into event notifications: form-URL-encoding of the UTF-8 bytes
 * (Java's URLEncoder), so a space becomes `+`, a literal `+` becomes `%2B`, `=` becomes `%3D`, and `/` is kept.
 * Handlers must undo it with `decodeURIComponent(key.replace(/\+/g, ' '))`.
 * @example encodeS3EventKey('uploads/C001/Q3 été.csv') // 'uploads/C001/Q3+%C3%A9t%C3%A9.csv'
 */
export function encodeS3EventKey(key: string): string {
  return key
    .split('/')
    .map((segment) =>
      encodeURIComponent(segment)
        // encodeURIComponent leaves !'()~ alone; URLEncoder (and so S3) escapes them.
        .replace(/[!'()~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)
        .replace(/%20/g, '+'),
    )
    .join('/');
}

let lastSequencer = 0n;

/** A strictly increasing hex sequencer, so events for one key order as S3's do even within one millisecond. */
function nextSequencer(): string {
  const now = BigInt(Date.now()) << 16n;
  lastSequencer = now > lastSequencer ? now : lastSequencer + 1n;
  return lastSequencer.toString(16).toUpperCase().padStart(16, '0');
}

/**
 * Rewrites an s3rver event into the S3 event notification JSON that AWS delivers: URL-encoded key, a well-formed
 * bucket ARN, event version 2.1 and the configuration id of the notification that matched.
 */
export function toAwsS3Event(event: S3rverEvent, configurationId = 'local-notification'): S3Event {
  return { Records: event.Records.map((record) => toAwsS3EventRecord(record, configurationId)) };
}

function toAwsS3EventRecord(record: S3rverEventRecord, configurationId: string): S3EventRecord {
  const { bucket, object } = record.s3;
  // ObjectCreated records always carry size and eTag; s3rver omits them only for removals.
  const awsObject: S3EventRecord['s3']['object'] = {
    key: encodeS3EventKey(object.key),
    size: Number(object.size ?? 0),
    eTag: object.eTag ?? '',
    sequencer: nextSequencer(),
  };
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: record.awsRegion,
    eventTime: record.eventTime,
    eventName: record.eventName,
    userIdentity: { principalId: record.userIdentity.principalId },
    requestParameters: { sourceIPAddress: record.requestParameters.sourceIPAddress },
    responseElements: { ...record.responseElements },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId,
      bucket: {
        name: bucket.name,
        ownerIdentity: { principalId: bucket.ownerIdentity.principalId },
        arn: `arn:aws:s3:::${bucket.name}`,
      },
      object: awsObject,
    },
  };
}
