import { EmptyGroupError, InvalidArgumentError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { mannWhitneyU } from '../../../shared/stats/mann-whitney.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// Reference values: R 4.2 wilcox.test(x, y) with its defaults, by test/fixtures/stats/group-comparison.R.
const tol = groupComparison.tolerance.relative;

describe('mannWhitneyU', () => {
  it.each(groupComparison.mannWhitney.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    // R's default picked the exact distribution for small tie-free groups; ask for the same here.
    const result = mannWhitneyU(ref.x, ref.y, { exact: ref.exact });
    expect(result.statistic).toBe(ref.statistic);
    expect(result.method).toBe(ref.exact ? 'exact' : 'normal');
    expectMatchesR(result.pValue, ref.p, tol, 'p');
  });

  it('is symmetric: swapping the groups gives W = n_x n_y - W and the same p', () => {
    for (const ref of groupComparison.mannWhitney) {
      const forward = mannWhitneyU(ref.x, ref.y, { exact: ref.exact });
      const backward = mannWhitneyU(ref.y, ref.x, { exact: ref.exact });
      expect(backward.statistic).toBe(ref.x.length * ref.y.length - forward.statistic);
      expectMatchesR(backward.pValue, forward.pValue, 1e-12, `${ref.name} swapped p`);
    }
  });

  it('uses the normal approximation on request, and never the exact one with ties', () => {
    const noTies = groupComparison.mannWhitney.find((c) => c.exact)!;
    expect(mannWhitneyU(noTies.x, noTies.y, { exact: false }).method).toBe('normal');
    expect(mannWhitneyU([1, 2, 2], [2, 3, 4], { exact: true }).method).toBe('normal');
  });

  it('rejects empty groups, non-finite values and all-tied data', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(EmptyGroupError);
    expect(() => mannWhitneyU([1, Number.NaN], [1])).toThrow(NonFiniteValueError);
    expect(() => mannWhitneyU([3, 3], [3, 3, 3])).toThrow(InvalidArgumentError);
  });
});
