/**
 * Logistic regression by iteratively reweighted least squares (McCullagh & Nelder 1989, §4.4), step for step as
 * R's `glm(y ~ x, family = binomial)` (`glm.fit`): the same start (mu = (y + 0.5) / 2), the same clamped logit
 * link, the same stopping rule |dev - dev_old| / (|dev| + 0.1) < 1e-8 with at most 25 iterations, and standard
 * errors from the weights of the last iteration, as `summary.glm`. Wald intervals are `confint.default`'s.
 *
 * This is the report's hot path (dozens of models × 5 imputations, and a 200,000-row benchmark), so the design
 * is stored compressed (logistic-design.ts), each IRLS iteration is one pass over the rows that accumulates
 * per-pattern sums (logistic-irls.ts), the normal equations are solved by Cholesky, and the checks for
 * collinearity and separation live in logistic-diagnostics.ts.
 */
import { pnorm, qnorm } from './distributions.js';
import { ConvergenceError, InvalidArgumentError, SeparationError } from './errors.js';
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace } from './linear-algebra.js';
import { buildDesign, type DesignMatrix } from './logistic-design.js';
import {
  DIVERGING_SE,
  RANK_TOLERANCE,
  requireEventsInEveryLevel,
  requireFullRank,
} from './logistic-diagnostics.js';
import { assemble, irlsPass, PatternSums } from './logistic-irls.js';

export type { DesignMatrix } from './logistic-design.js';

/** Options of {@link logisticRegression}. Defaults are R's (`glm.control()`, `confint.default`). */
export interface LogisticRegressionOptions {
  /** One name per column of X. Default `x1`, `x2`, …. The intercept is always named `(Intercept)`. */
  names?: readonly string[];
  /** IRLS iteration limit (R's `maxit`). Default 25. */
  maxIterations?: number;
  /** Relative deviance change that ends IRLS (R's `epsilon`). Default 1e-8. */
  epsilon?: number;
  /** Level of the Wald intervals. Default 0.95. */
  confidenceLevel?: number;
}

/** One row of R's `summary(fit)$coefficients`, with the odds ratio and its Wald interval. */
export interface LogisticCoefficient {
  name: string;
  /** Log odds ratio (R's "Estimate"). */
  estimate: number;
  /** R's "Std. Error": sqrt of the diagonal of (X'WX)⁻¹. */
  stdError: number;
  /** Wald z = estimate / stdError. */
  z: number;
  /** Two-sided Wald p-value, 2 Φ(-|z|). */
  pValue: number;
  /** exp(estimate). */
  oddsRatio: number;
  /** Lower Wald bound on the odds-ratio scale: exp(confint.default(fit)[, 1]). */
  ciLower: number;
  /** Upper Wald bound on the odds-ratio scale: exp(confint.default(fit)[, 2]). */
  ciUpper: number;
}

/** Result of {@link logisticRegression}. */
export interface LogisticRegressionResult {
  /** `(Intercept)` first, then the columns of X in order. */
  coefficients: LogisticCoefficient[];
  /** Residual deviance (R's `fit$deviance`), -2 log-likelihood for 0/1 outcomes. */
  deviance: number;
  /** Deviance of the intercept-only model (R's `fit$null.deviance`). */
  nullDeviance: number;
  /** R's `AIC(fit)`: deviance + 2 × number of coefficients for 0/1 outcomes. */
  aic: number;
  /** IRLS iterations used (R's `fit$iter`). */
  iterations: number;
  /** Always true in a returned result: a fit that does not converge throws `ConvergenceError`. */
  converged: boolean;
  /** Rows used. */
  nObs: number;
}
/**
 * Fits P(y = 1) = logit⁻¹(β₀ + Xβ) by maximum likelihood with IRLS, reproducing R's
 * `glm(y ~ ., family = binomial)`, `summary(fit)$coefficients`, `confint.default(fit)`, `fit$deviance`,
 * `fit$null.deviance`, `AIC(fit)` and `fit$iter`.
 * @param X covariates without the intercept column: one row per observation, row-major `{ rows, cols, data }`, or
 * `{ columns, subset? }` (see {@link DesignMatrix}).
 * @param y the outcome, 0 or 1 per row of X.
 * @throws {LengthMismatchError} when X and y (or names) disagree in length. @throws {NonFiniteValueError} naming
 * the row and column of a NaN or ±Infinity. @throws {InvalidArgumentError} when y is not 0/1.
 * @throws {EmptyGroupError} when there are no rows, or no more rows than coefficients.
 * @throws {CollinearityError} naming a covariate that is constant or a linear combination of the ones before it
 * (where R reports NA). @throws {SeparationError} naming the covariates involved when the outcome is (quasi-)
 * completely separated: a level of a two-valued covariate without events or without non-events, or fitted
 * probabilities numerically 0 or 1 (R's warning). @throws {ConvergenceError} when IRLS has not
 * converged after `maxIterations` (R: "algorithm did not converge").
 * @example
 * const fit = logisticRegression([[1], [2], [3], [4], [5], [6]], [0, 1, 0, 0, 1, 1], { names: ['dose'] });
 * fit.coefficients[1]; // { name: 'dose', estimate: 0.6690…, stdError: 0.7302…, … } as glm(y ~ dose, binomial)
 */
