import { InvalidArgumentError, NonFiniteValueError } from '../../../shared/stats/errors.js';
import { fisherExact } from '../../../shared/stats/fisher-exact.js';
import { expectMatchesR } from '../../support/expect-matches-r.js';
import { groupComparison } from '../../support/group-comparison-fixture.js';

// Reference values: R 4.2 fisher.test(m) (two-sided p, conditional MLE and exact 95% interval), by
// test/fixtures/stats/group-comparison.R. The estimate and interval come out of R's uniroot (tol = eps^0.25), so
// matching them to 1e-10 shows the root finder takes R's steps, not merely that both are near the true root.
const tol = groupComparison.tolerance.relative;

describe('fisherExact', () => {
  it.each(groupComparison.fisherExact.map((c) => [c.name, c] as const))('matches R on %s', (_name, ref) => {
    const result = fisherExact(ref.counts);
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

  it('rejects tables that are not 2 x 2 of non-negative integers', () => {
    expect(() =>
      fisherExact([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toThrow(/2 x 2/);
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
