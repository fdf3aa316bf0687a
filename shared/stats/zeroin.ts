/**
 * Brent's root finder (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4), step for step as
 * R's `uniroot()` (C routine `R_zeroin2`). Statistics that R solves with `uniroot` (Fisher's conditional MLE
 * and its exact interval) call this with R's default tolerance, so they land on R's digits, not just near them.
 */
import { ConvergenceError, InvalidArgumentError } from './errors.js';

/** R's default `uniroot` tolerance, `.Machine$double.eps^0.25`. */
export const UNIROOT_TOL = Math.pow(Number.EPSILON, 0.25);

/**
 * A root of `f` in [lower, upper], as R's `uniroot(f, c(lower, upper))$root` (tol = eps^0.25, maxiter = 1000).
 * @throws {InvalidArgumentError} when f(lower) and f(upper) have the same sign (R: "values at end points not of
 * opposite sign"). @throws {ConvergenceError} after `maxIter` iterations.
 * @example zeroin((x) => x * x - 2, 0, 2) // ≈ 1.41421
 */
export function zeroin(
  f: (x: number) => number,
  lower: number,
  upper: number,
  tol = UNIROOT_TOL,
  maxIter = 1000,
): number {
  let a = lower;
  let b = upper;
  let fa = f(a);
  let fb = f(b);
  if (!Number.isFinite(fa) || !Number.isFinite(fb) || fa * fb > 0) {
    throw new InvalidArgumentError(
      `f(${lower}) = ${fa} and f(${upper}) = ${fb} do not bracket a root (need opposite signs)`,
    );
  }
  if (fa === 0) return a;
  if (fb === 0) return b;
  let c = a;
  let fc = fa;

  for (let iter = 0; iter <= maxIter; iter++) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      // Keep b as the best approximation.
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * Number.EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;

    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      // Interpolate: linear (secant) with two distinct points, inverse quadratic with three.
      const cb = c - b;
      let p: number;
      let q: number;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        const qa = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1));
        q = (qa - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }

    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  throw new ConvergenceError(`root finding did not converge in ${maxIter} iterations (last x = ${b})`);
}
