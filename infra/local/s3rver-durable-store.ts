/**
 * A durable object store for s3rver 3.7. Its FilesystemStore resolves `putObject` once the request body has
 * been read, not once the file is written (for a Buffer body it resolves before the file is even opened), and
 * s3rver emits the ObjectCreated event straight after. A reader woken by that event could then stat a file that
 * is still empty or half written and get 0 bytes or a truncated object, where S3 guarantees read-after-write.
 * This store writes each object (and each multipart part) to a temporary file in the same directory, waits for
 * the write stream to finish, fsyncs it, writes the metadata, and only then renames the file into place, so
 * `putObject` resolves (and the event fires) only when a GET returns the complete object. The rename is atomic:
 * a concurrent reader sees the whole old object or the whole new one, never a partial file. Reads open the file
 * once and take its length from that open file, so a rename between s3rver's stat and open cannot pair one
 * version's length with another version's bytes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { type FileHandle, mkdir, open, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

/** The part of s3rver's S3Object a store's putObject receives. */
export interface StoredObject {
  bucket: string;
  key: string;
  content: Readable | Buffer;
  metadata: Record<string, unknown>;
}

/** The FilesystemStore methods this store reuses or replaces. */
export interface FilesystemStoreLike {
  rootDirectory: string;
  getResourcePath(bucket: string, key: string | undefined, resource: string): string;
  getMetadata(bucket: string, key: string): Promise<Record<string, unknown>>;
  putMetadata(bucket: string, key: string, metadata: Record<string, unknown>, md5?: string): Promise<void>;
  getObject(bucket: string, key: string, options?: ByteRange): Promise<unknown>;
  putObject(object: StoredObject): Promise<{ size: number; md5: string }>;
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<{ size: number; md5: string }>;
}

/** A GET's Range header as s3rver parses it (inclusive byte offsets). */
export interface ByteRange {
  start?: number;
  end?: number;
}

type S3ObjectClass = new (
  bucket: string,
  key: string,
  content: Readable | null,
  metadata: Record<string, unknown>,
) => { range?: { start: number; end: number } };

type FilesystemStoreClass = new (rootDirectory: string) => FilesystemStoreLike;

const require = createRequire(import.meta.url);
// s3rver ships CommonJS and no types; the class is extended, not changed, so other s3rver instances are unaffected.
const FilesystemStore = require('s3rver/lib/stores/filesystem.js') as FilesystemStoreClass;
const S3Object = require('s3rver/lib/models/object.js') as S3ObjectClass;

/**
 * Writes `content` to `path` durably and atomically: into a temporary sibling first, fsynced, then renamed over
 * `path` (after `beforeRename`, e.g. writing the metadata the object is read with).
 * @returns the byte count and hex MD5 of what was written.
 */
export async function writeFileDurably(
  path: string,
  content: Readable | Buffer,
  beforeRename: (written: { size: number; md5: string }) => Promise<void> = async () => undefined,
): Promise<{ size: number; md5: string }> {
  await mkdir(dirname(path), { recursive: true });
  // Same directory as the target, so rename() stays on one filesystem and is atomic.
  const temporary = join(dirname(path), `.ecls-tmp-${randomBytes(8).toString('hex')}`);
  const hash = createHash('md5');
  let size = 0;
  try {
    await pipeline(
      Buffer.isBuffer(content) ? Readable.from([content]) : content,
      new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          hash.update(chunk);
          size += chunk.length;
          callback(null, chunk);
        },
      }),
      // pipeline() resolves only after this stream has flushed every byte and closed its descriptor.
      createWriteStream(temporary),
    );
    const handle = await open(temporary, 'r+');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
    const written = { size, md5: hash.digest('hex') };
    await beforeRename(written);
    await rename(temporary, path);
    return written;
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** s3rver's FilesystemStore with durable, atomic object and part writes (see the file comment). */
export class DurableFilesystemStore extends FilesystemStore {
  /** Stores an object; resolves once a read returns all of its bytes and its metadata. */
  override async putObject(object: StoredObject): Promise<{ size: number; md5: string }> {
    const path = this.getResourcePath(object.bucket, object.key, 'object');
    // Metadata first, object last: a key only appears (stat of the object file) once its metadata is in place.
    return writeFileDurably(path, object.content, ({ md5 }) =>
      this.putMetadata(object.bucket, object.key, object.metadata, md5),
    );
  }

  /**
   * Reads an object (or a byte range of it) from one open file: its length, the range and the bytes all come
   * from the same version even if a PUT of the same key renames a new file into place meanwhile.
   * @returns s3rver's S3Object, or null when there is no such key.
   */
  override async getObject(bucket: string, key: string, options?: ByteRange): Promise<unknown> {
    let handle: FileHandle;
    try {
      handle = await open(this.getResourcePath(bucket, key, 'object'), 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    let handOver = false;
    try {
      const info = await handle.stat();
      const metadata = {
        ...(await this.getMetadata(bucket, key)),
        'content-length': info.size,
        'last-modified': info.mtime.toUTCString(),
      };
      // s3rver's range rules: an unsatisfiable range yields an object without content (a 416).
      const lastByte = Math.max(0, info.size - 1);
      const range = { start: options?.start ?? 0, end: Math.min(options?.end ?? Infinity, lastByte) };
      const ranged = options !== undefined && (options.start !== undefined || Boolean(options.end));
      const satisfiable = !(range.start < 0 || range.end < range.start);
      const content = satisfiable ? handle.createReadStream({ start: range.start, end: range.end }) : null;
      handOver = content !== null;
      const object = new S3Object(bucket, key, content, metadata);
      if (ranged) object.range = range;
      return object;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    } finally {
      // The read stream closes the file when it ends; without one, close it here.
      if (!handOver) await handle.close();
    }
  }

  /** Stores one part of a multipart upload; CompleteMultipartUpload reads the parts back, so they must be whole. */
  override async putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    content: Readable,
  ): Promise<{ size: number; md5: string }> {
    const path = join(this.getResourcePath(bucket, undefined, 'uploads'), uploadId, String(partNumber));
    return writeFileDurably(path, content, ({ md5 }) => writeFile(`${path}.md5`, md5));
  }
}

/** The part of an s3rver instance whose store is replaced. */
export interface S3rverWithStore {
  store: unknown;
  context: { store?: unknown };
}

/**
 * Replaces an s3rver's store (before run()) with a {@link DurableFilesystemStore} on the same directory. s3rver
 * keeps the store in two places: on the server, for bucket configuration, and on the Koa context, for requests.
 */
export function useDurableStore(server: S3rverWithStore, directory: string): DurableFilesystemStore {
  const store = new DurableFilesystemStore(directory);
  server.store = store;
  server.context.store = store;
  return store;
}
