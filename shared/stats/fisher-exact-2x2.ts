/**
 * Fisher's exact test of a 2 x 2 table, as R's `fisher.test(matrix(c(a, c, b, d), 2))`: the two-sided p-value, the
 * conditional maximum-likelihood odds ratio and its exact confidence interval, all from the noncentral
 * hypergeometric distribution and solved with R's own root finder so the digits match.
 */
import { zeroin } from './zeroin.js';

/** Result of {@link fisherExact} on a 2 x 2 table. */
export interface FisherExact2x2Result {
  /** Two-sided p-value: the probability of tables no more likely than the observed one. */
  pValue: number;
  /** Conditional MLE of the odds ratio (0 or Infinity at the edge of the support, as R). */
  oddsRatio: number;
  confInt: [number, number];
}

/** The 2 x 2 test: p-value, conditional MLE and exact interval, step for step as R's `fisher.test`. */
export function fisherExact2x2(
  counts: readonly (readonly number[])[],
  confLevel: number,
): FisherExact2x2Result {
  const [a, b] = counts[0] as [number, number];
  const [c, d] = counts[1] as [number, number];
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
