/** RunIdIndex finds repeated run ids with the row of the first occurrence, across table growth. */
import { RunIdIndex } from '../../../shared/validation/run-id-index.js';

describe('RunIdIndex', () => {
  it('returns undefined for new ids and the first row for repeats, through many resizes', () => {
    const index = new RunIdIndex(4);
    for (let i = 0; i < 50_000; i++) expect(index.add(`C001-${i}`, i + 2)).toBeUndefined();
    expect(index.add('C001-0', 60_000)).toBe(2);
    expect(index.add('C001-49999', 60_001)).toBe(50_001);
    expect(index.add('c001-0', 60_002)).toBeUndefined();
    expect(index.add('', 60_003)).toBeUndefined();
    expect(index.add('', 60_004)).toBe(60_003);
  });
});
