import {
  activeCenters,
  centers,
  CenterSchema,
  findCenter,
  isPlaceholderUploader,
} from '../../../shared/config/centers.js';
import { keys, parseUploadKey } from '../../../shared/config/resources.js';

describe('centers config', () => {
  it('has about 112 centers with unique ids, and knows which are active', () => {
    expect(centers.length).toBe(112);
    expect(new Set(centers.map((c) => c.id)).size).toBe(centers.length);
    expect(findCenter('C001')?.active).toBe(true);
    expect(findCenter('C112')?.active).toBe(false);
    expect(findCenter('NOPE')).toBeUndefined();
    expect(activeCenters().length).toBe(111);
  });
});

describe('center uploader', () => {
  const c001 = findCenter('C001')!;

  it('marks placeholders unmistakably: the placeholder account and PLACEHOLDER in both values', () => {
    for (const { id, uploader } of centers) {
      if (!isPlaceholderUploader(uploader)) continue;
      expect([id, uploader.principalArn, uploader.externalId]).toEqual([
        id,
        expect.stringContaining('PLACEHOLDER'),
        expect.stringContaining('PLACEHOLDER'),
      ]);
    }
    expect(isPlaceholderUploader(c001.uploader)).toBe(true);
    expect(
      isPlaceholderUploader({ principalArn: 'arn:aws:iam::111122223333:role/u', externalId: 'abc' }),
    ).toBe(false);
  });

  it('must name an IAM role or user and carry a well-formed external id', () => {
    const withUploader = (principalArn: string, externalId = 'agreed-id-42') =>
      CenterSchema.safeParse({ ...c001, uploader: { principalArn, externalId } }).success;
    expect(withUploader('arn:aws:iam::111122223333:role/ecls/uploader')).toBe(true);
    expect(withUploader('arn:aws:iam::111122223333:user/uploader')).toBe(true);
    expect(withUploader('arn:aws-us-gov:iam::111122223333:role/uploader')).toBe(true);
    expect(withUploader('arn:aws:iam::111122223333:root')).toBe(false);
    expect(withUploader('111122223333')).toBe(false);
    expect(withUploader('*')).toBe(false);
    expect(withUploader('arn:aws:iam::111122223333:role/uploader', 'x')).toBe(false);
    expect(withUploader('arn:aws:iam::111122223333:role/uploader', 'has space')).toBe(false);
    const { uploader: _omitted, ...withoutUploader } = c001;
    expect(CenterSchema.safeParse(withoutUploader).success).toBe(false);
  });
});

describe('parseUploadKey', () => {
  it('reads the center and the mode from the key', () => {
    expect(parseUploadKey('uploads/C001/2023 Q3 export.csv')).toEqual({
      centerId: 'C001',
      mode: 'upsert',
      fileName: '2023 Q3 export.csv',
    });
    expect(parseUploadKey(`${keys.snapshotPrefix('C002')}all.csv`)).toEqual({
      centerId: 'C002',
      mode: 'snapshot',
      fileName: 'all.csv',
    });
  });

  it('rejects keys outside the uploads layout', () => {
    expect(parseUploadKey('validation/C001/x/verdict.json')).toBeUndefined();
    expect(parseUploadKey('uploads/C001/')).toBeUndefined();
    expect(parseUploadKey('uploads/')).toBeUndefined();
  });
});
