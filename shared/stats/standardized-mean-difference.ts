/**
 * Standardized mean difference between treated and control units, the balance measure of a Love plot.
 */
import { EmptyGroupError, LengthMismatchError, NonFiniteValueError } from './errors.js';
import { toTreatmentFlags, type TreatmentIndicator } from './treatment-indicator.js';

/** Options of {@link standardizedMeanDifference}. */
export interface StandardizedMeanDifferenceOptions {
  /** Use the proportion formula. Default: true when every value is 0 or 1. */
  binary?: boolean;
}

/**
 * Standardized mean difference, treated minus control, with the pooled-SD convention of Austin (2009) as in
 * R's `tableone::ExtractSmd` (which reports the absolute value). Continuous: (m₁ − m₀) / sqrt((s₁² + s₀²) / 2)
 * with sample variances (n − 1). Binary (0/1): (p₁ − p₀) / sqrt((p₁(1 − p₁) + p₀(1 − p₀)) / 2).
 * When both groups are constant the result is 0 if their means are equal and ±Infinity otherwise.
 * @throws {LengthMismatchError} when `x` and `treated` differ in length.
 * @throws {NonFiniteValueError} when a value is not finite.
 * @throws {EmptyGroupError} when a group is empty, or has a single value for a continuous variable.
 * @throws {InvalidArgumentError} when a treatment indicator is not 0/1/boolean.
 * @example
 * standardizedMeanDifference([1, 2, 3, 2, 3, 4], [0, 0, 0, 1, 1, 1]); // => 1
 */
export function standardizedMeanDifference(
  x: readonly number[],
  treated: readonly TreatmentIndicator[],
  options: StandardizedMeanDifferenceOptions = {},
): number {
  if (x.length !== treated.length) {
    throw new LengthMismatchError(`x has ${x.length} values but treated has ${treated.length}`);
  }
  x.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new NonFiniteValueError(`x[${i}] is ${v}; remove or impute it first`);
  });
  const flags = toTreatmentFlags(treated);
  const x1 = x.filter((_, i) => flags[i]);
  const x0 = x.filter((_, i) => !flags[i]);
  const binary = options.binary ?? x.every((v) => v === 0 || v === 1);
  const m1 = mean(x1);
  const m0 = mean(x0);
  const pooledVariance = binary
    ? (m1 * (1 - m1) + m0 * (1 - m0)) / 2
    : (sampleVariance(x1, m1) + sampleVariance(x0, m0)) / 2;
  if (pooledVariance === 0) return m1 === m0 ? 0 : (m1 - m0) * Infinity;
  return (m1 - m0) / Math.sqrt(pooledVariance);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}

function sampleVariance(values: readonly number[], m: number): number {
  if (values.length < 2) {
    throw new EmptyGroupError(
      `a group has ${values.length} observation(s); a continuous SMD needs at least 2`,
    );
  }
  return values.reduce((s, v) => s + (v - m) ** 2, 0) / (values.length - 1);
}
