/**
 * Distribution functions for every p-value and quantile in the registry. They are written out here, not taken
 * from jstat, because jstat loses the far tails (its erfc gives `pnorm(10, lower = FALSE) = 0`, and its chi-square
 * upper tail is `1 - lower`). Each upper tail is computed directly, so a p-value of 1e-30 keeps its relative
 * precision. Algorithms: Cody (1969) for the normal CDF, as R's `pnorm`; Wichura's AS 241 for its quantile, as
 * R's `qnorm`; continued fractions for the incomplete gamma and beta functions (Numerical Recipes, 3rd ed.,
 * §6.2 and §6.4, modified Lentz). jstat is kept only for a starting value of the t quantile.
 */
import jstatModule from 'jstat';
import { InvalidArgumentError } from './errors.js';

const { jStat } = jstatModule as unknown as typeof import('jstat');

const LN_SQRT_2PI = 0.9189385332046728; // log(sqrt(2 pi))
const ONE_OVER_SQRT_2PI = 0.3989422804014327;

// Cody's rational approximations (W. J. Cody, Math. Comp. 1969), coefficients as in R's nmath/pnorm.c.
const CODY_A = [2.2352520354606837, 161.02823106855587, 1067.6894854603709, 18154.98125334356];
const CODY_A4 = 0.06568233791820745;
const CODY_B = [47.202581904688245, 976.0985517377767, 10260.932208618979, 45507.78933502673];
const CODY_C = [
  0.39894151208813466, 8.883149794388377, 93.50665613217785, 597.2702763948002, 2494.5375852903726,
  6848.190450536283, 11602.65143764735, 9842.714838383978,
];
const CODY_C8 = 1.0765576773720192e-8;
const CODY_D = [
  22.266688044328117, 235.387901782625, 1519.3775994075547, 6485.558298266761, 18615.571640885097,
  34900.95272114598, 38912.00328609327, 19685.429676859992,
];
const CODY_P = [
  0.215898534057957, 0.12740116116024736, 0.022235277870649807, 0.0014216191932278934, 2.9112874951168793e-5,
];
const CODY_P5 = 0.023073441764940174;
const CODY_Q = [
  1.284260096144911, 0.4682382124808651, 0.06598813786892856, 0.0037823963320275824, 7.297515550839662e-5,
];

/**
 * Standard normal CDF by Cody's rational Chebyshev approximations, as R's `pnorm(x, lower.tail = lowerTail)`.
 * Both tails keep full relative precision down to the smallest double (about |x| = 37.5).
 * @throws {InvalidArgumentError} when x is NaN.
 * @example pnorm(1.96) // 0.9750021048517795; pnorm(10, false) // 7.619853024160527e-24
 */
export function pnorm(x: number, lowerTail = true): number {
  if (Number.isNaN(x)) throw new InvalidArgumentError('pnorm: x is NaN');
  const y = Math.abs(x);
  let small: number; // the tail beyond |x|, i.e. P(Z > |x|)
  if (y <= 0.67448975) {
    let num = 0;
    let den = 0;
    if (y > Number.EPSILON * 0.5) {
      const xsq = x * x;
      num = CODY_A4 * xsq;
      den = xsq;
      for (let i = 0; i < 3; i++) {
        num = (num + CODY_A[i]!) * xsq;
        den = (den + CODY_B[i]!) * xsq;
      }
    }
    const temp = (x * (num + CODY_A[3]!)) / (den + CODY_B[3]!);
    return lowerTail ? 0.5 + temp : 0.5 - temp;
  } else if (y <= Math.sqrt(32)) {
    let num = CODY_C8 * y;
    let den = y;
    for (let i = 0; i < 7; i++) {
      num = (num + CODY_C[i]!) * y;
      den = (den + CODY_D[i]!) * y;
    }
    small = gaussTail(y, (num + CODY_C[7]!) / (den + CODY_D[7]!));
  } else if (y < 37.5193) {
    const xsq = 1 / (x * x);
    let num = CODY_P5 * xsq;
    let den = xsq;
    for (let i = 0; i < 4; i++) {
      num = (num + CODY_P[i]!) * xsq;
      den = (den + CODY_Q[i]!) * xsq;
    }
    const temp = (xsq * (num + CODY_P[4]!)) / (den + CODY_Q[4]!);
    small = gaussTail(y, (ONE_OVER_SQRT_2PI - temp) / y);
  } else {
    small = 0;
  }
  const wantsSmall = lowerTail ? x < 0 : x > 0;
  return wantsSmall ? small : 1 - small;
}

/** exp(-y²/2) * factor, with y² split as in R (`do_del`) so the exponent keeps its precision. */
function gaussTail(y: number, factor: number): number {
  const ysq = Math.trunc(y * 16) / 16;
  const del = (y - ysq) * (y + ysq);
  return Math.exp(-ysq * ysq * 0.5) * Math.exp(-del * 0.5) * factor;
}

