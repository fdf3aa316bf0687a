/**
 * Fisher's exact test for a 2 x 2 table (Fisher 1935), as R's `fisher.test(table)`: the test Table 1 and
 * Table 2 fall back to when an expected count is below 5. Besides the two-sided p-value it gives R's conditional
 * maximum-likelihood odds ratio and its exact confidence interval, both from the noncentral hypergeometric
 * distribution and solved with R's own root finder so the digits match.
 */
import { InvalidArgumentError } from './errors.js';
import { requireFinite } from './input-checks.js';
import { zeroin } from './zeroin.js';

/** Options of {@link fisherExact}. */
export interface FisherExactOptions {
  /** Confidence level of the odds-ratio interval. Default 0.95. */
  confLevel?: number;
}

/** Result of {@link fisherExact}. */
export interface FisherExactResult {
  /** Two-sided p-value: the probability of tables no more likely than the observed one. */
  pValue: number;
  /** Conditional MLE of the odds ratio (0 or Infinity at the edge of the support, as R). */
  oddsRatio: number;
  confInt: [number, number];
}

/**
 * Two-sided Fisher exact test of a 2 x 2 table [[a, b], [c, d]], as R's `fisher.test(matrix(c(a, c, b, d), 2))`.
 * The p-value sums the null hypergeometric probabilities not above the observed one (relative tolerance 1e-7,
 * as R).
 * @throws {InvalidArgumentError} when the table is not 2 x 2 of non-negative integers, or `confLevel` is outside
 * (0, 1). @throws {NonFiniteValueError} on NaN or ±Infinity.
 * @example fisherExact([[3, 1], [1, 3]]).pValue // 0.4857…
 */
export function fisherExact(
  table: readonly (readonly number[])[],
  options: FisherExactOptions = {},
): FisherExactResult {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const [a, b, c, d] = cells(table);
  const dist = new NoncentralHypergeometric(a + c, b + d, a + b);
  const x = a;

  const nullDensity = dist.density(1);
  const observed = nullDensity[x - dist.lo]! * (1 + 1e-7);
  let pValue = 0;
  for (const p of nullDensity) if (p <= observed) pValue += p;

  const alpha = (1 - confLevel) / 2;
  return {
    pValue: Math.min(pValue, 1),
    oddsRatio: conditionalMle(dist, x),
    confInt: [lowerLimit(dist, x, alpha), upperLimit(dist, x, alpha)],
  };
}

/**
 * The distribution of the top-left cell given all margins, with odds ratio `ncp`: P(X = s) ∝ C(m, s) C(n, k - s)
 * ncp^s on s in [lo, hi]. The central log-densities are built by the ratio recurrence, which needs no lgamma.
 */
class NoncentralHypergeometric {
  readonly lo: number;
  readonly hi: number;
  private readonly logCentral: number[];

  /** m: first-column total, n: second-column total, k: first-row total. */
  constructor(m: number, n: number, k: number) {
    this.lo = Math.max(0, k - n);
    this.hi = Math.min(k, m);
    this.logCentral = [0];
    for (let s = this.lo; s < this.hi; s++) {
      const ratio = ((m - s) * (k - s)) / ((s + 1) * (n - k + s + 1));
      this.logCentral.push(this.logCentral[this.logCentral.length - 1]! + Math.log(ratio));
    }
  }

  /** Probabilities over the support for odds ratio `ncp` (0 < ncp < Infinity). */
  density(ncp: number): number[] {
    const logNcp = Math.log(ncp);
    const logs = this.logCentral.map((l, i) => l + logNcp * (this.lo + i));
    const top = Math.max(...logs);
    const weights = logs.map((l) => Math.exp(l - top));
    const sum = weights.reduce((acc, w) => acc + w, 0);
    return weights.map((w) => w / sum);
  }

  /** E[X] at odds ratio `ncp` (R's `mnhyper`). */
  mean(ncp: number): number {
    if (ncp === 0) return this.lo;
    if (ncp === Infinity) return this.hi;
    return this.density(ncp).reduce((acc, p, i) => acc + p * (this.lo + i), 0);
  }

  /** P(X ≤ q), or P(X ≥ q) when `upper`, at odds ratio `ncp` (R's `pnhyper`). */
  tail(q: number, ncp: number, upper: boolean): number {
    if (ncp === 0) return Number(upper ? q <= this.lo : q >= this.lo);
    if (ncp === Infinity) return Number(upper ? q <= this.hi : q >= this.hi);
    return this.density(ncp).reduce((acc, p, i) => {
      const s = this.lo + i;
      return (upper ? s >= q : s <= q) ? acc + p : acc;
    }, 0);
  }
}

/** R's `mle()` inside `fisher.test`: solves E[X; ncp] = x on (0, 1] or, through 1/ncp, on [1, Infinity). */
function conditionalMle(dist: NoncentralHypergeometric, x: number): number {
  if (x === dist.lo) return 0;
  if (x === dist.hi) return Infinity;
  const mu = dist.mean(1);
  if (mu > x) return zeroin((t) => dist.mean(t) - x, 0, 1);
  if (mu < x) return 1 / zeroin((t) => dist.mean(1 / t) - x, Number.EPSILON, 1);
  return 1;
}

/** R's `ncp.U`: the upper confidence limit, where P(X ≤ x; ncp) = alpha. */
function upperLimit(dist: NoncentralHypergeometric, x: number, alpha: number): number {
  if (x === dist.hi) return Infinity;
  const p = dist.tail(x, 1, false);
  if (p < alpha) return zeroin((t) => dist.tail(x, t, false) - alpha, 0, 1);
  if (p > alpha) return 1 / zeroin((t) => dist.tail(x, 1 / t, false) - alpha, Number.EPSILON, 1);
  return 1;
}

/** R's `ncp.L`: the lower confidence limit, where P(X ≥ x; ncp) = alpha. */
function lowerLimit(dist: NoncentralHypergeometric, x: number, alpha: number): number {
  if (x === dist.lo) return 0;
  const p = dist.tail(x, 1, true);
  if (p > alpha) return zeroin((t) => dist.tail(x, t, true) - alpha, 0, 1);
  if (p < alpha) return 1 / zeroin((t) => dist.tail(x, 1 / t, true) - alpha, Number.EPSILON, 1);
  return 1;
}

/** The four counts a, b, c, d of a validated 2 x 2 table. */
function cells(table: readonly (readonly number[])[]): [number, number, number, number] {
  if (table.length !== 2 || table.some((row) => row.length !== 2)) {
    throw new InvalidArgumentError(
      'Fisher exact test here takes a 2 x 2 table; use the chi-square test for r x c',
    );
  }
  const flat = [...table[0]!, ...table[1]!];
  requireFinite(flat, 'table');
  const bad = flat.findIndex((count) => count < 0 || !Number.isInteger(count));
  if (bad >= 0) {
    throw new InvalidArgumentError(
      `table[${Math.floor(bad / 2)}][${bad % 2}] is ${flat[bad]}; counts must be non-negative integers`,
    );
  }
  return flat as [number, number, number, number];
}
