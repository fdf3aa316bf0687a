import {
  mean,
  median,
  quantile,
  quantiles,
  quartiles,
  sd,
  variance,
} from '../../../shared/stats/descriptive.js';
import { EmptyGroupError, InvalidArgumentError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// Reference values: R 4.2 mean(), sd(), median(), quantile(type = 7), by test/fixtures/stats/group-comparison.R.
const tol = groupComparison.tolerance.relative;

describe('descriptive summaries', () => {
  it.each(groupComparison.descriptive.map((c) => [c.name, c] as const))('match R on %s', (_name, ref) => {
    expectMatchesR(mean(ref.x), ref.mean, tol, 'mean');
    expectMatchesR(sd(ref.x), ref.sd, tol, 'sd');
    expectMatchesR(median(ref.x), ref.median, tol, 'median');
    ref.probs.forEach((p, i) => expectMatchesR(quantile(ref.x, p), ref.q[i]!, tol, `quantile(${p})`));
    const { q1, q3 } = quartiles(ref.x);
    expectMatchesR(q1, ref.q[2]!, tol, 'q1');
    expectMatchesR(q3, ref.q[4]!, tol, 'q3');
    quantiles(ref.x, ref.probs).forEach((q, i) => expectMatchesR(q, ref.q[i]!, tol, `quantiles[${i}]`));
  });

  it('averages the middle pair for an even count and leaves the input unsorted', () => {
    const x = [4, 1, 3, 2];
    expect(median(x)).toBe(2.5);
    expect(x).toEqual([4, 1, 3, 2]);
    expect(variance([1, 2, 6])).toBeCloseTo(7, 12);
  });

  it('rejects empty, too small, non-finite input and probabilities outside [0, 1]', () => {
    expect(() => mean([])).toThrow(EmptyGroupError);
    expect(() => sd([5])).toThrow(EmptyGroupError);
    expect(() => mean([1, Number.NaN])).toThrow(NonFiniteValueError);
    expect(() => median([1, Infinity])).toThrow(/x\[1\] is Infinity/);
    expect(() => quantile([1, 2], 1.5)).toThrow(InvalidArgumentError);
    expect(() => quantiles([1, 2], [0.5, -0.1])).toThrow(InvalidArgumentError);
  });
});
