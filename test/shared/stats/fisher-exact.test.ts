import { readFileSync } from 'node:fs';

import { InvalidArgumentError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { fisherExact, InfeasibleComputationError } from '../../../shared/stats/fisher-exact.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// Reference values: R 4.2 fisher.test(m) (two-sided p, conditional MLE and exact 95% interval), by
// test/fixtures/stats/group-comparison.R. The estimate and interval come out of R's uniroot (tol = eps^0.25), so
// matching them to 1e-10 shows the root finder takes R's steps, not merely that both are near the true root.
const tol = groupComparison.tolerance.relative;

// r x c reference values: R 4.2 fisher.test(m, workspace = 2e8)$p.value (FEXACT), by
// test/fixtures/stats/fisher-rxc.R; relative tolerance 1e-8 as stated there.
const rxc = JSON.parse(readFileSync('test/fixtures/stats/fisher-rxc.json', 'utf8')) as {
  pValue: { name: string; counts: number[][]; p: number }[];
  tolerance: { relative: number };
};

const transpose = (table: readonly (readonly number[])[]): number[][] =>
  table[0]!.map((_, j) => table.map((row) => row[j]!));

describe('fisherExact', () => {
  it.each(groupComparison.fisherExact.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    const result = fisherExact(ref.counts);
    if (result.oddsRatio === undefined) throw new Error('a 2 x 2 table must give an odds ratio');
    expectMatchesR(result.pValue, ref.p, tol, 'p');
    expectMatchesR(result.oddsRatio, ref.estimate, tol, 'estimate');
    expectMatchesR(result.confInt[0], ref.confInt[0]!, tol, 'lower');
    expectMatchesR(result.confInt[1], ref.confInt[1]!, tol, 'upper');
  });

  it('gives the reciprocal odds ratio when the rows are swapped', () => {
    const forward = fisherExact([
      [2, 38],
      [9, 51],
    ]);
    const swapped = fisherExact([
      [9, 51],
      [2, 38],
    ]);
    expect(swapped.pValue).toBeCloseTo(forward.pValue, 12);
    expect(swapped.oddsRatio * forward.oddsRatio).toBeCloseTo(1, 3);
  });

  it('narrows the interval at a lower confidence level', () => {
    const r95 = fisherExact([
      [2, 38],
      [9, 51],
    ]);
    const r80 = fisherExact(
      [
        [2, 38],
        [9, 51],
      ],
      { confLevel: 0.8 },
    );
    expect(r80.confInt[0]).toBeGreaterThan(r95.confInt[0]);
    expect(r80.confInt[1]).toBeLessThan(r95.confInt[1]);
  });

  it('rejects tables that are not at least 2 x 2, rectangular, of non-negative integers', () => {
    expect(() => fisherExact([[1, 2, 3]])).toThrow(/at least 2 rows and 2 columns/);
    expect(() => fisherExact([[1], [2]])).toThrow(InvalidArgumentError);
    expect(() =>
      fisherExact([
        [1, 2, 3],
        [4, 5],
      ]),
    ).toThrow(/rectangular/);
    expect(() =>
      fisherExact([
        [1, 2.5],
        [3, 4],
      ]),
    ).toThrow(/table\[0\]\[1\] is 2.5/);
    expect(() =>
      fisherExact([
        [1, -1],
        [3, 4],
      ]),
    ).toThrow(InvalidArgumentError);
    expect(() =>
      fisherExact([
        [1, 2, 3],
        [4, 5, -6],
      ]),
    ).toThrow(/table\[1\]\[2\] is -6/);
    expect(() =>
      fisherExact([
        [1, Infinity],
        [3, 4],
      ]),
    ).toThrow(NonFiniteValueError);
    expect(() =>
      fisherExact(
        [
          [1, 2],
          [3, 4],
        ],
        { confLevel: 0 },
      ),
    ).toThrow(InvalidArgumentError);
  });
});

describe('fisherExact on r x c tables', () => {
  const rtol = rxc.tolerance.relative;

  it.each(rxc.pValue.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    const result = fisherExact(ref.counts);
    expectMatchesR(result.pValue, ref.p, rtol, 'p');
    // As R: a p-value only, no odds ratio or interval.
    expect(Object.keys(result)).toEqual(['pValue']);
  });

  // The slow large tables are left out; the 2 x 3 of n = 5,492 still covers the r x 2 orientation at scale.
  const quick = rxc.pValue.filter((c) => !/6 x 2|n = 300/.test(c.name));
  it.each(quick.map((c) => [c.name, c] as const))('gives the same p transposed: %s', (_name, ref) => {
    expectMatchesR(fisherExact(transpose(ref.counts)).pValue, ref.p, rtol, 'p of the transpose');
  });

  it('gives the same p whatever the order of rows and columns', () => {
    const table = [
      [2, 0, 1],
      [1, 3, 0],
      [0, 1, 4],
      [2, 2, 1],
    ];
    const permuted = [table[2]!, table[0]!, table[3]!, table[1]!].map((row) => [row[1]!, row[2]!, row[0]!]);
    expect(fisherExact(permuted).pValue).toBeCloseTo(fisherExact(table).pValue, 13);
  });

  it('keeps the 2 x 2 result for a 2 x 2 table and gives none for a wider one', () => {
    expect(
      fisherExact([
        [3, 1],
        [1, 3],
      ]).confInt,
    ).toHaveLength(2);
    expect(
      fisherExact([
        [3, 1, 2],
        [1, 3, 2],
      ]),
    ).not.toHaveProperty('oddsRatio');
  });

  it('rejects a table of zeros, as R (FEXACT error 3)', () => {
    expect(() =>
      fisherExact([
        [0, 0, 0],
        [0, 0, 0],
        [0, 0, 0],
      ]),
    ).toThrow(/every count in the table is zero/);
  });

  it('throws InfeasibleComputationError, pointing to chi-square, when the table is too large', () => {
    const thrown = (table: number[][]): unknown => {
      try {
        fisherExact(table);
      } catch (error) {
        return error;
      }
      throw new Error('expected the exact test to give up');
    };
    // The enumeration (5 x 4, n = 200) and the 2-row walk (2 x 8, n = 3,150) both stop at the step limit.
    const wide = thrown(Array.from({ length: 5 }, () => [10, 10, 10, 10]));
    expect(wide).toBeInstanceOf(InfeasibleComputationError);
    expect((wide as Error).message).toMatch(/5 x 4 table \(n = 200\).*too large.*chi-square/);
    const twoRow = thrown([
      [50, 60, 70, 80, 90, 100, 40, 30],
      [300, 310, 320, 330, 340, 350, 350, 330],
    ]);
    expect(twoRow).toBeInstanceOf(InfeasibleComputationError);
  }, 60_000);
});
