import {
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { S3ObjectStore } from '../../../shared/adapters/index.js';
import { ObjectNotFoundError, ObjectStoreError } from '../../../shared/ports/index.js';

const client = new S3Client({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const mock = mockClient(client);
beforeEach(() => mock.reset());

async function* chunks(total: number, size: number) {
  for (let sent = 0; sent < total; sent += size) yield Buffer.alloc(Math.min(size, total - sent), 97);
}

describe('S3ObjectStore', () => {
  it('maps a missing key to ObjectNotFoundError and other failures to ObjectStoreError, with the cause', async () => {
    const missing = Object.assign(new Error('nope'), { name: 'NoSuchKey' });
    mock.on(GetObjectCommand).rejectsOnce(missing).rejectsOnce(new Error('socket hang up'));
    const store = new S3ObjectStore(client);
    const first = await store.getStream({ bucket: 'b', key: 'k' }).catch((e: unknown) => e);
    expect(first).toBeInstanceOf(ObjectNotFoundError);
    expect((first as Error).cause).toBe(missing);
    await expect(store.getStream({ bucket: 'b', key: 'k' })).rejects.toThrow(ObjectStoreError);
  });

  it('answers head of a missing object with undefined', async () => {
    mock.on(HeadObjectCommand).rejects(Object.assign(new Error('nf'), { name: 'NotFound' }));
    expect(await new S3ObjectStore(client).head({ bucket: 'b', key: 'k' })).toBeUndefined();
  });

  it('sends a small stream in one PutObject', async () => {
    mock.on(PutObjectCommand).resolves({});
    await new S3ObjectStore(client, { partBytes: 100 }).put({ bucket: 'b', key: 'k' }, chunks(60, 7), {
      contentType: 't',
    });
    expect((mock.commandCalls(PutObjectCommand)[0]!.args[0].input.Body as Buffer).length).toBe(60);
  });

  it('sends a large stream as a multipart upload of whole parts', async () => {
    mock.on(CreateMultipartUploadCommand).resolves({ UploadId: 'mp' });
    mock
      .on(UploadPartCommand)
      .callsFake((input: { PartNumber: number }) => ({ ETag: `e${input.PartNumber}` }));
    mock.on(CompleteMultipartUploadCommand).resolves({});
    await new S3ObjectStore(client, { partBytes: 100 }).put({ bucket: 'b', key: 'k' }, chunks(350, 30), {
      contentType: 't',
    });
    const sizes = mock.commandCalls(UploadPartCommand).map((c) => (c.args[0].input.Body as Buffer).length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(350);
    expect(sizes.slice(0, -1).every((s) => s >= 100)).toBe(true);
    expect(
      mock.commandCalls(CompleteMultipartUploadCommand)[0]!.args[0].input.MultipartUpload!.Parts,
    ).toHaveLength(sizes.length);
  });
});
