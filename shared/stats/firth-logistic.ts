/**
 * Firth's penalised (bias-reduced) logistic regression (Firth 1993; Heinze & Schemper 2002), reproducing R's
 * `glm(y ~ x, family = binomial, method = brglm2::brglmFit, type = "AS_mean")`, which for the logit link solves
 * the same equations as `logistf::logistf`. The penalty ½ log|X'WX| (Jeffreys prior) keeps every estimate finite,
 * so a covariate that separates the outcome (a level without events) no longer makes the fit diverge.
 *
 * The fit reuses the compressed design of logistic-design.ts and the IRLS pass of logistic-irls.ts for X'WX and
 * X'Wz; what Firth adds is the hat-matrix diagonal h of W^½X(X'WX)⁻¹X'W^½ and the modified score
 * U*(β) = X'(y − μ + h(½ − μ)). Each iteration takes the scoring step (X'WX)⁻¹U*, halved while the penalised
 * log-likelihood l(β) + ½ log|X'WX| falls; where it stays level within rounding, halved while that makes the next
 * step smaller (so a step that overshoots to the mirror point of the root is cut back to the root).
 */
import { ConvergenceError, InvalidArgumentError } from './errors.js';
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace } from './linear-algebra.js';
import { buildDesign, type Design, type DesignMatrix } from './logistic-design.js';
import { RANK_TOLERANCE, requireFullRank } from './logistic-diagnostics.js';
import { assemble, ETA_THRESHOLD, irlsPass, PatternSums } from './logistic-irls.js';
import { uncentre, waldCoefficients, type LogisticCoefficient } from './logistic-regression.js';

/** Options of {@link firthLogisticRegression}. */
export interface FirthLogisticOptions {
  /** One name per column of X. Default `x1`, `x2`, …. The intercept is always named `(Intercept)`. */
  names?: readonly string[];
  /** Iteration limit. Default 100 (brglm2's `maxit`). */
  maxIterations?: number;
  /**
   * The fit has converged when Σ|step| falls below this (brglm2's rule). Default 1e-10, tighter than brglm2's
   * 1e-6, so that the result is the root of the modified score equations, not a point within 1e-6 of it.
   */
  epsilon?: number;
  /** Step halvings allowed per iteration. Default 25. */
  maxStepHalvings?: number;
  /** Level of the Wald intervals. Default 0.95. */
  confidenceLevel?: number;
}

/** Result of {@link firthLogisticRegression}. */
export interface FirthLogisticResult {
  /**
   * `(Intercept)` first, then the columns of X in order: R's `summary(fit)$coefficients` (standard errors from the
   * inverse Fisher information (X'WX)⁻¹ at the estimate), the odds ratio and `exp(confint.default(fit))`.
   */
  coefficients: LogisticCoefficient[];
  /** −2 log-likelihood at the estimate, without the penalty (R's `fit$deviance`). */
  deviance: number;
  /** l(β) + ½ log|X'WX| at the estimate, the quantity Firth's estimate maximises (logistf's `loglik`). */
  penalisedLogLikelihood: number;
  /** Scoring iterations used. */
  iterations: number;
  /** Always true in a returned result: a fit that does not converge throws `ConvergenceError`. */
  converged: boolean;
  /** Rows used. */
  nObs: number;
}

/**
 * Fits P(y = 1) = logit⁻¹(β₀ + Xβ) by Firth's penalised likelihood, reproducing R's
 * `glm(y ~ ., family = binomial, method = brglm2::brglmFit, type = "AS_mean")`: `coef(fit)`,
 * `summary(fit)$coefficients`, `exp(confint.default(fit))` and `fit$deviance` (the same estimates as
 * `logistf(y ~ ., pl = FALSE)`; its Wald intervals, not its profile-likelihood ones). Unlike
 * {@link logisticRegression}, a covariate level with no events (or only events) gives a finite estimate.
 * @param X covariates without the intercept column (see {@link DesignMatrix}).
 * @param y the outcome, 0 or 1 per row of X.
 * @throws {LengthMismatchError} when X and y (or names) disagree in length. @throws {NonFiniteValueError} naming
 * the row and column of a NaN or ±Infinity. @throws {InvalidArgumentError} when y is not 0/1 or an option is out
 * of range. @throws {EmptyGroupError} when there are no more rows than coefficients.
 * @throws {CollinearityError} naming a covariate that is constant or a linear combination of the ones before it.
 * @throws {ConvergenceError} when the modified score equations are not solved within `maxIterations`.
 * @example
 * // x = 1 has only events: glm() diverges, Firth's estimate is finite.
 * const fit = firthLogisticRegression([[0], [0], [0], [0], [1], [1]], [0, 1, 0, 1, 1, 1], { names: ['x'] });
 * fit.coefficients[1]; // { name: 'x', estimate: 1.6094…, stdError: 2.1447…, … }: log 5, as brglmFit
 */
