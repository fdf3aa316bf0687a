import { deriveUploadId, HashingReader } from '../../../shared/ingest/index.js';
import { createHash } from 'node:crypto';

describe('deriveUploadId', () => {
  const base = { bucket: 'ecls-uploads', key: 'uploads/C001/q3 été.csv', checksum: 'a'.repeat(64) };

  it('is stable for one object version and differs for another', () => {
    expect(deriveUploadId(base)).toBe(deriveUploadId({ ...base }));
    expect(deriveUploadId(base)).toMatch(/^[0-9a-f]{32}$/);
    expect(deriveUploadId({ ...base, checksum: 'b'.repeat(64) })).not.toBe(deriveUploadId(base));
    expect(deriveUploadId({ ...base, key: 'uploads/C001/other.csv' })).not.toBe(deriveUploadId(base));
  });

  it('uses the version id, not the content, when there is one', () => {
    expect(deriveUploadId({ ...base, versionId: 'v1' })).toBe(
      deriveUploadId({ ...base, versionId: 'v1', checksum: 'x' }),
    );
    expect(deriveUploadId({ ...base, versionId: 'v2' })).not.toBe(
      deriveUploadId({ ...base, versionId: 'v1' }),
    );
  });
});

describe('HashingReader', () => {
  it('hashes the whole stream even when the consumer stops early', async () => {
    const data = Buffer.from('x'.repeat(10_000));
    const reader = new HashingReader(
      (async function* () {
        for (let i = 0; i < data.length; i += 1000) yield data.subarray(i, i + 1000);
      })(),
    );
    for await (const chunk of reader.chunks()) {
      expect(chunk.length).toBe(1000);
      break;
    }
    expect(await reader.digest()).toEqual({
      checksum: createHash('sha256').update(data).digest('hex'),
      bytes: 10_000,
    });
  });
});
