/**
 * The iterations of logistic regression by iteratively reweighted least squares, as R's `glm.fit` runs them: one
 * pass over the rows per iteration computes eta, mu and the deviance and accumulates, per pattern of the
 * compressed design, Σw, Σwz and Σw·x for the continuous columns, plus the continuous × continuous block of X'WX;
 * X'WX and X'Wz are then assembled from the pattern sums (the same sums, grouped).
 */
import type { Design } from './logistic-design.js';

/** R's binomial family clamps the linear predictor at ±30 (C code `logit_linkinv`, `logit_mu_eta`). */
export const ETA_THRESHOLD = 30;
/** R's `glm.fit` warns "fitted probabilities numerically 0 or 1 occurred" beyond this distance from 0 or 1. */
const BOUNDARY = 10 * Number.EPSILON;

/** glm.fit's starting linear predictor, log(mu / (1 - mu)) at mu = 3/4 (y = 1) and mu = 1/4 (y = 0). */
const START_ETA_EVENT = Math.log(0.75 / 0.25);
const START_ETA_NON_EVENT = Math.log(0.25 / 0.75);

/**
 * Per-pattern and continuous sums of one pass over the rows, reused across the passes of a fit: Σw and Σwz per
 * pattern, Σw·x per pattern and continuous column, and the continuous × continuous block of X'WX (packed lower
 * triangle) and of X'Wz. The last IRLS pass's deviance and boundary flag ride along.
 */
export class PatternSums {
  readonly w: Float64Array;
  readonly wz: Float64Array;
  readonly wx: Float64Array;
  readonly xwx: Float64Array;
  readonly xwz: Float64Array;
  /** Linear predictor of each pattern's discrete part, and the continuous coefficients (scratch). */
  readonly patternEta: Float64Array;
  readonly continuousBeta: Float64Array;
  /**
   * Assembly scratch, per discrete slot a (and pair a ≥ b): Σw over the patterns where a is at its second value
   * (`bitW`), where a and b both are (`pairW`, packed), and the same for Σwz (`bitWz`) and Σw·x (`bitWx`).
   */
  readonly bitW: Float64Array;
  readonly bitWz: Float64Array;
  readonly bitWx: Float64Array;
  readonly pairW: Float64Array;
  /** Σ over all patterns of w·x per continuous column. */
  readonly totalWx: Float64Array;
  deviance = 0;
  boundaryHit = false;

  /** Sums sized for `design`. */
  constructor({ patterns, discrete, continuous }: Design) {
    const c = continuous.length;
    const d = discrete.length;
    this.w = new Float64Array(patterns);
    this.wz = new Float64Array(patterns);
    this.wx = new Float64Array(patterns * c);
    this.xwx = new Float64Array((c * (c + 1)) / 2);
    this.xwz = new Float64Array(c);
    this.patternEta = new Float64Array(patterns);
    this.continuousBeta = new Float64Array(c);
    this.bitW = new Float64Array(d);
    this.bitWz = new Float64Array(d);
    this.bitWx = new Float64Array(d * c);
    this.pairW = new Float64Array((d * (d + 1)) / 2);
    this.totalWx = new Float64Array(c);
  }

  /** Zeroes the sums before the next pass. */
  reset(): void {
    this.w.fill(0);
    this.wz.fill(0);
    this.wx.fill(0);
    this.xwx.fill(0);
    this.xwz.fill(0);
  }
}

/**
 * One pass over the rows. With `beta`, eta = X beta and mu = logit⁻¹(eta), with R's clamping of exp(eta) to
 * [eps, 1/eps]; without it, glm.fit's start mu = (y + 0.5) / 2. Records the deviance and whether a fitted
 * probability is numerically 0 or 1, and accumulates into `sums` the next step's normal equations, with R's
 * working weights W = mu.eta² / (mu (1 - mu)) and working response z = eta + (y - mu) / mu.eta.
 */
