import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../../shared/stats/errors.js';
import { rxcPValue } from '../../../shared/stats/fisher-exact-rxc.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';

// R 4.2 fisher.test(m, workspace = 2e8)$p.value (FEXACT) by test/fixtures/stats/fisher-rxc.R, as in
// fisher-exact.test.ts; here the r x c algorithm is called directly, on the tables that finish quickly.
const rxc = JSON.parse(readFileSync('test/fixtures/stats/fisher-rxc.json', 'utf8')) as {
  pValue: { name: string; counts: number[][]; p: number }[];
  tolerance: { relative: number };
};
const quick = rxc.pValue.filter((c) => !/6 x 2|n = 300/.test(c.name));

describe('rxcPValue', () => {
  it.each(quick.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    expectMatchesR(rxcPValue(ref.counts), ref.p, rxc.tolerance.relative, 'p');
  });

  test('drops empty rows and columns, and a table left with one row is p = 1', () => {
    expect(
      rxcPValue([
        [3, 0, 1],
        [0, 0, 0],
        [1, 0, 3],
        [0, 0, 4],
      ]),
    ).toBe(
      rxcPValue([
        [3, 1],
        [1, 3],
        [0, 4],
      ]),
    );
    expect(
      rxcPValue([
        [3, 4, 5],
        [0, 0, 0],
      ]),
    ).toBe(1);
  });

  test('an all-zero table is refused', () => {
    expect(() =>
      rxcPValue([
        [0, 0, 0],
        [0, 0, 0],
      ]),
    ).toThrow(InvalidArgumentError);
  });
});
