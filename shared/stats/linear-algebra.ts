/**
 * Dense Cholesky factorisation for the small symmetric positive-definite systems of the regression fits
 * (X'WX with a few dozen columns). Matrices are `Float64Array`s of p × p, row-major; only the lower triangle of
 * the input is read. Written out (no matrix library) because the logistic fit calls it in its hot loop.
 */

/** Result of {@link choleskyInPlace}: the factor, or the first column whose pivot was (numerically) zero. */
export type CholeskyOutcome = { ok: true } | { ok: false; column: number };

/**
 * Cholesky factorisation A = L L' (Golub & Van Loan, Algorithm 4.2.1), overwriting the lower triangle of `a`
 * with L. Column j is rank deficient when its remaining pivot is at most `tolerance` times its original diagonal,
 * i.e. when it is (nearly) a linear combination of the columns before it; the factorisation then stops and
 * reports j. This is the squared-norm analogue of the pivoting rule in R's `dqrdc2` (which `lm`/`glm` use).
 * @example
 * const a = new Float64Array([4, 2, 2, 3]);
 * choleskyInPlace(a, 2, 1e-10); // { ok: true }; a = [2, 2, 1, 1.4142…] (lower triangle is L)
 */
export function choleskyInPlace(a: Float64Array, p: number, tolerance: number): CholeskyOutcome {
  for (let j = 0; j < p; j++) {
    const original = a[j * p + j]!;
    let pivot = original;
    for (let k = 0; k < j; k++) {
      const l = a[j * p + k]!;
      pivot -= l * l;
    }
    if (!(pivot > tolerance * original) || !(original > 0)) return { ok: false, column: j };
    const diag = Math.sqrt(pivot);
    a[j * p + j] = diag;
    for (let i = j + 1; i < p; i++) {
      let sum = a[i * p + j]!;
      for (let k = 0; k < j; k++) sum -= a[i * p + k]! * a[j * p + k]!;
      a[i * p + j] = sum / diag;
    }
  }
  return { ok: true };
}

/**
 * Solves L L' x = b for x, given the Cholesky factor from {@link choleskyInPlace}; `b` is overwritten with x.
 * @example
 * const l = new Float64Array([4, 0, 2, 3]); choleskyInPlace(l, 2, 0);
 * const b = new Float64Array([6, 5]); choleskySolveInPlace(l, 2, b); // b = [1, 1]
 */
export function choleskySolveInPlace(l: Float64Array, p: number, b: Float64Array): void {
  for (let i = 0; i < p; i++) {
    let sum = b[i]!;
    for (let k = 0; k < i; k++) sum -= l[i * p + k]! * b[k]!;
    b[i] = sum / l[i * p + i]!;
  }
  for (let i = p - 1; i >= 0; i--) {
    let sum = b[i]!;
    for (let k = i + 1; k < p; k++) sum -= l[k * p + i]! * b[k]!;
    b[i] = sum / l[i * p + i]!;
  }
}

/**
 * The inverse (L L')⁻¹ as a full p × p row-major matrix, as R's `chol2inv`, by solving for each unit vector.
 * @example
 * const l = new Float64Array([4, 0, 0, 9]); choleskyInPlace(l, 2, 0);
 * choleskyInverse(l, 2); // [0.25, 0, 0, 0.111…]
 */
export function choleskyInverse(l: Float64Array, p: number): Float64Array {
  const inverse = new Float64Array(p * p);
  const column = new Float64Array(p);
  for (let j = 0; j < p; j++) {
    column.fill(0);
    column[j] = 1;
    choleskySolveInPlace(l, p, column);
    for (let i = 0; i < p; i++) inverse[i * p + j] = column[i]!;
  }
  return inverse;
}

/** Σ a[aOffset + i] b[bOffset + i] for i < length, four accumulators wide. */
export function dot(
  a: Float64Array,
  aOffset: number,
  b: Float64Array,
  bOffset: number,
  length: number,
): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[aOffset + i]! * b[bOffset + i]!;
    s1 += a[aOffset + i + 1]! * b[bOffset + i + 1]!;
    s2 += a[aOffset + i + 2]! * b[bOffset + i + 2]!;
    s3 += a[aOffset + i + 3]! * b[bOffset + i + 3]!;
  }
  for (; i < length; i++) s0 += a[aOffset + i]! * b[bOffset + i]!;
  return s0 + s1 + (s2 + s3);
}
