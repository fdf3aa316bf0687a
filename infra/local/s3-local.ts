import { mkdir } from 'node:fs/promises';

import S3rver from 's3rver';

import type { S3Event } from './event-types.js';
import { type S3rverEvent, toAwsS3Event } from './s3-event.js';
import { type S3rverWithStore, useDurableStore } from './s3rver-durable-store.js';
import { listObjectsV2Paging } from './s3rver-list-paging.js';

/** A running s3rver and what the stack needs from it. */
export interface S3Local {
  endpoint: string;
  port: number;
  /** Subscribes to object events, already in AWS's notification shape; returns the unsubscribe function. */
  onObjectEvent(listener: (event: S3Event) => void): () => void;
  stop(): Promise<void>;
}

/**
 * Starts s3rver on loopback, storing objects under `directory`. The buckets are created through its
 * `configureBuckets` option, which is idempotent (an existing bucket keeps its objects). Listings of more than
 * 1,000 keys page as in S3 (s3rver-list-paging.ts). A PUT is answered, and its ObjectCreated event emitted,
 * only once the object is on disk in full (s3rver-durable-store.ts), so a reader woken by the event never sees
 * an empty or partial object.
 */
export async function startS3Local(options: {
  port: number;
  directory: string;
  buckets: string[];
}): Promise<S3Local> {
  await mkdir(options.directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: options.port,
    silent: true,
    directory: options.directory,
    // Path-style only: vhost matching would treat a "Host: 127.0.0.1" request as a bucket lookup.
    vhostBuckets: false,
    configureBuckets: options.buckets.map((name) => ({ name })),
  });
  useDurableStore(server as unknown as S3rverWithStore, options.directory);
  // Just before the router (the last middleware), so the listing result is still an object, not XML.
  server.middleware.splice(server.middleware.length - 1, 0, listObjectsV2Paging());
  const address = await server.run();
  const endpoint = `http://127.0.0.1:${address.port}`;
  let stopped = false;
  return {
    endpoint,
    port: address.port,
    onObjectEvent(listener) {
      const forward = (event: S3rverEvent): void => listener(toAwsS3Event(event));
      server.on('event', forward);
      return () => server.off('event', forward);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      server.removeAllListeners('event');
      const closed = server.close();
      // close() waits for keep-alive sockets (SDK clients keep them open); end them so stop() cannot hang.
      server.httpServer?.closeAllConnections();
      await closed;
    },
  };
}