export function logisticRegression(
  X: DesignMatrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionResult {
  const maxIterations = options.maxIterations ?? 25;
  const epsilon = options.epsilon ?? 1e-8;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (!(maxIterations >= 1) || !(epsilon > 0) || !(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new InvalidArgumentError(
      `invalid options: maxIterations ${maxIterations}, epsilon ${epsilon}, confidenceLevel ${confidenceLevel}`,
    );
  }
  const design = buildDesign(X, y, options.names);
  const { n, p, names, means } = design;
  const outcome = design.y;

  const eventCount = countEvents(outcome);
  if (eventCount === 0 || eventCount === n) {
    throw new SeparationError(
      `the outcome is ${eventCount === 0 ? 0 : 1} in all ${n} rows, so there is nothing to model (the intercept ` +
        'diverges); check the outcome definition or the subgroup',
    );
  }
  // glm.fit's start for the binomial family, mu = (y + 0.5) / 2: its deviance, and the first step's X'WX and X'Wz.
  // Its weights are all 3/16 (mu is 1/4 or 3/4), so that X'WX is X'X times 3/16: it serves the rank check too.
  const sums = new PatternSums(design);
  irlsPass(design, undefined, sums);
  const xtwx = new Float64Array(p * p);
  const beta = new Float64Array(p);
  assemble(design, sums, xtwx, beta); // beta holds X'Wz
  requireFullRank(design, xtwx);
  requireEventsInEveryLevel(design);

  let devOld = sums.deviance;
  let dev = devOld;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    if (iterations > 1) assemble(design, sums, xtwx, beta); // beta holds X'Wz
    const factor = choleskyInPlace(xtwx, p, RANK_TOLERANCE);
    if (!factor.ok) {
      // The columns were checked to be of full rank, so only collapsing weights can do this: separation.
      throw new SeparationError(
        `the IRLS weights collapsed at iteration ${iterations} (covariate ${names[factor.column]} lost all ` +
          'information): the outcome is separated; merge sparse categories or drop the covariate',
      );
    }
    choleskySolveInPlace(xtwx, p, beta); // beta now holds the new coefficients
    // New eta, mu and deviance, and the sums of the next step (unused after the last iteration).
    irlsPass(design, beta, sums);
    dev = sums.deviance;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
  }

  // Covariance (X'WX)⁻¹ of the centred design, with the weights of the last iteration (as summary.glm).
  const covariance = choleskyInverse(xtwx, p);
  const { coefficients: rawCoefficients, variances } = uncentre(beta, covariance, means, p);

  // R's warning "fitted probabilities numerically 0 or 1 occurred": with 0/1 outcomes it means separation.
  if (sums.boundaryHit) {
    // The separating covariates are the ones whose estimates diverge: a huge SE per SD of the covariate.
    const diverging = names.filter(
      (_, j) => j > 0 && Math.sqrt(variances[j]!) * design.sds[j]! > DIVERGING_SE,
    );
    const involved = diverging.length > 0 ? diverging.join(', ') : 'a combination of the covariates';
    throw new SeparationError(
      `the outcome is (quasi-)completely separated by ${involved}: fitted probabilities numerically 0 or 1 ` +
        'occurred and the estimates diverge (no maximum-likelihood estimate exists); merge sparse categories or ' +
        'drop the covariate',
    );
  }
  if (!converged) {
    throw new ConvergenceError(
      `logistic regression did not converge in ${maxIterations} IRLS iterations (last relative deviance change ` +
        `${Math.abs(dev - devOld) / (Math.abs(dev) + 0.1)})`,
    );
  }

  const coefficients = waldCoefficients(names, rawCoefficients, variances, confidenceLevel);
  return {
    coefficients,
    deviance: dev,
    nullDeviance: nullDeviance(outcome, eventCount / n),
    aic: dev + 2 * p,
    iterations,
    converged,
    nObs: n,
  };
}
function countEvents(y: Float64Array): number {
  let events = 0;
  for (let i = 0; i < y.length; i++) events += y[i]!;
  return events;
}

/** Deviance of the intercept-only model, mu = share of events (R's `fit$null.deviance` for 0/1 outcomes). */
function nullDeviance(y: Float64Array, share: number): number {
  let sum = 0;
  const logEvent = Math.log(share);
  const logNonEvent = Math.log(1 - share);
  for (let i = 0; i < y.length; i++) sum -= 2 * (y[i] === 1 ? logEvent : logNonEvent);
  return sum;
}

/**
 * The coefficient table R's `summary(glm)` and `confint.default` give: each estimate with its standard error (the
 * square root of its variance), Wald z and two-sided p, odds ratio and Wald confidence interval on the odds scale.
 * Shared by the maximum-likelihood and the Firth fits.
 * @example waldCoefficients(['x'], [Math.log(2)], [0.01], 0.95)[0].oddsRatio // 2
 */
export function waldCoefficients(
  names: readonly string[],
  estimates: ArrayLike<number>,
  variances: ArrayLike<number>,
  confidenceLevel: number,
): LogisticCoefficient[] {
  const zCritical = qnorm(1 - (1 - confidenceLevel) / 2);
  return names.map((name, j): LogisticCoefficient => {
    const estimate = estimates[j]!;
    const stdError = Math.sqrt(variances[j]!);
    const z = estimate / stdError;
    return {
      name,
      estimate,
      stdError,
      z,
      pValue: 2 * pnorm(-Math.abs(z)),
      oddsRatio: Math.exp(estimate),
      ciLower: Math.exp(estimate - zCritical * stdError),
      ciUpper: Math.exp(estimate + zCritical * stdError),
    };
  });
}

/**
 * Maps the centred fit back to the original covariates: β₀ = β₀ᶜ - Σ βⱼ mⱼ, and Var(β₀) = T V Tᵀ for
 * T = [1, -m'], i.e. V₀₀ - 2 Σ mⱼ V₀ⱼ + Σ mⱼ mₖ Vⱼₖ. The slopes and their variances are unchanged.
 * Shared with firth-logistic.ts, which fits on the same centred design.
 * @example
 * uncentre(Float64Array.of(1, 2), Float64Array.of(1, 0, 0, 1), Float64Array.of(0, 3), 2);
 * // { coefficients: [-5, 2], variances: [10, 1] }
 */
export function uncentre(
  beta: Float64Array,
  covariance: Float64Array,
  means: Float64Array,
  p: number,
): { coefficients: Float64Array; variances: Float64Array } {
  const coefficients = Float64Array.from(beta);
  const variances = new Float64Array(p);
  let intercept = beta[0]!;
  let v00 = covariance[0]!;
  for (let j = 1; j < p; j++) {
    intercept -= beta[j]! * means[j]!;
    v00 -= 2 * means[j]! * covariance[j]!;
    for (let k = 1; k < p; k++) v00 += means[j]! * means[k]! * covariance[j * p + k]!;
    variances[j] = covariance[j * p + j]!;
  }
  coefficients[0] = intercept;
  variances[0] = v00;
  return { coefficients, variances };
}
