/**
 * The one typed wrapper around jstat (STYLE.md). Every p-value and quantile in the registry goes through here,
 * so tail accuracy is fixed in one place: upper tails are computed directly, never as `1 - cdf`, which would
 * lose all relative precision for small p-values.
 */
import jstatModule from 'jstat';

const { jStat } = jstatModule as unknown as typeof import('jstat');

/** Standard normal CDF, as R's `pnorm(x, lower.tail)`. Uses erfc so both tails keep relative precision. */
export function pnorm(x: number, lowerTail = true): number {
  const z = lowerTail ? -x : x;
  return 0.5 * jStat.erfc(z / Math.SQRT2);
}

/** Standard normal quantile, as R's `qnorm(p)`. */
export function qnorm(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** Student t CDF, as R's `pt(x, df, lower.tail)`, via the regularized incomplete beta function. */
export function pt(x: number, df: number, lowerTail = true): number {
  const tail = 0.5 * jStat.ibeta(df / (df + x * x), df / 2, 0.5);
  const upper = x > 0 ? tail : 1 - tail;
  return lowerTail ? 1 - upper : upper;
}

/** Student t quantile, as R's `qt(p, df)`. */
export function qt(p: number, df: number): number {
  return jStat.studentt.inv(p, df);
}

/** Chi-square CDF, as R's `pchisq(x, df, lower.tail)`. */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (x <= 0) return lowerTail ? 0 : 1;
  if (df === 1) {
    // Exact in terms of the normal tail, which keeps precision far into the upper tail.
    const upper = 2 * pnorm(Math.sqrt(x), false);
    return lowerTail ? 1 - upper : upper;
  }
  const lower = jStat.lowRegGamma(df / 2, x / 2);
  return lowerTail ? lower : 1 - lower;
}

/** Natural log of the gamma function. */
export function lgamma(x: number): number {
  return jStat.gammaln(x);
}
