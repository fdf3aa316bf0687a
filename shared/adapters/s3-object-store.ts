import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import {
  ObjectNotFoundError,
  ObjectStoreError,
  type ObjectBody,
  type ObjectHead,
  type ObjectRef,
  type ObjectStore,
  type ObjectSummary,
  type StoredObject,
} from '../ports/index.js';

/** Options of {@link S3ObjectStore}. */
export interface S3ObjectStoreOptions {
  /** Size of each part when a streamed body is sent as a multipart upload (S3's minimum is 5 MiB). Default 8 MiB. */
  partBytes?: number;
}

function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return (
    e?.name === 'NoSuchKey' ||
    e?.name === 'NotFound' ||
    e?.name === 'NoSuchVersion' ||
    e?.$metadata?.httpStatusCode === 404
  );
}

function describe(ref: ObjectRef): string {
  return `s3://${ref.bucket}/${ref.key}${ref.versionId ? ` (version ${ref.versionId})` : ''}`;
}

/**
 * The object store port on S3 (and s3rver: the same calls, path-style). It marshals and calls the SDK; every SDK
 * error becomes an ObjectStoreError (ObjectNotFoundError for a missing object) with the SDK error as `cause`.
 * Streamed bodies go up as multipart uploads, so memory stays at one part however large the object.
 */
export class S3ObjectStore implements ObjectStore {
  private readonly partBytes: number;

  constructor(
    private readonly client: S3Client,
    options: S3ObjectStoreOptions = {},
  ) {
    this.partBytes = options.partBytes ?? 8 * 1024 * 1024;
  }

  /** Opens an object (or one version of it) for streaming. */
  async getStream(ref: ObjectRef): Promise<StoredObject> {
    try {
      const out = await this.client.send(
        new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
      );
      if (!out.Body) throw new ObjectStoreError(`${describe(ref)} came back without a body.`);
      return {
        body: out.Body as unknown as AsyncIterable<Uint8Array>,
        ...(out.VersionId ? { versionId: out.VersionId } : {}),
        ...(out.ContentLength !== undefined ? { contentLength: out.ContentLength } : {}),
        ...(out.LastModified ? { lastModified: out.LastModified } : {}),
      };
    } catch (cause) {
      if (cause instanceof ObjectStoreError) throw cause;
      if (isNotFound(cause)) throw new ObjectNotFoundError(ref.bucket, ref.key, { cause });
      throw new ObjectStoreError(`Could not read ${describe(ref)}: ${(cause as Error).message}`, { cause });
    }
  }

  /** Writes an object; a streamed body is sent in parts once it outgrows one part. */
  async put(
    ref: ObjectRef,
    body: ObjectBody,
    options: { contentType: string },
  ): Promise<{ versionId?: string }> {
    try {
      if (typeof body === 'string' || body instanceof Uint8Array) {
        const out = await this.client.send(
          new PutObjectCommand({
            Bucket: ref.bucket,
            Key: ref.key,
            Body: body,
            ContentType: options.contentType,
          }),
        );
        return out.VersionId ? { versionId: out.VersionId } : {};
      }
      return await this.putStream(ref, body, options.contentType);
    } catch (cause) {
      if (cause instanceof ObjectStoreError) throw cause;
      throw new ObjectStoreError(`Could not write ${describe(ref)}: ${(cause as Error).message}`, { cause });
    }
  }

  /** Reads an object's metadata; undefined when it does not exist. */
  async head(ref: ObjectRef): Promise<ObjectHead | undefined> {
    try {
      const out = await this.client.send(
        new HeadObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }),
      );
      return {
        contentLength: out.ContentLength ?? 0,
        ...(out.VersionId ? { versionId: out.VersionId } : {}),
        ...(out.ContentType ? { contentType: out.ContentType } : {}),
      };
    } catch (cause) {
      if (isNotFound(cause)) return undefined;
      throw new ObjectStoreError(
        `Could not read the metadata of ${describe(ref)}: ${(cause as Error).message}`,
        {
          cause,
        },
      );
    }
  }

  /** Lists the objects under a prefix, page by page. */
  async *list(bucket: string, prefix: string): AsyncGenerator<ObjectSummary> {
    let token: string | undefined;
    do {
      let out;
      try {
        out = await this.client.send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
      } catch (cause) {
        throw new ObjectStoreError(`Could not list s3://${bucket}/${prefix}: ${(cause as Error).message}`, {
          cause,
        });
      }
      for (const item of out.Contents ?? []) yield { key: item.Key!, size: item.Size ?? 0 };
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  }

  private async *parts(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
    let pending: Buffer[] = [];
    let size = 0;
    for await (const chunk of body) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk);
      pending.push(bytes);
      size += bytes.length;
      if (size >= this.partBytes) {
        yield Buffer.concat(pending, size);
        pending = [];
        size = 0;
      }
    }
    if (size > 0 || pending.length > 0) yield Buffer.concat(pending, size);
  }

  private async putStream(
    ref: ObjectRef,
    body: AsyncIterable<Uint8Array | string>,
    contentType: string,
  ): Promise<{ versionId?: string }> {
    const parts = this.parts(body);
    const first = await parts.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = first.done ? first : await parts.next();
    if (second.done) {
      const out = await this.client.send(
        new PutObjectCommand({ Bucket: ref.bucket, Key: ref.key, Body: firstPart, ContentType: contentType }),
      );
      return out.VersionId ? { versionId: out.VersionId } : {};
    }
    const { UploadId } = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: ref.bucket, Key: ref.key, ContentType: contentType }),
    );
    const completed: { ETag: string; PartNumber: number }[] = [];
    try {
      const send = async (part: Buffer): Promise<void> => {
        const PartNumber = completed.length + 1;
        const out = await this.client.send(
          new UploadPartCommand({ Bucket: ref.bucket, Key: ref.key, UploadId, PartNumber, Body: part }),
        );
        completed.push({ ETag: out.ETag!, PartNumber });
      };
      await send(firstPart);
      await send(second.value);
      for await (const part of parts) await send(part);
      const out = await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: ref.bucket,
          Key: ref.key,
          UploadId,
          MultipartUpload: { Parts: completed },
        }),
      );
      return out.VersionId ? { versionId: out.VersionId } : {};
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: ref.bucket, Key: ref.key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }
}