/**
 * Standard normal density, as R's `dnorm(x)`.
 * @example dnorm(0) // 0.3989422804014327
 */
export function dnorm(x: number): number {
  return Math.exp(-0.5 * x * x - LN_SQRT_2PI);
}

/**
 * Standard normal quantile by Wichura's algorithm AS 241 (PPND16, relative accuracy about 1e-16), as R's
 * `qnorm(p)`.
 * @throws {InvalidArgumentError} when p is outside [0, 1] or NaN.
 * @example qnorm(0.975) // 1.959963984540054
 */
export function qnorm(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new InvalidArgumentError(`qnorm: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301227 + 33430.57558358813) * r + 67265.7709270087) * r + 45921.95393154987) *
          r +
          13731.69376550946) *
          r +
          1971.5909503065513) *
          r +
          133.14166789178438) *
          r +
          3.3871328727963665)) /
      (((((((r * 5226.495278852854 + 28729.085735721943) * r + 39307.89580009271) * r + 21213.794301586597) *
        r +
        5394.196021424751) *
        r +
        687.1870074920579) *
        r +
        42.31333070160091) *
        r +
        1)
    );
  }
  let r = Math.sqrt(-Math.log(q > 0 ? 1 - p : p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 0.0007745450142783414 + 0.022723844989269184) * r + 0.2417807251774506) * r +
        1.2704582524523684) *
        r +
        3.6478483247632045) *
        r +
        5.769497221460691) *
        r +
        4.630337846156546) *
        r +
        1.4234371107496835) /
      (((((((r * 1.0507500716444169e-9 + 0.0005475938084995345) * r + 0.015198666563616457) * r +
        0.14810397642748008) *
        r +
        0.6897673349851) *
        r +
        1.6763848301838038) *
        r +
        2.053191626637759) *
        r +
        1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.0103343992922881e-7 + 2.7115555687434876e-5) * r + 0.0012426609473880784) * r +
        0.026532189526576124) *
        r +
        0.29656057182850487) *
        r +
        1.7848265399172913) *
        r +
        5.463784911164114) *
        r +
        6.657904643501103) /
      (((((((r * 2.0442631033899397e-15 + 1.421511758316446e-7) * r + 1.8463183175100548e-5) * r +
        0.0007868691311456133) *
        r +
        0.014875361290850615) *
        r +
        0.1369298809227358) *
        r +
        0.599832206555888) *
        r +
        1);
  }
  return q < 0 ? -value : value;
}

/**
 * Natural log of the gamma function for x > 0, as R's `lgamma(x)`: Stirling's series for x >= 10 (error below
 * 1e-16 relative) and the recurrence Γ(x) = Γ(x + n) / (x (x + 1) … (x + n - 1)) below that.
 * @throws {InvalidArgumentError} when x <= 0 or is not finite.
 * @example lgamma(0.5) // 0.5723649429247001 (log √π)
 */
export function lgamma(x: number): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new InvalidArgumentError(`lgamma: x must be positive, got ${x}`);
  if (x === 1 || x === 2) return 0;
  let shift = 0;
  let product = 1;
  let z = x;
  while (z < 10) {
    product *= z;
    z += 1;
    if (product > 1e280) {
      shift += Math.log(product);
      product = 1;
    }
  }
  shift += Math.log(product);
  const inv = 1 / z;
  const inv2 = inv * inv;
  // Bernoulli-number terms B_2k / (2k (2k - 1) z^(2k - 1)).
  const series =
    inv *
    (1 / 12 +
      inv2 *
        (-1 / 360 +
          inv2 *
            (1 / 1260 + inv2 * (-1 / 1680 + inv2 * (1 / 1188 + inv2 * (-691 / 360360 + inv2 * (1 / 156))))))); // B14 term
  return (z - 0.5) * Math.log(z) - z + LN_SQRT_2PI + series - shift;
}

const CF_TINY = 1e-300;
const CF_EPS = 1e-16;
const CF_MAX_ITER = 100_000;

/**
 * Regularized incomplete gamma, lower P(a, x) or upper Q(a, x): the series for P when x < a + 1, Legendre's
 * continued fraction for Q otherwise; the other tail is 1 minus it, which then is at least about 0.3 and so
 * loses no relative precision.
 */
function regularizedGamma(a: number, x: number, lower: boolean): number {
  if (x <= 0) return lower ? 0 : 1;
  const logPrefix = a * Math.log(x) - x - lgamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < CF_MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * CF_EPS) break;
    }
    const p = sum * Math.exp(logPrefix);
    return lower ? p : 1 - p;
  }
  let b = x + 1 - a;
  let c = 1 / CF_TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < CF_MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = b + an / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CF_EPS) break;
  }
  const q = Math.exp(logPrefix) * h;
  return lower ? 1 - q : q;
}

/** Continued fraction of the incomplete beta function (modified Lentz), valid for x < (a + 1) / (a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < CF_TINY) d = CF_TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < CF_MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < CF_TINY) d = CF_TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < CF_TINY) c = CF_TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < CF_EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b) (lower) or 1 - I_x(a, b) (upper). `y` is 1 - x, passed separately so
 * that it is exact when x is close to 1. The tail on the continued fraction's convergent side is computed
 * directly; the other is 1 minus it.
 */
function regularizedBeta(x: number, y: number, a: number, b: number, lower: boolean): number {
  if (x <= 0) return lower ? 0 : 1;
  if (y <= 0) return lower ? 1 : 0;
  const logPrefix = a * Math.log(x) + b * Math.log(y) - (lgamma(a) + lgamma(b) - lgamma(a + b));
  if (x < (a + 1) / (a + b + 2)) {
    const value = (Math.exp(logPrefix) * betaContinuedFraction(x, a, b)) / a;
    return lower ? value : 1 - value;
  }
  const value = (Math.exp(logPrefix) * betaContinuedFraction(y, b, a)) / b;
  return lower ? 1 - value : value;
}

/**
 * Student t CDF, as R's `pt(x, df, lower.tail = lowerTail)`, through the incomplete beta function
 * P(|T| > |t|) = I_{df/(df+t²)}(df/2, 1/2), with the far tail computed directly.
 * @throws {InvalidArgumentError} when df <= 0 or an argument is NaN.
 * @example pt(-2, 10) // 0.03669401738537018
 */
export function pt(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df > 0)) throw new InvalidArgumentError(`pt: invalid x = ${x} or df = ${df}`);
  if (!Number.isFinite(x)) return x > 0 === lowerTail ? 1 : 0;
  if (!Number.isFinite(df)) return pnorm(x, lowerTail);
  const t2 = x * x;
  // Both halves of the beta argument are formed without cancellation.
  const xb = df > t2 ? 1 / (1 + t2 / df) : df / (df + t2);
  const yb = df > t2 ? t2 / df / (1 + t2 / df) : t2 / (df + t2);
  const beyond = 0.5 * regularizedBeta(xb, yb, df / 2, 0.5, true); // P(T > |x|)
  const wantsBeyond = lowerTail ? x < 0 : x > 0;
  return wantsBeyond ? beyond : 1 - beyond;
}

/** Student t density. */
function dt(x: number, df: number): number {
  const logDensity =
    lgamma((df + 1) / 2) -
    lgamma(df / 2) -
    0.5 * Math.log(df * Math.PI) -
    ((df + 1) / 2) * Math.log1p((x * x) / df);
  return Math.exp(logDensity);
}

/**
 * Student t quantile, as R's `qt(p, df)`: jstat's inverse as a start, then Newton steps on {@link pt} until the
 * step is below 1e-15 relative.
 * @throws {InvalidArgumentError} when p is outside [0, 1] or df <= 0.
 * @example qt(0.975, 10) // 2.228138851986274
 */
export function qt(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) throw new InvalidArgumentError(`qt: invalid p = ${p} or df = ${df}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  if (!Number.isFinite(df)) return qnorm(p);
  // Solve in the lower tail (p < 0.5) so the target keeps its relative precision; the upper is symmetric.
  const sign = p > 0.5 ? 1 : -1;
  const target = p > 0.5 ? 1 - p : p;
  let t = jStat.studentt.inv(target, df);
  if (!Number.isFinite(t) || t >= 0) t = qnorm(target);
  for (let i = 0; i < 100; i++) {
    const step = (pt(t, df, true) - target) / dt(t, df);
    let next = t - step;
    if (next >= 0) next = t / 2; // stay in the lower half, where the root is
    const converged = Math.abs(next - t) <= 1e-15 * Math.abs(t);
    t = next;
    if (converged) break;
  }
  return sign > 0 ? -t : t;
}

/**
 * Chi-square CDF, as R's `pchisq(x, df, lower.tail = lowerTail)`: the regularized incomplete gamma P(df/2, x/2),
 * with the upper tail Q computed directly by its continued fraction (never as 1 - P).
 * @throws {InvalidArgumentError} when df <= 0 or an argument is NaN.
 * @example pchisq(3.84, 1, false) // 0.05004352124870519
 */
export function pchisq(x: number, df: number, lowerTail = true): number {
  if (Number.isNaN(x) || !(df > 0)) throw new InvalidArgumentError(`pchisq: invalid x = ${x} or df = ${df}`);
  if (x <= 0) return lowerTail ? 0 : 1;
  if (!Number.isFinite(x)) return lowerTail ? 1 : 0;
  return regularizedGamma(df / 2, x / 2, lowerTail);
}
