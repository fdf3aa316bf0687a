/**
 * Rubin's rules for pooling one scalar estimate over m multiply-imputed data sets.
 */
import { pt, qt } from './distributions.js';
import { InvalidArgumentError, LengthMismatchError, NonFiniteValueError } from './errors.js';

/** Options of {@link poolRubin}. */
export interface PoolRubinOptions {
  /** Residual degrees of freedom of the complete-data analysis (n − k); enables the Barnard–Rubin df. */
  dfComplete?: number;
  /** Confidence level of the interval (default 0.95). */
  confLevel?: number;
}

/** Pooled result; field names follow Rubin (1987): Q̄, Ū, B, T. */
export interface PoolRubinResult {
  m: number;
  /** Q̄, the mean of the estimates. */
  estimate: number;
  /** Ū, the mean within-imputation variance. */
  within: number;
  /** B, the between-imputation variance (sample variance of the estimates). */
  between: number;
  /** T = Ū + (1 + 1/m) B. */
  total: number;
  /** Degrees of freedom of the t reference distribution. */
  df: number;
  /** r = (1 + 1/m) B / Ū, the relative increase in variance due to nonresponse. */
  r: number;
  /** Fraction of missing information, (r + 2/(df + 3)) / (r + 1). */
  fmi: number;
  lower: number;
  upper: number;
  /** Two-sided p-value of Q̄ / sqrt(T) against t(df). */
  pValue: number;
}

/**
 * Pools m estimates and their variances by Rubin's rules (Rubin 1987), as R's `mice::pool.scalar(Q, U, n, k)`
 * with `rule = "rubin1987"`. The df are Barnard–Rubin (1999) small-sample df when `dfComplete` (= n − k) is given,
 * otherwise Rubin's large-sample df (m − 1)/λ², λ = (1 + 1/m) B / T floored at 1e-4 as mice does. The interval
 * Q̄ ± t(df) sqrt(T) and p-value are those of `summary(pool(fit), conf.int = TRUE)`.
 * @throws {LengthMismatchError} when `estimates` and `variances` differ in length.
 * @throws {InvalidArgumentError} when m < 2, a variance is negative, the total variance is 0, or `dfComplete`
 *   / `confLevel` is out of range.
 * @throws {NonFiniteValueError} when an estimate or variance is not finite.
 * @example
 * poolRubin([1.2, 1.4, 1.1], [0.04, 0.05, 0.045], { dfComplete: 97 });
 * // => { estimate: 1.2333, within: 0.045, between: 0.02333, total: 0.07611, df: 9.868, fmi: 0.5007, … }
 */
export function poolRubin(
  estimates: readonly number[],
  variances: readonly number[],
  options: PoolRubinOptions = {},
): PoolRubinResult {
  const m = estimates.length;
  if (variances.length !== m) {
    throw new LengthMismatchError(`${m} estimates but ${variances.length} variances`);
  }
  if (m < 2) throw new InvalidArgumentError(`Rubin's rules need at least 2 imputations, got ${m}`);
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(estimates[i]!)) throw new NonFiniteValueError(`estimates[${i}] is ${estimates[i]}`);
    if (!Number.isFinite(variances[i]!)) throw new NonFiniteValueError(`variances[${i}] is ${variances[i]}`);
    if (variances[i]! < 0) throw new InvalidArgumentError(`variances[${i}] is ${variances[i]}; must be >= 0`);
  }
  const { dfComplete, confLevel = 0.95 } = options;
  if (dfComplete !== undefined && !(dfComplete > 0)) {
    throw new InvalidArgumentError(`dfComplete is ${dfComplete}; it must be positive (n - k)`);
  }
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(`confLevel is ${confLevel}; it must be strictly between 0 and 1`);
  }

  const estimate = mean(estimates);
  const within = mean(variances);
  const between = estimates.reduce((s, q) => s + (q - estimate) ** 2, 0) / (m - 1);
  const total = within + ((m + 1) * between) / m;
  if (!(total > 0))
    throw new InvalidArgumentError('total variance is 0: every variance and the spread are 0');
  const r = ((1 + 1 / m) * between) / within;
  const df = barnardRubinDf(m, between, total, dfComplete ?? Infinity);
  const fmi = (r + 2 / (df + 3)) / (r + 1);
  const se = Math.sqrt(total);
  const half = qt(1 - (1 - confLevel) / 2, df) * se;
  return {
    m,
    estimate,
    within,
    between,
    total,
    df,
    r,
    fmi,
    lower: estimate - half,
    upper: estimate + half,
    pValue: 2 * pt(-Math.abs(estimate / se), df),
  };
}

/** Barnard–Rubin (1999) degrees of freedom, as mice's internal `barnard.rubin(m, b, t, dfcom)`. */
function barnardRubinDf(m: number, b: number, t: number, dfComplete: number): number {
  const lambda = Math.max(((1 + 1 / m) * b) / t, 1e-4);
  const dfOld = (m - 1) / lambda ** 2;
  if (!Number.isFinite(dfComplete)) return dfOld;
  const dfObs = ((dfComplete + 1) / (dfComplete + 3)) * dfComplete * (1 - lambda);
  return (dfOld * dfObs) / (dfOld + dfObs);
}

function mean(values: readonly number[]): number {
  return values.reduce((s, v) => s + v, 0) / values.length;
}
