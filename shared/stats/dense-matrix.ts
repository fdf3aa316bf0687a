/**
 * Small dense linear algebra for the statistics engine (a few covariates, so clarity beats speed). Matrices are
 * arrays of rows.
 */
import { CollinearityError } from './errors.js';

/** A dense matrix stored as an array of rows. */
export type Matrix = number[][];

/**
 * Solves A x = b by Gaussian elimination with partial pivoting (as R's `solve(a, b)`, LAPACK dgesv).
 * @throws {CollinearityError} when A is singular to working precision.
 * @example
 * solveLinear([[2, 0], [0, 4]], [2, 2]); // => [1, 0.5]
 */
export function solveLinear(a: readonly (readonly number[])[], b: readonly number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[pivot]![col]!)) pivot = r;
    const scale = Math.max(...m.map((row) => Math.abs(row[col]!)));
    if (m[pivot]![col] === 0 || Math.abs(m[pivot]![col]!) <= 1e-14 * scale) {
      throw new CollinearityError(`matrix is singular at column ${col}`, String(col));
    }
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const p = m[col]!;
    for (let r = col + 1; r < n; r++) {
      const row = m[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let c = col; c <= n; c++) row[c] = row[c]! - f * p[c]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    const row = m[r]!;
    let s = row[n]!;
    for (let c = r + 1; c < n; c++) s -= row[c]! * x[c]!;
    x[r] = s / row[r]!;
  }
  return x;
}

/**
 * Lower-triangular Cholesky factor L of a symmetric positive-definite matrix, A = L Lᵀ (R's `t(chol(a))`).
 * Returns `undefined` when A is not numerically positive definite, so callers can regularise and retry.
 * @example
 * cholesky([[4, 2], [2, 5]]); // => [[2, 0], [1, 2]]
 */
export function cholesky(a: readonly (readonly number[])[]): Matrix | undefined {
  const n = a.length;
  const l: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let d = a[j]![j]!;
    for (let k = 0; k < j; k++) d -= l[j]![k]! ** 2;
    if (!(d > 1e-12 * Math.abs(a[j]![j]!)) || d <= 0) return undefined;
    const ljj = Math.sqrt(d);
    l[j]![j] = ljj;
    for (let i = j + 1; i < n; i++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = s / ljj;
    }
  }
  return l;
}

/**
 * Inverse of a symmetric positive-definite matrix from its Cholesky factor L (A⁻¹ = L⁻ᵀ L⁻¹).
 * @example
 * inverseFromCholesky(cholesky([[4, 0], [0, 1]])!); // => [[0.25, 0], [0, 1]]
 */
export function inverseFromCholesky(l: readonly (readonly number[])[]): Matrix {
  const n = l.length;
  // Invert L (lower triangular) by forward substitution, column by column.
  const li: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let c = 0; c < n; c++) {
    li[c]![c] = 1 / l[c]![c]!;
    for (let r = c + 1; r < n; r++) {
      let s = 0;
      for (let k = c; k < r; k++) s -= l[r]![k]! * li[k]![c]!;
      li[r]![c] = s / l[r]![r]!;
    }
  }
  const inv: Matrix = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = i; k < n; k++) s += li[k]![i]! * li[k]![j]!;
      inv[i]![j] = s;
      inv[j]![i] = s;
    }
  }
  return inv;
}

/**
 * Eigen-decomposition of a symmetric matrix by cyclic Jacobi rotations (as R's `eigen(a, symmetric = TRUE)`):
 * eigenvalues in decreasing order, `vectors[i][k]` is component i of the k-th eigenvector.
 * @example
 * symmetricEigen([[2, 0], [0, 3]]).values; // => [3, 2]
 */
export function symmetricEigen(a: readonly (readonly number[])[]): { values: number[]; vectors: Matrix } {
  const n = a.length;
  const s = a.map((row) => [...row]);
  const v: Matrix = Array.from({ length: n }, (_, i) =>
    Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)),
  );
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += s[p]![q]! ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = s[p]![q]!;
        if (apq === 0) continue;
        const theta = (s[q]![q]! - s[p]![p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const skp = s[k]![p]!;
          const skq = s[k]![q]!;
          s[k]![p] = c * skp - sn * skq;
          s[k]![q] = sn * skp + c * skq;
        }
        for (let k = 0; k < n; k++) {
          const spk = s[p]![k]!;
          const sqk = s[q]![k]!;
          s[p]![k] = c * spk - sn * sqk;
          s[q]![k] = sn * spk + c * sqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k]![p]!;
          const vkq = v[k]![q]!;
          v[k]![p] = c * vkp - sn * vkq;
          v[k]![q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  const order = s.map((_, i) => i).sort((i, j) => s[j]![j]! - s[i]![i]!);
  return {
    values: order.map((i) => s[i]![i]!),
    vectors: v.map((row) => order.map((i) => row[i]!)),
  };
}
