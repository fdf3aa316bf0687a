import { decodeRun, encodeRun, CuratedDataSetFormatError } from '../../../shared/ingest/index.js';
import type { RunRow } from '../../../shared/dictionary/index.js';
import { syntheticRuns } from './support/synthetic-runs.js';

describe('encodeRun / decodeRun', () => {
  it('round-trips runs exactly, blanks and yes/no included', () => {
    for (const row of syntheticRuns('C001', 200, 11)) {
      const defined = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
      expect(decodeRun(encodeRun(row))).toEqual(defined);
    }
  });

  it('is canonical: the same run gives the same line whatever its key order', () => {
    const [row] = syntheticRuns('C001', 1, 2);
    const reversed = Object.fromEntries(Object.entries(row!).reverse()) as RunRow;
    expect(encodeRun(reversed)).toBe(encodeRun(row!));
  });

  it('names a line that does not fit the layout', () => {
    expect(() => decodeRun('[1,2]')).toThrow(CuratedDataSetFormatError);
    expect(() => decodeRun('not json')).toThrow(/not JSON/);
  });
});
