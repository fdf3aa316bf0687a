import type { S3Event, S3EventRecord } from './event-types.js';
import type { LocalQueue } from './local-queue.js';

/** What an S3 notification configuration matches, as in the bucket's QueueConfiguration. */
export interface S3NotificationFilter {
  /** Physical bucket name. */
  bucket: string;
  /** Event names or wildcards, e.g. `ObjectCreated:*`. Default: all ObjectCreated events. */
  events?: string[];
  /** Key prefix and suffix, matched against the decoded key as S3's filter rules are. */
  prefix?: string;
  suffix?: string;
}

/** Something that publishes object events: the local stack handle. */
export interface S3EventSource {
  onObjectEvent(listener: (event: S3Event) => void): () => void;
}

/** Decodes a key from an S3 event record (form-URL-encoded, `+` for space). */
function decodeKey(encoded: string): string {
  return decodeURIComponent(encoded.replace(/\+/g, ' '));
}

function eventMatches(pattern: string, eventName: string): boolean {
  return pattern.endsWith(':*') ? eventName.startsWith(pattern.slice(0, -1)) : pattern === eventName;
}

/** Whether one record passes the notification's filter. */
export function matchesS3Filter(record: S3EventRecord, filter: S3NotificationFilter): boolean {
  if (record.s3.bucket.name !== filter.bucket) return false;
  const events = filter.events ?? ['ObjectCreated:*'];
  if (!events.some((pattern) => eventMatches(pattern.replace(/^s3:/, ''), record.eventName))) return false;
  const key = decodeKey(record.s3.object.key);
  return key.startsWith(filter.prefix ?? '') && key.endsWith(filter.suffix ?? '');
}

/**
 * Wires object events to a queue like an S3 bucket notification to SQS: each matching record becomes one
 * message whose body is a one-record S3 event.
 * @returns the function that removes the subscription.
 */
export function connectS3Notifications(
  source: S3EventSource,
  queue: LocalQueue,
  filter: S3NotificationFilter,
): () => void {
  return source.onObjectEvent((event) => {
    const matching = event.Records.filter((record) => matchesS3Filter(record, filter));
    if (matching.length > 0) queue.sendS3Event({ Records: matching });
  });
}