export function firthLogisticRegression(
  X: DesignMatrix,
  y: ArrayLike<number>,
  options: FirthLogisticOptions = {},
): FirthLogisticResult {
  const maxIterations = options.maxIterations ?? 100;
  const epsilon = options.epsilon ?? 1e-10;
  const maxStepHalvings = options.maxStepHalvings ?? 25;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (
    !(maxIterations >= 1) ||
    !(epsilon > 0) ||
    !(maxStepHalvings >= 0) ||
    !(confidenceLevel > 0 && confidenceLevel < 1)
  ) {
    throw new InvalidArgumentError(
      `invalid options: maxIterations ${maxIterations}, epsilon ${epsilon}, maxStepHalvings ` +
        `${maxStepHalvings}, confidenceLevel ${confidenceLevel}`,
    );
  }
  const design = buildDesign(X, y, options.names);
  const { n, p, names, means } = design;
  const sums = new PatternSums(design);
  const xtwx = new Float64Array(p * p);
  const rhs = new Float64Array(p);
  // glm.fit's start has constant weights, so its X'WX is X'X up to scale: the rank check needs no more.
  irlsPass(design, undefined, sums);
  assemble(design, sums, xtwx, rhs);
  requireFullRank(design, xtwx);

  const work = new FirthWork(design);
  let beta: Float64Array = new Float64Array(p); // β = 0 (μ = ½), brglm2's start in the fixtures
  let state = work.evaluate(beta, sums, xtwx, rhs);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    // The full scoring step from β; it also tests convergence at β, where the covariance is taken.
    const step = state.step;
    if (stepSize(step) < epsilon) {
      converged = true;
      break;
    }
    let factor = 1;
    let halvings = 0;
    for (;;) {
      const trial = advance(beta, step, factor);
      const next = work.evaluate(trial, sums, xtwx, rhs);
      // Rounding in l + ½ log|X'WX| (whose terms are of the order of the deviance) hides a smaller change.
      const slack = 1e-12 * (1 + Math.abs(state.penalised));
      const rise = next.penalised - state.penalised;
      if (rise > slack || halvings >= maxStepHalvings) {
        beta = trial;
        state = next;
        break;
      }
      if (rise >= -slack) {
        // The penalised likelihood cannot rank β and the trial: near the root, or when the step overshoots to the
        // mirror point of the root. The latter happens where a row has leverage h ≈ 1 (a covariate level with a
        // single run): in that direction the modified score's slope is (1 + h) times the Fisher information, so
        // the scoring step is twice too long and β would jump between two points of equal penalised likelihood
        // forever. The size of the next step ranks them instead: keep halving while it shrinks (brglm2 halves
        // when it grows), and take the smallest.
        let best = { factor, beta: trial, state: next, size: stepSize(next.step) };
        while (halvings < maxStepHalvings) {
          const half = best.factor / 2;
          const shorter = advance(beta, step, half);
          const candidate = work.evaluate(shorter, sums, xtwx, rhs);
          const size = stepSize(candidate.step);
          if (!(candidate.penalised >= state.penalised - slack && size < best.size)) break;
          best = { factor: half, beta: shorter, state: candidate, size };
          halvings++;
        }
        beta = best.beta;
        state = best.state;
        break;
      }
      factor /= 2;
      halvings++;
    }
  }
  if (!converged) {
    const size = stepSize(state.step);
    throw new ConvergenceError(
      `Firth logistic regression did not converge in ${maxIterations} iterations (last step Σ|Δβ| = ${size}, ` +
        `tolerance ${epsilon}); check the covariates for extreme values or raise maxIterations`,
    );
  }

  const { coefficients: rawCoefficients, variances } = uncentre(beta, state.covariance, means, p);
  const coefficients = waldCoefficients(names, rawCoefficients, variances, confidenceLevel);
  return {
    coefficients,
    deviance: state.deviance,
    penalisedLogLikelihood: state.penalised,
    iterations,
    converged,
    nObs: n,
  };
}

/** Σ|Δβ|, brglm2's measure of a step. */
function stepSize(step: Float64Array): number {
  let size = 0;
  for (const s of step) size += Math.abs(s);
  return size;
}

/** β + factor · step, as a new array. */
function advance(beta: Float64Array, step: Float64Array, factor: number): Float64Array {
  const trial = new Float64Array(beta.length);
  for (let j = 0; j < beta.length; j++) trial[j] = beta[j]! + factor * step[j]!;
  return trial;
}

/** What one evaluation at β gives: the deviance, the penalised log-likelihood, (X'WX)⁻¹ and the scoring step. */
interface FirthState {
  deviance: number;
  penalised: number;
  covariance: Float64Array;
  step: Float64Array;
}

/** Scratch of the Firth iterations, sized once for the design. */
class FirthWork {
  private readonly patternEta: Float64Array;
  /** Per pattern: d'V_dd d, V_cd d (continuous × 1) and Σ h(½ − μ) over its rows. */
  private readonly patternQuad: Float64Array;
  private readonly patternCross: Float64Array;
  private readonly patternAdjust: Float64Array;
  private readonly continuousAdjust: Float64Array;

