import { createRandom } from '../../../shared/random/seeded-random.js';
import { InvalidArgumentError } from '../../../shared/stats/errors.js';
import { drawChiSquare } from '../../../shared/stats/chi-square-draw.js';

/** Mean and variance of `count` seeded draws. */
function moments(df: number, count: number): { mean: number; variance: number } {
  const random = createRandom(20240101);
  const draws = Array.from({ length: count }, () => drawChiSquare(df, random));
  const mean = draws.reduce((s, v) => s + v, 0) / count;
  const variance = draws.reduce((s, v) => s + (v - mean) ** 2, 0) / (count - 1);
  return { mean, variance };
}

describe('drawChiSquare', () => {
  // χ²(df) has mean df and variance 2 df; with 20,000 draws the sample mean is within 4 standard errors
  // (4 sqrt(2 df / 20000)) of df, and the variance within 10 % of 2 df.
  test.each([0.5, 1, 3, 10, 40])('draws from χ²(%p): mean df, variance 2 df', (df) => {
    const { mean, variance } = moments(df, 20_000);
    expect(Math.abs(mean - df)).toBeLessThan(4 * Math.sqrt((2 * df) / 20_000));
    expect(variance / (2 * df)).toBeGreaterThan(0.9);
    expect(variance / (2 * df)).toBeLessThan(1.1);
  });

  test('the same seed gives the same draws', () => {
    const a = createRandom(7);
    const b = createRandom(7);
    expect([1, 2, 3].map(() => drawChiSquare(4, a))).toEqual([1, 2, 3].map(() => drawChiSquare(4, b)));
  });

  test('rejects a degree of freedom that is not positive and finite', () => {
    const random = createRandom(1);
    expect(() => drawChiSquare(0, random)).toThrow(InvalidArgumentError);
    expect(() => drawChiSquare(Number.NaN, random)).toThrow(InvalidArgumentError);
    expect(() => drawChiSquare(Infinity, random)).toThrow(InvalidArgumentError);
  });
});
