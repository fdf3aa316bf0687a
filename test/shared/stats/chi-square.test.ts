import { chiSquareTest } from '../../../shared/stats/chi-square.js';
import { InvalidArgumentError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// Reference values: R 4.2 chisq.test(m) and chisq.test(m, correct = FALSE), by
// test/fixtures/stats/group-comparison.R.
const tol = groupComparison.tolerance.relative;

describe('chiSquareTest', () => {
  it.each(groupComparison.chiSquare.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    for (const [correct, expected] of [
      [true, ref.corrected],
      [false, ref.uncorrected],
    ] as const) {
      const result = chiSquareTest(ref.counts, { correct });
      expectMatchesR(result.statistic, expected.statistic, tol, `statistic (correct=${correct})`);
      expect(result.df).toBe(expected.df);
      expectMatchesR(result.pValue, expected.p, tol, `p (correct=${correct})`);
    }
    const result = chiSquareTest(ref.counts);
    ref.expected.forEach((row, i) =>
      row.forEach((e, j) => expectMatchesR(result.expected[i]![j]!, e, tol, `expected[${i}][${j}]`)),
    );
    expect(result.minExpected).toBe(Math.min(...result.expected.flat()));
  });

  it('applies Yates only to 2 x 2 tables and reports when Fisher is due', () => {
    expect(
      chiSquareTest([
        [46, 786],
        [32, 800],
      ]).yates,
    ).toBe(true);
    expect(
      chiSquareTest(
        [
          [46, 786],
          [32, 800],
        ],
        { correct: false },
      ).yates,
    ).toBe(false);
    expect(
      chiSquareTest([
        [1, 2, 3],
        [4, 5, 6],
      ]).yates,
    ).toBe(false);
    expect(
      chiSquareTest([
        [3, 1],
        [1, 3],
      ]).minExpected,
    ).toBeLessThan(5);
  });

  it('reproduces the STUDY.md check: 46 vs 32 of 832 gives p ≈ 0.10 uncorrected, not the printed 0.031', () => {
    const p = chiSquareTest(
      [
        [46, 786],
        [32, 800],
      ],
      { correct: false },
    ).pValue;
    expect(p).toBeGreaterThan(0.1);
    expect(p).toBeLessThan(0.11);
  });

  it('rejects ragged, tiny, negative, non-finite tables and empty margins', () => {
    expect(() => chiSquareTest([[1, 2], [3]])).toThrow(/row 1 has 1 columns/);
    expect(() => chiSquareTest([[1, 2]])).toThrow(InvalidArgumentError);
    expect(() =>
      chiSquareTest([
        [1, -2],
        [3, 4],
      ]),
    ).toThrow(/cannot be negative/);
    expect(() =>
      chiSquareTest([
        [1, Number.NaN],
        [3, 4],
      ]),
    ).toThrow(NonFiniteValueError);
    expect(() =>
      chiSquareTest([
        [0, 0],
        [3, 4],
      ]),
    ).toThrow(/row 0 is all zero/);
    expect(() =>
      chiSquareTest([
        [0, 1],
        [0, 4],
      ]),
    ).toThrow(/column 0 is all zero/);
  });
});
