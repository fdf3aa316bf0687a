/**
 * A logistic model that may not be estimable on this quarter's data (separation, collinearity, an empty group,
 * no convergence). The report shows such a model as "not estimable: reason" instead of failing.
 */
import {
  CollinearityError,
  ConvergenceError,
  logisticRegression,
  SeparationError,
  StatsError,
  type LogisticRegressionResult,
} from '../../stats/index.js';

export type LogisticFit = { ok: true; fit: LogisticRegressionResult } | { ok: false; reason: string };

/** Fits `glm(y ~ X, family = binomial)` (see stats/logistic-regression.ts); a StatsError becomes `{ ok: false }`. */
export function fitLogistic(
  X: readonly number[][],
  y: readonly number[],
  names: readonly string[],
): LogisticFit {
  if (y.length === 0) return { ok: false, reason: 'no runs with complete data' };
  try {
    return { ok: true, fit: logisticRegression(X, y, { names }) };
  } catch (error) {
    if (error instanceof StatsError) return { ok: false, reason: notEstimableReason(error) };
    throw error;
  }
}

/** A fit whose aliased covariates were dropped, with their names. */
export type AliasedFit =
  | { ok: true; fit: LogisticRegressionResult; kept: string[]; dropped: string[] }
  | { ok: false; reason: string };

/**
 * Fits the model and, as R's `glm` reports an aliased coefficient as NA, drops a covariate the engine finds
 * constant or collinear with the ones before it and refits; `protect` names columns that must not be dropped (the
 * exposure, interaction terms), whose aliasing makes the model not estimable instead.
 */
export function fitLogisticDroppingAliased(
  X: readonly number[][],
  y: readonly number[],
  names: readonly string[],
  protect: ReadonlySet<string>,
): AliasedFit {
  let columns = names.map((_, j) => j);
  const dropped: string[] = [];
  for (;;) {
    const design = X.map((row) => columns.map((j) => row[j]!));
    const kept = columns.map((j) => names[j]!);
    try {
      return { ok: true, fit: logisticRegression(design, y, { names: kept }), kept, dropped };
    } catch (error) {
      if (!(error instanceof StatsError)) throw error;
      if (
        error instanceof CollinearityError &&
        !protect.has(error.covariate) &&
        kept.includes(error.covariate)
      ) {
        dropped.push(error.covariate);
        columns = columns.filter((j) => names[j] !== error.covariate);
        continue;
      }
      return { ok: false, reason: notEstimableReason(error) };
    }
  }
}

/** A fixed wording per error kind: the engine's messages can quote row positions, which are not published. */
export function notEstimableReason(error: StatsError): string {
  if (error instanceof SeparationError) return 'not estimable: the outcome is perfectly separated';
  if (error instanceof CollinearityError) return `not estimable: ${error.covariate} is constant or collinear`;
  if (error instanceof ConvergenceError) return 'not estimable: the model did not converge';
  return `not estimable: ${error.name}`;
}

/** The fitted probability of each row of X, 1 / (1 + exp(-(b0 + X b))). */
export function predictProbabilities(fit: LogisticRegressionResult, X: readonly number[][]): number[] {
  const b = fit.coefficients.map((c) => c.estimate);
  return X.map((row) => {
    let eta = b[0]!;
    for (let j = 0; j < row.length; j++) eta += b[j + 1]! * row[j]!;
    return 1 / (1 + Math.exp(-eta));
  });
}
