/**
 * Funnel-plot control limits for an observed/expected ratio (Spiegelhalter 2005): under the null hypothesis a
 * center's observed deaths O ~ Poisson(E), so the limits of O/E at expected count E are the exact Poisson
 * quantiles divided by E, R's `qpois(c(p, 1 - p), E) / E` with p = (1 − coverage) / 2. Exact quantiles are used
 * (not the normal approximation) because most centers expect few deaths, where the normal limits are too narrow
 * below and wrongly symmetric. The limits are the step functions `qpois` gives, without interpolation.
 */
import { lgamma } from '../../stats/index.js';

/** Smallest k with P(X ≤ k) ≥ p for X ~ Poisson(lambda), as R's `qpois(p, lambda)`. */
export function poissonQuantile(p: number, lambda: number): number {
  if (!(p >= 0 && p <= 1) || !(lambda >= 0)) throw new RangeError(`poissonQuantile(${p}, ${lambda})`);
  if (lambda === 0) return 0;
  let cumulative = 0;
  // Relative tolerance as R's qpois (fuzz 1 - 64 * DBL_EPSILON) so that exact cumulative hits round as R.
  const target = p * (1 - 64 * Number.EPSILON);
  for (let k = 0; ; k++) {
    cumulative += Math.exp(k * Math.log(lambda) - lambda - lgamma(k + 1));
    if (cumulative >= target) return k;
    if (k > lambda + 50 * Math.sqrt(lambda) + 100) return k;
  }
}

export interface FunnelLimit {
  /** The expected count E. */
  expected: number;
  /** Limits of O/E by coverage, e.g. { '0.95': [lower, upper] }. */
  limits: Record<string, [number, number]>;
}

/** Control limits at `points` expected counts spaced evenly on a log scale between `minE` and `maxE`. */
export function funnelLimits(
  minE: number,
  maxE: number,
  coverages: readonly number[],
  points = 60,
): FunnelLimit[] {
  const lo = Math.log(Math.max(minE, 0.1));
  const hi = Math.log(Math.max(maxE, minE, 0.2));
  return Array.from({ length: points }, (_, i) => {
    const expected = Math.exp(lo + ((hi - lo) * i) / (points - 1));
    const limits: Record<string, [number, number]> = {};
    for (const coverage of coverages) {
      const tail = (1 - coverage) / 2;
      limits[String(coverage)] = [
        poissonQuantile(tail, expected) / expected,
        poissonQuantile(1 - tail, expected) / expected,
      ];
    }
    return { expected, limits };
  });
}
