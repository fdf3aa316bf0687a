/**
 * Descriptive summaries for Table 1: mean (SD) for normal variables and median [IQR] for skewed ones.
 * Each reproduces the base R function it names, including R's default quantile definition (type 7).
 */
import { InvalidArgumentError } from './errors.js';
import { requireFinite, requireSize } from './input-checks.js';

/**
 * Arithmetic mean, as R's `mean(x)`.
 * @throws {EmptyGroupError} when `x` is empty. @throws {NonFiniteValueError} on NaN or ±Infinity.
 * @example mean([1, 2, 6]) // 3
 */
export function mean(x: readonly number[]): number {
  requireSize(x, 1, 'x');
  requireFinite(x, 'x');
  let sum = 0;
  for (const value of x) sum += value;
  const first = sum / x.length;
  // R's second pass: add the mean residual back, which removes most of the summation's rounding error.
  let residual = 0;
  for (const value of x) residual += value - first;
  return first + residual / x.length;
}

/**
 * Sample variance with denominator n - 1, as R's `var(x)`, by the two-pass (corrected) algorithm.
 * @throws {EmptyGroupError} when `x` has fewer than 2 values.
 * @example variance([1, 2, 6]) // 7
 */
export function variance(x: readonly number[]): number {
  requireSize(x, 2, 'x');
  const centre = mean(x);
  let squares = 0;
  let sum = 0;
  for (const value of x) {
    const d = value - centre;
    squares += d * d;
    sum += d;
  }
  return (squares - (sum * sum) / x.length) / (x.length - 1);
}

/**
 * Sample standard deviation (n - 1), as R's `sd(x)`.
 * @throws {EmptyGroupError} when `x` has fewer than 2 values.
 */
export function sd(x: readonly number[]): number {
  return Math.sqrt(variance(x));
}

/**
 * Sample quantile by Hyndman & Fan's definition 7 (linear interpolation between order statistics at
 * h = (n - 1) p), R's default `quantile(x, p, type = 7)`.
 * @throws {InvalidArgumentError} when `p` is outside [0, 1]. @throws {EmptyGroupError} when `x` is empty.
 * @example quantile([3, 1, 4, 1, 5], 0.25) // 1
 */
export function quantile(x: readonly number[], p: number): number {
  return quantileSorted(sortedCopy(x), p);
}

/** Median, as R's `median(x)` (the type-7 quantile at 0.5, which averages the middle pair when n is even). */
export function median(x: readonly number[]): number {
  return quantile(x, 0.5);
}

/** First and third quartiles, as R's `quantile(x, c(0.25, 0.75))`: the "[IQR]" that Table 1 prints. */
export function quartiles(x: readonly number[]): { q1: number; q3: number } {
  const [q1, q3] = quantiles(x, [0.25, 0.75]);
  return { q1: q1!, q3: q3! };
}

/**
 * Several type-7 quantiles of one sample, sorted once: R's `quantile(x, probs, type = 7)`.
 * @throws {InvalidArgumentError} when a probability is outside [0, 1]. @throws {EmptyGroupError} when `x` is empty.
 * @example quantiles([3, 1, 4, 1, 5], [0.25, 0.5, 0.75]) // [1, 3, 4]
 */
export function quantiles(x: readonly number[], probs: readonly number[]): number[] {
  const sorted = sortedCopy(x);
  return probs.map((p) => quantileSorted(sorted, p));
}

/** An ascending copy: a Float64Array's numeric sort (no comparator calls), the same order for finite values. */
function sortedCopy(x: readonly number[]): Float64Array {
  requireSize(x, 1, 'x');
  requireFinite(x, 'x');
  return Float64Array.from(x).sort();
}

function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`quantile probability must be in [0, 1], got ${p}`);
  const index = (sorted.length - 1) * p;
  const lo = Math.floor(index);
  const below = sorted[lo]!;
  const h = index - lo;
  // As R: interpolate as (1 - h) x[lo] + h x[hi], and only when h > 0 and the neighbours differ.
  if (h === 0) return below;
  const above = sorted[lo + 1]!;
  return above === below ? below : (1 - h) * below + h * above;
}
