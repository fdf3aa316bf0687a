/**
 * Likelihood-ratio test between nested logistic models (Wilks 1938), as R's `anova(reduced, full, test = "Chisq")`.
 * The report uses it for the subgroup interaction p-values of Fig. 4: the model with exposure × subgroup against
 * the same model without the interaction term.
 */
import { pchisq } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import type { LogisticRegressionResult } from './logistic-regression.js';

/** Result of {@link likelihoodRatioTest}, as R's row 2 of `anova(reduced, full, test = "Chisq")`. */
export interface LikelihoodRatioResult {
  /** Deviance(reduced) - deviance(full) (R's "Deviance" column). */
  statistic: number;
  /** Number of coefficients `full` has beyond `reduced` (R's "Df"). */
  df: number;
  /** Upper-tail chi-square probability of the statistic (R's "Pr(>Chi)"). */
  pValue: number;
}

/**
 * Likelihood-ratio chi-square test of the coefficients `full` has beyond `reduced`: G² = D_reduced - D_full,
 * referred to χ² with the difference in coefficient counts, as R's `anova(reduced, full, test = "Chisq")`.
 * @throws {InvalidArgumentError} when the models were fitted to different numbers of rows, a coefficient of
 * `reduced` is not in `full` (not nested), or `full` has no extra coefficient.
 * @example
 * const reduced = logisticRegression(X.map((r) => r.slice(0, 2)), y, { names: ['iabp', 'age65'] });
 * const full = logisticRegression(X, y, { names: ['iabp', 'age65', 'iabp_x_age65'] });
 * likelihoodRatioTest(reduced, full); // { statistic, df: 1, pValue }
 */
export function likelihoodRatioTest(
  reduced: LogisticRegressionResult,
  full: LogisticRegressionResult,
): LikelihoodRatioResult {
  if (reduced.nObs !== full.nObs) {
    throw new InvalidArgumentError(
      `the models were fitted to ${reduced.nObs} and ${full.nObs} rows; a likelihood-ratio test needs the same rows`,
    );
  }
  const fullNames = new Set(full.coefficients.map((c) => c.name));
  const missing = reduced.coefficients.find((c) => !fullNames.has(c.name));
  if (missing) {
    throw new InvalidArgumentError(
      `term ${missing.name} of the reduced model is not in the full model; not nested`,
    );
  }
  const df = full.coefficients.length - reduced.coefficients.length;
  if (df < 1)
    throw new InvalidArgumentError('the full model has no coefficient beyond those of the reduced model');
  // As R, a (rounding-level) negative difference is reported as is; its upper-tail probability is 1.
  const statistic = reduced.deviance - full.deviance;
  return { statistic, df, pValue: pchisq(statistic, df, false) };
}
