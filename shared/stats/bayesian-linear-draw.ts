/**
 * One draw of linear-regression parameters from their posterior, the core of predictive mean matching.
 */
import type { Random } from '../random/seeded-random.js';
import { drawChiSquare } from './chi-square-draw.js';
import { cholesky, inverseFromCholesky, type Matrix } from './dense-matrix.js';
import { CollinearityError } from './errors.js';

/** Least-squares coefficients and one posterior draw of them. */
export interface LinearDraw {
  /** β̂, the least-squares estimate. */
  coef: number[];
  /** β* = β̂ + σ* L z, a draw from the posterior of β. */
  beta: number[];
  /** σ*, a draw of the residual standard deviation. */
  sigma: number;
}

/**
 * Bayesian linear regression draw under a non-informative prior (Rubin 1987, p. 167), as mice's internal
 * `.norm.draw` / `estimice` (mice 3.15, `ls.meth = "qr"`): β̂ and V = (XᵀX)⁻¹ by least squares, with the ridge
 * penalty diag(XᵀX)·ridge added only when XᵀX cannot be inverted; σ* = sqrt(RSS / χ²(df)), df = max(n − p, 1);
 * β* = β̂ + σ* L z, with L Lᵀ = V and z standard normal.
 * @param x design matrix of the observed rows (include the intercept column yourself).
 * @param y observed outcomes.
 * @throws {CollinearityError} when XᵀX stays singular even with the ridge penalty.
 * @example
 * bayesianLinearDraw([[1, 0], [1, 1], [1, 2]], [1, 2, 2.9], createRandom(1)); // => { coef: [1.0167, 0.95], beta: [...], sigma: ... }
 */
export function bayesianLinearDraw(
  x: Matrix,
  y: readonly number[],
  random: Random,
  ridge = 1e-5,
): LinearDraw {
  const n = y.length;
  const p = x[0]?.length ?? 0;
  const xtx: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  for (let i = 0; i < n; i++) {
    const row = x[i]!;
    const yi = y[i]!;
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      xty[a]! += ra * yi;
      const target = xtx[a]!;
      for (let b = 0; b <= a; b++) target[b]! += ra * row[b]!;
    }
  }
  for (let a = 0; a < p; a++) for (let b = 0; b < a; b++) xtx[b]![a] = xtx[a]![b]!;
  const residualSumOfSquares = (coef: readonly number[]): number => {
    let rss = 0;
    for (let i = 0; i < n; i++) {
      const row = x[i]!;
      let fitted = 0;
      for (let a = 0; a < p; a++) fitted += row[a]! * coef[a]!;
      rss += (y[i]! - fitted) ** 2;
    }
    return rss;
  };
  return bayesianLinearDrawFromGram(xtx, xty, n, residualSumOfSquares, random, ridge);
}

/**
 * {@link bayesianLinearDraw} from the cross-products XᵀX and Xᵀy (n rows), for callers that hold the design by
 * column and can form them faster; `residualSumOfSquares(β̂)` returns Σ (y − X β̂)². The same draws, in the same
 * order, as {@link bayesianLinearDraw} on the same data.
 * @throws {CollinearityError} when XᵀX stays singular even with the ridge penalty.
 */
export function bayesianLinearDrawFromGram(
  xtx: Matrix,
  xty: readonly number[],
  n: number,
  residualSumOfSquares: (coef: readonly number[]) => number,
  random: Random,
  ridge = 1e-5,
): LinearDraw {
  const p = xty.length;
  let factor = cholesky(xtx);
  if (factor === undefined) {
    const penalised = xtx.map((row, a) => row.map((value, b) => (a === b ? value * (1 + ridge) : value)));
    factor = cholesky(penalised);
    if (factor === undefined) throw new CollinearityError('predictors are linearly dependent', 'design');
  }
  const v = inverseFromCholesky(factor);
  const coef = v.map((row) => row.reduce((s, vab, b) => s + vab * xty[b]!, 0));

  const rss = residualSumOfSquares(coef);
  const df = Math.max(n - p, 1);
  const sigma = Math.sqrt(rss / drawChiSquare(df, random));
  const l = cholesky(v.map((row, a) => row.map((value, b) => (value + v[b]![a]!) / 2)));
  if (l === undefined) throw new CollinearityError('posterior covariance is not positive definite', 'design');
  const z = Array.from({ length: p }, () => random.normal());
  const beta = coef.map((c, a) => {
    let s = 0;
    for (let b = 0; b <= a; b++) s += l[a]![b]! * z[b]!;
    return c + s * sigma;
  });
  return { coef, beta, sigma };
}
