/**
 * Screening of imputation-model predictors, so that the regression behind each imputation stays estimable.
 */
import { cholesky, type Matrix, symmetricEigen } from './dense-matrix.js';

/** mice's `remove.lindep` thresholds (mice 3.15): eps on variances and eigenvalue ratios, maxcor with y. */
const LINDEP_EPS = 1e-4;
const LINDEP_MAXCOR = 0.99;

/**
 * Which predictors to keep, as mice's internal `remove.lindep(x, y, ry)` (mice 3.15; eps = 1e-4, maxcor = 0.99)
 * from centred cross-products (`cross(a, b)`, with y at index q):
 * none when y is (nearly) constant; drop columns with variance ≤ eps or with correlation ≥ maxcor with y (signed,
 * as mice); then, while the smallest/largest eigenvalue ratio of the predictors' correlation matrix is below eps,
 * drop the column loading most on the smallest eigenvector.
 * @returns the indices (0..q-1) of the kept columns, in order.
 */
export function screenPredictors(q: number, n: number, cross: (a: number, b: number) => number): number[] {
  if (q === 0 || n < 2) return [];
  const variance = (a: number): number => cross(a, a) / (n - 1);
  const yVariance = variance(q);
  if (yVariance < LINDEP_EPS) return [];
  const correlation = (a: number, b: number): number =>
    cross(a, b) / (n - 1) / Math.sqrt(variance(a) * variance(b));
  let kept: number[] = [];
  for (let a = 0; a < q; a++) {
    if (variance(a) > LINDEP_EPS && correlation(a, q) < LINDEP_MAXCOR) kept.push(a);
  }
  while (kept.length > 1) {
    const cx = kept.map((a) => kept.map((b) => (a === b ? 1 : correlation(a, b))));
    // The eigen-decomposition is only needed when the ratio may be below eps; a cheap bound settles most steps.
    if (eigenRatioSurelyAtLeast(cx, LINDEP_EPS)) break;
    const { values, vectors } = symmetricEigen(cx);
    const k = kept.length - 1;
    if (!(values[k]! / values[0]! < LINDEP_EPS)) break;
    let worst = 0;
    for (let i = 1; i <= k; i++) if (Math.abs(vectors[i]![k]!) > Math.abs(vectors[worst]![k]!)) worst = i;
    kept = kept.filter((_, i) => i !== worst);
  }
  return kept;
}

/**
 * Whether λmin / λmax of the symmetric matrix `a` is certainly ≥ eps, by bounds that need no eigen-decomposition:
 * λmin ≥ 1 / trace(a⁻¹) (trace(a⁻¹) = ‖L⁻¹‖²_F from the Cholesky factor) and λmax ≤ the largest absolute row sum
 * (Gershgorin). False means "not certain" (the caller then computes the eigenvalues), never a wrong "true".
 */
function eigenRatioSurelyAtLeast(a: Matrix, eps: number): boolean {
  const k = a.length;
  const l = cholesky(a);
  if (l === undefined) return false;
  let traceInverse = 0;
  const column = new Array<number>(k);
  for (let c = 0; c < k; c++) {
    // Column c of L⁻¹ by forward substitution.
    for (let r = 0; r < c; r++) column[r] = 0;
    column[c] = 1 / l[c]![c]!;
    traceInverse += column[c]! * column[c]!;
    for (let r = c + 1; r < k; r++) {
      let sum = 0;
      for (let t = c; t < r; t++) sum -= l[r]![t]! * column[t]!;
      column[r] = sum / l[r]![r]!;
      traceInverse += column[r]! * column[r]!;
    }
  }
  let lambdaMaxBound = 0;
  for (const row of a)
    lambdaMaxBound = Math.max(
      lambdaMaxBound,
      row.reduce((s, v) => s + Math.abs(v), 0),
    );
  // A margin far above rounding keeps the bound on the safe side.
  return 1 / traceInverse / lambdaMaxBound >= eps * (1 + 1e-6);
}
