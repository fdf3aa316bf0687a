import { activeCenters, centers, findCenter } from '../../../shared/config/centers.js';
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
