/** Small numeric helpers for the synthetic registry's logistic models. */

/** Inverse logit: 1 / (1 + e^(−x)). */
export function expit(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Clamps a value into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

/** Rounds to a number of decimals (half away from zero is not needed: values are positive). */
export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}
