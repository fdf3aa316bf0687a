/**
 * Listings of more than 1,000 keys on the local stack's s3rver: without the paging middleware the first truncated
 * page fails (s3rver's DES continuation tokens are not in Node's OpenSSL 3); with it, ListObjectsV2 pages as S3
 * does and S3ObjectStore.list returns every key, in order.
 */
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { decodeListToken, encodeListToken } from '../../../infra/local/s3rver-list-paging.js';
import { S3ObjectStore } from '../../../shared/adapters/index.js';
import { withLocalStack } from '../../support/local-stack.js';

const local = withLocalStack();
const keys = Array.from({ length: 1050 }, (_, i) => `many/k${String(i).padStart(5, '0')}.txt`);

beforeAll(async () => {
  const s3 = local.stack.s3Client();
  for (let i = 0; i < keys.length; i += 50) {
    await Promise.all(
      keys
        .slice(i, i + 50)
        .map((key) =>
          s3.send(new PutObjectCommand({ Bucket: local.stack.buckets.data, Key: key, Body: 'x' })),
        ),
    );
  }
}, 120_000);

it('lists all 1,050 keys under a prefix through S3ObjectStore.list, in key order', async () => {
  const listed: string[] = [];
  for await (const object of new S3ObjectStore(local.stack.s3Client()).list(
    local.stack.buckets.data,
    'many/',
  )) {
    listed.push(object.key);
  }
  expect(listed).toEqual(keys);
});

it('pages ListObjectsV2 by MaxKeys with continuation tokens, KeyCount and StartAfter', async () => {
  const s3 = local.stack.s3Client();
  const bucket = local.stack.buckets.data;
  const pages: number[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, Prefix: 'many/', MaxKeys: 400, ContinuationToken: token }),
    );
    pages.push(page.KeyCount ?? -1);
    expect(page.Contents?.length).toBe(page.KeyCount);
    if (token !== undefined) expect(page.ContinuationToken).toBe(token);
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  expect(pages).toEqual([400, 400, 250]);

  const after = await s3.send(
    new ListObjectsV2Command({ Bucket: bucket, Prefix: 'many/', StartAfter: keys[1047] }),
  );
  expect(after.Contents?.map((c) => c.Key)).toEqual(keys.slice(1048));
  expect(after.IsTruncated).toBe(false);
});

it('round-trips its continuation tokens and ignores tokens it did not make', () => {
  expect(decodeListToken(encodeListToken('a/b c/ü.csv'))).toBe('a/b c/ü.csv');
  expect(decodeListToken(Buffer.from('us-east-1/bucket/key').toString('base64'))).toBeUndefined();
});