  constructor(private readonly design: Design) {
    const c = design.continuous.length;
    this.patternEta = new Float64Array(design.patterns);
    this.patternQuad = new Float64Array(design.patterns);
    this.patternCross = new Float64Array(design.patterns * c);
    this.patternAdjust = new Float64Array(design.patterns);
    this.continuousAdjust = new Float64Array(c);
  }

  /**
   * Evaluates the fit at β (centred design): X'WX and X'Wz from an IRLS pass, their Cholesky factor (for
   * log|X'WX| and the inverse), the hat values, and the scoring step (X'WX)⁻¹U* = (X'WX)⁻¹(X'Wz + X'h(½ − μ)) − β.
   */
  evaluate(beta: Float64Array, sums: PatternSums, xtwx: Float64Array, rhs: Float64Array): FirthState {
    const { p, names } = this.design;
    irlsPass(this.design, beta, sums);
    assemble(this.design, sums, xtwx, rhs); // rhs = X'Wz = X'Wη + X'(y − μ)
    const factor = choleskyInPlace(xtwx, p, RANK_TOLERANCE);
    if (!factor.ok) {
      throw new ConvergenceError(
        `Firth logistic regression lost the information on covariate ${names[factor.column]} (its weights ` +
          'collapsed): the fitted probabilities reached 0 or 1; check the covariates for extreme values',
      );
    }
    let logDet = 0;
    for (let j = 0; j < p; j++) logDet += 2 * Math.log(xtwx[j * p + j]!);
    const covariance = choleskyInverse(xtwx, p);
    this.addAdjustment(beta, covariance, rhs);
    choleskySolveInPlace(xtwx, p, rhs);
    const step = new Float64Array(p);
    for (let j = 0; j < p; j++) step[j] = rhs[j]! - beta[j]!;
    return { deviance: sums.deviance, penalised: -sums.deviance / 2 + logDet / 2, covariance, step };
  }

  /**
   * Adds X'h(½ − μ) to `rhs`, with hᵢ = wᵢ xᵢ'Vxᵢ, V = (X'WX)⁻¹. The quadratic form splits into the pattern part
   * d'V_dd d (once per pattern), the cross term 2 c'V_cd d and the continuous part c'V_cc c (per row).
   */
  private addAdjustment(beta: Float64Array, v: Float64Array, rhs: Float64Array): void {
    const { n, p, pattern, patterns, patternValues, discrete, continuous, cont } = this.design;
    const c = continuous.length;
    const dd = discrete.length;
    const { patternEta, patternQuad, patternCross, patternAdjust, continuousAdjust } = this;
    for (let g = 0; g < patterns; g++) {
      const offset = g * dd;
      let eta = 0;
      let quad = 0;
      for (let s = 0; s < dd; s++) {
        const js = discrete[s]!;
        const xs = patternValues[offset + s]!;
        eta += beta[js]! * xs;
        for (let t = 0; t < dd; t++) quad += xs * v[js * p + discrete[t]!]! * patternValues[offset + t]!;
      }
      patternEta[g] = eta;
      patternQuad[g] = quad;
      for (let a = 0; a < c; a++) {
        const ja = continuous[a]!;
        let cross = 0;
        for (let t = 0; t < dd; t++) cross += v[ja * p + discrete[t]!]! * patternValues[offset + t]!;
        patternCross[g * c + a] = cross;
      }
    }
    patternAdjust.fill(0);
    continuousAdjust.fill(0);
    for (let i = 0; i < n; i++) {
      const g = pattern[i]!;
      const row = i * c;
      let eta = patternEta[g]!;
      let quad = patternQuad[g]!;
      for (let a = 0; a < c; a++) {
        const xa = cont[row + a]!;
        eta += beta[continuous[a]!]! * xa;
        quad += 2 * xa * patternCross[g * c + a]!;
        const ja = continuous[a]!;
        for (let b = 0; b < c; b++) quad += xa * v[ja * p + continuous[b]!]! * cont[row + b]!;
      }
      // The same clamped inverse link as the IRLS pass, so μ here and there agree.
      const t =
        eta < -ETA_THRESHOLD ? Number.EPSILON : eta > ETA_THRESHOLD ? 1 / Number.EPSILON : Math.exp(eta);
      const mu = t / (1 + t);
      const h = mu * (1 - mu) * quad;
      const adjust = h * (0.5 - mu);
      patternAdjust[g]! += adjust;
      for (let a = 0; a < c; a++) continuousAdjust[a]! += adjust * cont[row + a]!;
    }
    for (let g = 0; g < patterns; g++) {
      const offset = g * dd;
      const adjust = patternAdjust[g]!;
      for (let s = 0; s < dd; s++) rhs[discrete[s]!]! += adjust * patternValues[offset + s]!;
    }
    for (let a = 0; a < c; a++) rhs[continuous[a]!]! += continuousAdjust[a]!;
  }
}
