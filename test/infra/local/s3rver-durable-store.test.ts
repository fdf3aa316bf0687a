/**
 * Read-after-write on the local s3rver, as S3 guarantees it: by the time a PUT is answered and its ObjectCreated
 * event is out, a GET returns every byte. The stress test reads each object back the moment its event arrives,
 * across many concurrent PUTs of varied sizes (s3rver's own store answered before the file was written, and a
 * reader then saw 0 bytes or a truncated object).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';

import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

import { type S3Local, startS3Local } from '../../../infra/local/s3-local.js';
import { writeFileDurably } from '../../../infra/local/s3rver-durable-store.js';
import { createLocalS3Client } from '../../../infra/local/sdk-clients.js';

const bucket = 'durable-test';
let dir: string;
let s3Local: S3Local;
let client: S3Client;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecls-s3-durable-'));
  s3Local = await startS3Local({ port: 0, directory: join(dir, 's3'), buckets: [bucket] });
  client = createLocalS3Client(s3Local.endpoint);
});

afterAll(async () => {
  client?.destroy();
  await s3Local?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic bytes for object `i`: sizes from 0 B to about 1.5 MB, most a few KB like a center's CSV. */
function bodyFor(i: number): Buffer {
  const size =
    i % 50 === 0 ? 1_500_000 - i : i % 7 === 0 ? 200_000 + i * 13 : i % 97 === 0 ? 0 : 9_650 + i * 31;
  const seed = createHash('sha256').update(String(i)).digest();
  const body = Buffer.alloc(size);
  for (let offset = 0; offset < size; offset += seed.length) seed.copy(body, offset);
  return body;
}

/** Where s3rver's filesystem store keeps an object's bytes. */
const objectFile = (key: string): string => {
  const parts = key.split('/');
  return join(dir, 's3', bucket, ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
};

const decodeKey = (key: string): string => decodeURIComponent(key.replace(/\+/g, ' '));

it('returns every byte of an object to a GET issued the moment its ObjectCreated event arrives', async () => {
  const count = 800;
  const concurrency = 32;
  const bodies = new Map<string, Buffer>();
  const reads: Promise<{ key: string; length: number; matches: boolean }>[] = [];
  const onDisk: { key: string; length: number; matches: boolean }[] = [];
  const unsubscribe = s3Local.onObjectEvent((event) => {
    for (const record of event.Records) {
      const key = decodeKey(record.s3.object.key);
      // The listener runs synchronously as the event is emitted: the file must already be whole.
      const file = readFileSync(objectFile(key));
      onDisk.push({ key, length: file.length, matches: file.equals(bodies.get(key)!) });
      reads.push(
        client
          .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
          .then(async (object) => Buffer.from(await object.Body!.transformToByteArray()))
          .then((bytes) => ({ key, length: bytes.length, matches: bytes.equals(bodies.get(key)!) })),
      );
    }
  });
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < count) {
        const i = next++;
        const key = `uploads/C${String(i % 111).padStart(3, '0')}/export ${i}.csv`;
        const body = bodyFor(i);
        bodies.set(key, body);
        // Half as a Buffer, half streamed with a known length, as the CLI and run-registry send them.
        await client.send(
          new PutObjectCommand({
            Bucket: bucket,
            Key: key,
            Body:
              i % 2 === 0
                ? body
                : Readable.from([body.subarray(0, body.length >> 1), body.subarray(body.length >> 1)]),
            ContentLength: body.length,
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const results = await Promise.all(reads);
    expect(results).toHaveLength(count);
    const wrong = [...onDisk.map((r) => ({ ...r, key: `on disk ${r.key}` })), ...results]
      .filter((r) => !r.matches)
      .map((r) => `${r.key}: read ${r.length} of ${bodies.get(r.key)!.length} bytes`);
    expect(wrong).toEqual([]);
  } finally {
    unsubscribe();
  }
});

it('never shows a reader an empty or partial object while the same key is being overwritten', async () => {
  // Re-uploads go to the same key (a corrected export, a retried PUT, a restart that uploads again). Every read,
  // whether woken by an event or not, must return one whole version that was put there.
  const keyCount = 12;
  const versions = 40;
  const versionsOf = new Map<string, Set<string>>();
  const digest = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
  const reads: Promise<{ key: string; outcome: string }>[] = [];
  const read = (key: string): void => {
    reads.push(
      client
        .send(new GetObjectCommand({ Bucket: bucket, Key: key }))
        .then(async (object) => Buffer.from(await object.Body!.transformToByteArray()))
        .then(
          (bytes) => ({
            key,
            outcome: versionsOf.get(key)!.has(digest(bytes)) ? 'whole' : `${bytes.length} bytes`,
          }),
          (error: Error) => ({ key, outcome: `${error.name}: ${error.message}` }),
        ),
    );
  };
  const unsubscribe = s3Local.onObjectEvent((event) => {
    for (const record of event.Records) read(decodeKey(record.s3.object.key));
  });
  try {
    const puts: Promise<unknown>[] = [];
    for (let v = 0; v < versions; v++) {
      for (let k = 0; k < keyCount; k++) {
        const key = `uploads/C${String(k).padStart(3, '0')}/latest.csv`;
        const body = bodyFor(1 + k * versions + v);
        if (body.length === 0) continue;
        const known = versionsOf.get(key) ?? new Set<string>();
        known.add(digest(body));
        versionsOf.set(key, known);
        puts.push(client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body })));
        if (v > 0) read(key);
      }
      // The first version exists before any read; then a few versions per key are in flight at a time, so
      // writes and reads of one key overlap.
      if (v % 4 === 0) await Promise.all(puts.splice(0));
    }
    await Promise.all(puts);
    const results = await Promise.all(reads);
    expect(results.length).toBeGreaterThan(keyCount * versions);
    expect(results.filter((r) => r.outcome !== 'whole').map((r) => `${r.key}: ${r.outcome}`)).toEqual([]);
  } finally {
    unsubscribe();
  }
});

it('leaves no temporary files behind, keeps an overwritten object whole and serves byte ranges', async () => {
  const key = 'uploads/C001/overwritten.csv';
  for (const size of [50_000, 10, 300_000]) {
    const body = Buffer.alloc(size, size % 251);
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    const read = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    expect(Buffer.from(await read.Body!.transformToByteArray()).equals(body)).toBe(true);
  }
  const ranged = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: 'bytes=10-19' }));
  expect(ranged.ContentRange).toBe('bytes 10-19/300000');
  expect(Buffer.from(await ranged.Body!.transformToByteArray())).toEqual(Buffer.alloc(10, 300_000 % 251));
  const files = await readdir(join(dir, 's3', bucket, 'uploads', 'C001'));
  expect(files.filter((f) => f.startsWith('.ecls-tmp-'))).toEqual([]);
});

it('writeFileDurably removes its temporary file when the source stream fails, leaving the target untouched', async () => {
  const target = join(dir, 'direct', 'target.bin');
  await writeFileDurably(target, Buffer.from('kept'));
  const failing = new Readable({
    read() {
      this.push(Buffer.from('partial'));
      this.destroy(new Error('connection reset'));
    },
  });
  await expect(writeFileDurably(target, failing)).rejects.toThrow('connection reset');
  expect(await readFile(target, 'utf8')).toBe('kept');
  expect(await readdir(join(dir, 'direct'))).toEqual(['target.bin']);
});
