import {
  decodeS3EventKey,
  MalformedMessageError,
  uploadObjectsOf,
} from '../../../shared/app/upload-objects.js';
import { encodeS3EventKey } from '../../../infra/local/s3-event.js';
import type { SQSRecord } from 'aws-lambda';
import { parseUploadKey } from '../../../shared/config/resources.js';

const sqsRecord = (body: unknown): SQSRecord =>
  ({ messageId: 'm1', body: typeof body === 'string' ? body : JSON.stringify(body) }) as SQSRecord;

const s3Record = (key: string, eventName = 'ObjectCreated:Put', versionId?: string) => ({
  eventSource: 'aws:s3',
  eventName,
  s3: { bucket: { name: 'ecls-uploads' }, object: { key, ...(versionId ? { versionId } : {}) } },
});

describe('decodeS3EventKey', () => {
  it.each([
    ['uploads/C001/Q3+2023.csv', 'uploads/C001/Q3 2023.csv'],
    ['uploads/C001/a%2Bb.csv', 'uploads/C001/a+b.csv'],
    ['uploads/C001/%C3%A9t%C3%A9+%E6%95%B0%E6%8D%AE.csv', 'uploads/C001/été 数据.csv'],
  ])('%s -> %s', (encoded, decoded) => {
    expect(decodeS3EventKey(encoded)).toBe(decoded);
  });

  it('inverts the S3 encoding for awkward keys', () => {
    const key = "uploads/C001/Q3 été + 数据 (final)!'~.csv";
    expect(decodeS3EventKey(encodeS3EventKey(key))).toBe(key);
  });
});

describe('uploadObjectsOf', () => {
  it('returns the created objects with decoded keys and version ids', () => {
    const record = sqsRecord({
      Records: [
        s3Record('uploads/C001/a+b.csv', 'ObjectCreated:Put', 'v1'),
        s3Record('x', 'ObjectRemoved:Delete'),
      ],
    });
    expect(uploadObjectsOf(record)).toEqual([
      { bucket: 'ecls-uploads', key: 'uploads/C001/a b.csv', versionId: 'v1' },
    ]);
  });

  it('passes an upper-case .CSV key through and the pipeline routes it like .csv', () => {
    // The bucket notifies the ingest queue for both spellings; nothing downstream may drop the upper-case one.
    const record = sqsRecord({
      Records: [
        s3Record(encodeS3EventKey('uploads/C001/Q3 EXPORT.CSV'), 'ObjectCreated:Put', 'v1'),
        s3Record(encodeS3EventKey('uploads/C002/snapshot/ALL.CSV'), 'ObjectCreated:CompleteMultipartUpload'),
      ],
    });
    const objects = uploadObjectsOf(record);
    expect(objects).toEqual([
      { bucket: 'ecls-uploads', key: 'uploads/C001/Q3 EXPORT.CSV', versionId: 'v1' },
      { bucket: 'ecls-uploads', key: 'uploads/C002/snapshot/ALL.CSV' },
    ]);
    expect(objects.map((o) => parseUploadKey(o.key))).toEqual([
      { centerId: 'C001', mode: 'upsert', fileName: 'Q3 EXPORT.CSV' },
      { centerId: 'C002', mode: 'snapshot', fileName: 'ALL.CSV' },
    ]);
  });

  it('ignores the S3 test event', () => {
    expect(uploadObjectsOf(sqsRecord({ Event: 's3:TestEvent' }))).toEqual([]);
  });

  it('names a message that is not an S3 notification', () => {
    expect(() => uploadObjectsOf(sqsRecord('not json'))).toThrow(MalformedMessageError);
    expect(() => uploadObjectsOf(sqsRecord({ hello: 1 }))).toThrow(/no Records/);
  });
});
