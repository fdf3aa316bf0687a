/**
 * The small store port that publishing needs: write a text object, read one back. It is narrower than the
 * ingestion's `ObjectStore` (shared/ports/object-store.ts), which takes a bucket with every call and streams
 * bodies; `siteObjectStoreOn` adapts that port (and so the S3 adapter) to this one for a bucket.
 */
import type { ObjectStore } from '../../ports/index.js';

export interface SiteObjectStore {
  /** Writes (or overwrites) the object at `key`. */
  put(key: string, body: string, contentType: string): Promise<void>;
  /** Reads the object at `key` as text; undefined when it does not exist. */
  get(key: string): Promise<string | undefined>;
}

/**
 * A `SiteObjectStore` on one bucket of an `ObjectStore` (S3 in AWS, s3rver locally).
 * @example const store = siteObjectStoreOn(new S3ObjectStore(client), 'ecls-reports')
 */
export function siteObjectStoreOn(store: ObjectStore, bucket: string): SiteObjectStore {
  return {
    async put(key, body, contentType) {
      await store.put({ bucket, key }, body, { contentType });
    },
    async get(key) {
      if ((await store.head({ bucket, key })) === undefined) return undefined;
      const object = await store.getStream({ bucket, key });
      const decoder = new TextDecoder();
      let text = '';
      for await (const chunk of object.body) text += decoder.decode(chunk, { stream: true });
      return text + decoder.decode();
    },
  };
}
