import { fisherExact2x2 } from '../../../shared/stats/fisher-exact-2x2.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// The 2 x 2 algorithm on its own, against the same R 4.2 fisher.test references as fisher-exact.test.ts
// (test/fixtures/stats/group-comparison.R), at other confidence levels too.
const tol = groupComparison.tolerance.relative;

describe('fisherExact2x2', () => {
  it.each(groupComparison.fisherExact.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    const result = fisherExact2x2(ref.counts, 0.95);
    expectMatchesR(result.pValue, ref.p, tol, 'p');
    expectMatchesR(result.oddsRatio, ref.estimate, tol, 'estimate');
    expectMatchesR(result.confInt[0], ref.confInt[0]!, tol, 'lower');
    expectMatchesR(result.confInt[1], ref.confInt[1]!, tol, 'upper');
  });

  test('a wider confidence level gives a wider interval around the same estimate', () => {
    const narrow = fisherExact2x2(
      [
        [7, 3],
        [2, 8],
      ],
      0.8,
    );
    const wide = fisherExact2x2(
      [
        [7, 3],
        [2, 8],
      ],
      0.99,
    );
    expect(wide.oddsRatio).toBe(narrow.oddsRatio);
    expect(wide.confInt[0]).toBeLessThan(narrow.confInt[0]);
    expect(wide.confInt[1]).toBeGreaterThan(narrow.confInt[1]);
  });

  test('an empty cell puts the estimate at the edge of the support, as R', () => {
    const result = fisherExact2x2(
      [
        [5, 0],
        [2, 6],
      ],
      0.95,
    );
    expect(result.oddsRatio).toBe(Infinity);
    expect(result.confInt[1]).toBe(Infinity);
  });
});