export function irlsPass(design: Design, beta: Float64Array | undefined, sums: PatternSums): void {
  const { n, y, pattern, patterns, patternValues, discrete, continuous, cont } = design;
  const c = continuous.length;
  const dd = discrete.length;
  sums.reset();
  const { w: sw, wz: swz, wx: swx, xwx, xwz, patternEta, continuousBeta } = sums;
  if (beta) {
    for (let g = 0; g < patterns; g++) {
      let e = 0;
      const offset = g * dd;
      for (let t = 0; t < dd; t++) e += beta[discrete[t]!]! * patternValues[offset + t]!;
      patternEta[g] = e;
    }
    for (let a = 0; a < c; a++) continuousBeta[a] = beta[continuous[a]!]!;
  }
  let deviance = 0;
  let boundaryHit = false;
  for (let i = 0; i < n; i++) {
    const g = pattern[i]!;
    const yi = y[i]!;
    const row = i * c;
    let e: number;
    let m: number;
    if (beta) {
      e = patternEta[g]!;
      for (let a = 0; a < c; a++) e += continuousBeta[a]! * cont[row + a]!;
      const t = e < -ETA_THRESHOLD ? Number.EPSILON : e > ETA_THRESHOLD ? 1 / Number.EPSILON : Math.exp(e);
      m = t / (1 + t);
    } else {
      // mu = (y + 0.5) / 2 is 3/4 or 1/4, so eta is ±log 3 (as Math.log(mu / (1 - mu))).
      m = (yi + 0.5) / 2;
      e = yi === 1 ? START_ETA_EVENT : START_ETA_NON_EVENT;
    }
    deviance -= 2 * Math.log(yi === 1 ? m : 1 - m);
    if (m > 1 - BOUNDARY || m < BOUNDARY) boundaryHit = true;
    let w: number;
    let wz: number;
    if (e > ETA_THRESHOLD || e < -ETA_THRESHOLD) {
      const dmu = Number.EPSILON;
      w = (dmu * dmu) / (m * (1 - m));
      wz = w * (e + (yi - m) / dmu);
    } else {
      // Inside the clamp mu.eta = e^η / (1 + e^η)² = mu (1 - mu), so W = mu.eta² / (mu (1 - mu)) = mu (1 - mu)
      // and Wz = W η + (y - mu): the same values as R's, without an exp() and two divisions per row.
      w = m * (1 - m);
      wz = w * e + (yi - m);
    }
    sw[g]! += w;
    swz[g]! += wz;
    const gc = g * c;
    for (let a = 0; a < c; a++) {
      const xa = cont[row + a]!;
      const wxa = w * xa;
      swx[gc + a]! += wxa;
      xwz[a]! += wz * xa;
      const base = (a * (a + 1)) >> 1;
      for (let b = 0; b <= a; b++) xwx[base + b]! += wxa * cont[row + b]!;
    }
  }
  sums.deviance = deviance;
  sums.boundaryHit = boundaryHit;
}

/**
 * X'WX (lower triangle, p × p row-major) and X'Wz from the sums of a pass. A discrete column's centred value is
 * low + step · u, u = 1 at its second value, so with W = Σw, Aₐ = Σw over the patterns with uₐ = 1 and
 * Bₐᵦ = Σw over the patterns with uₐ = uᵦ = 1, the discrete block is
 * lowₐ lowᵦ W + lowₐ stepᵦ Aᵦ + stepₐ lowᵦ Aₐ + stepₐ stepᵦ Bₐᵦ (and alike for X'Wz and the discrete ×
 * continuous block): each pattern costs only its set bits, not all pairs of discrete columns.
 */
export function assemble(design: Design, sums: PatternSums, xtwx: Float64Array, rhs: Float64Array): void {
  const { p, patterns, patternBitStart, patternBits, discrete, continuous, low, step } = design;
  const c = continuous.length;
  const d = discrete.length;
  const { w, wz, wx, xwx, xwz, bitW, bitWz, bitWx, pairW, totalWx } = sums;
  bitW.fill(0);
  bitWz.fill(0);
  bitWx.fill(0);
  pairW.fill(0);
  totalWx.fill(0);
  let totalW = 0;
  let totalWz = 0;
  for (let g = 0; g < patterns; g++) {
    const wg = w[g]!;
    const zg = wz[g]!;
    const gc = g * c;
    totalW += wg;
    totalWz += zg;
    for (let b = 0; b < c; b++) totalWx[b]! += wx[gc + b]!;
    const start = patternBitStart[g]!;
    const end = patternBitStart[g + 1]!;
    for (let s = start; s < end; s++) {
      const a = patternBits[s]!;
      bitW[a]! += wg;
      bitWz[a]! += zg;
      const ac = a * c;
      for (let b = 0; b < c; b++) bitWx[ac + b]! += wx[gc + b]!;
      const base = (a * (a + 1)) >> 1;
      for (let r = start; r <= s; r++) pairW[base + patternBits[r]!]! += wg;
    }
  }
  xtwx.fill(0);
  for (let a = 0; a < d; a++) {
    const ja = discrete[a]!;
    const la = low[a]!;
    const sa = step[a]!;
    rhs[ja] = la * totalWz + sa * bitWz[a]!;
    const base = (a * (a + 1)) >> 1;
    for (let b = 0; b <= a; b++) {
      const lb = low[b]!;
      const sb = step[b]!;
      xtwx[ja * p + discrete[b]!] =
        la * lb * totalW + la * sb * bitW[b]! + sa * lb * bitW[a]! + sa * sb * pairW[base + b]!;
    }
    for (let b = 0; b < c; b++) {
      const jb = continuous[b]!;
      xtwx[ja > jb ? ja * p + jb : jb * p + ja] = la * totalWx[b]! + sa * bitWx[a * c + b]!;
    }
  }
  for (let a = 0; a < c; a++) {
    const ja = continuous[a]!;
    rhs[ja] = xwz[a]!;
    const base = (a * (a + 1)) >> 1;
    for (let b = 0; b <= a; b++) xtwx[ja * p + continuous[b]!] = xwx[base + b]!;
  }
}
