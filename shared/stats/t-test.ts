/**
 * Two-sample t-tests for a difference in means (Student 1908; Welch 1947), as R's `t.test(x, y)`.
 * Table 1 uses Student's pooled-variance test; Welch's is there for checks and for unequal variances.
 */
import { pt, qt } from './distributions.js';
import { mean, variance } from './descriptive.js';
import { InvalidArgumentError } from './errors.js';
import { requireSize } from './input-checks.js';

/** Options of {@link studentTTest} and {@link welchTTest}. */
export interface TTestOptions {
  /** Confidence level of the interval for mean(x) - mean(y). Default 0.95. */
  confLevel?: number;
}

/** Result of {@link studentTTest} and {@link welchTTest}; field names follow R's `htest` object. */
export interface TTestResult {
  statistic: number;
  df: number;
  /** Two-sided p-value. */
  pValue: number;
  /** Confidence interval for mean(x) - mean(y). */
  confInt: [number, number];
  /** mean(x) and mean(y). */
  estimate: [number, number];
  /** Standard error of the difference. */
  stdErr: number;
  method: 'student' | 'welch';
}

/**
 * Student's two-sample t-test with pooled variance, as R's `t.test(x, y, var.equal = TRUE)`: Table 1's test for
 * normally distributed continuous variables. Two-sided, df = n_x + n_y - 2.
 * @throws {EmptyGroupError} when a group is empty or n_x + n_y < 3. @throws {NonFiniteValueError} on NaN or
 * ±Infinity. @throws {InvalidArgumentError} when both groups are constant (R: "data are essentially constant") or
 * `confLevel` is outside (0, 1).
 * @example studentTTest([5.1, 4.9, 6.2, 5.8, 6.0], [4.1, 3.9, 4.5, 5.0, 4.2, 4.4]).pValue // 0.001874…
 */
export function studentTTest(
  x: readonly number[],
  y: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  return twoSampleTTest(x, y, true, options.confLevel ?? 0.95);
}

/**
 * Welch's two-sample t-test with Satterthwaite's degrees of freedom, as R's default `t.test(x, y)`.
 * @throws {EmptyGroupError} when a group has fewer than 2 values; otherwise as {@link studentTTest}.
 * @example welchTTest([5.1, 4.9, 6.2, 5.8, 6.0], [4.1, 3.9, 4.5, 5.0, 4.2, 4.4]).df // 6.8097…
 */
export function welchTTest(
  x: readonly number[],
  y: readonly number[],
  options: TTestOptions = {},
): TTestResult {
  return twoSampleTTest(x, y, false, options.confLevel ?? 0.95);
}

function twoSampleTTest(
  x: readonly number[],
  y: readonly number[],
  varEqual: boolean,
  confLevel: number,
): TTestResult {
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const minEach = varEqual ? 1 : 2;
  requireSize(x, minEach, 'x');
  requireSize(y, minEach, 'y');
  const nx = x.length;
  const ny = y.length;
  if (varEqual) requireSize([...x, ...y], 3, 'x and y together');
  const mx = mean(x);
  const my = mean(y);
  const vx = nx > 1 ? variance(x) : 0;
  const vy = ny > 1 ? variance(y) : 0;

  let df: number;
  let stdErr: number;
  if (varEqual) {
    df = nx + ny - 2;
    let pooled = 0;
    if (nx > 1) pooled += (nx - 1) * vx;
    if (ny > 1) pooled += (ny - 1) * vy;
    pooled /= df;
    stdErr = Math.sqrt(pooled * (1 / nx + 1 / ny));
  } else {
    const sx = vx / nx;
    const sy = vy / ny;
    stdErr = Math.sqrt(sx + sy);
    df = (sx + sy) ** 2 / (sx ** 2 / (nx - 1) + sy ** 2 / (ny - 1));
  }
  if (stdErr < 10 * Number.EPSILON * Math.max(Math.abs(mx), Math.abs(my))) {
    throw new InvalidArgumentError('t-test: data are essentially constant in both groups');
  }
  const statistic = (mx - my) / stdErr;
  const pValue = 2 * pt(-Math.abs(statistic), df);
  const half = qt(1 - (1 - confLevel) / 2, df) * stdErr;
  return {
    statistic,
    df,
    pValue,
    confInt: [mx - my - half, mx - my + half],
    estimate: [mx, my],
    stdErr,
    method: varEqual ? 'student' : 'welch',
  };
}
