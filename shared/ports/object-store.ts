/** The object store port: what the ingestion needs from S3, and nothing more. */

/** One object, optionally one version of it. */
export interface ObjectRef {
  bucket: string;
  key: string;
  /** A specific version; absent reads the latest (and s3rver, which has no versioning). */
  versionId?: string;
}

/** An object opened for reading. `body` streams; read it once. */
export interface StoredObject {
  body: AsyncIterable<Uint8Array>;
  /** The version read, when the bucket is versioned. */
  versionId?: string;
  contentLength?: number;
  /** When the object was stored, when the store says. */
  lastModified?: Date;
}

/** An object's metadata, without its body. */
export interface ObjectHead {
  versionId?: string;
  contentLength: number;
  contentType?: string;
}

/** One entry of a listing. */
export interface ObjectSummary {
  key: string;
  size: number;
}

/** Body of a put: small ones in one piece, large ones as a stream (sent in parts). */
export type ObjectBody = string | Uint8Array | AsyncIterable<Uint8Array | string>;

export interface ObjectStore {
  /**
   * Opens an object for streaming.
   * @throws {ObjectNotFoundError} when it does not exist; {ObjectStoreError} on any other failure.
   */
  getStream(ref: ObjectRef): Promise<StoredObject>;
  /** Writes (or overwrites) an object; returns the new version id when the bucket is versioned. */
  put(ref: ObjectRef, body: ObjectBody, options: { contentType: string }): Promise<{ versionId?: string }>;
  /** Reads an object's metadata; undefined when it does not exist. */
  head(ref: ObjectRef): Promise<ObjectHead | undefined>;
  /** Lists the objects under a prefix, in key order. */
  list(bucket: string, prefix: string): AsyncIterable<ObjectSummary>;
}
