/**
 * A logistic model that may not be estimable on this quarter's data (separation, collinearity, an empty group,
 * no convergence). The report shows such a model as "not estimable: reason" instead of failing.
 */
import {
  CollinearityError,
  ConvergenceError,
  EmptyGroupError,
  firthLogisticRegression,
  InvalidArgumentError,
  LengthMismatchError,
  logisticRegression,
  NoMatchesError,
  NonFiniteValueError,
  SeparationError,
  StatsError,
  type FirthLogisticResult,
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

/**
 * How a model is fitted: `glm` is maximum likelihood (R's `glm(family = binomial)`); `firth` is Firth's penalised
 * likelihood (R's `glm(method = brglm2::brglmFit, type = "AS_mean")`), finite when a covariate separates.
 */
export type FitMethod = 'glm' | 'firth';

/**
 * A fit whose aliased covariates were dropped, with their names; when not estimable, the reason in words and, when
 * maximum likelihood itself failed (the outcome separated, or the iterations did not converge, as when it nearly
 * is), which: Firth's method can still estimate such a model.
 */
export type AliasedFit =
  | ({ ok: true; kept: string[]; dropped: string[] } & (
      { method: 'glm'; fit: LogisticRegressionResult } | { method: 'firth'; fit: FirthLogisticResult }
    ))
  | { ok: false; reason: string; mlFailure?: 'separation' | 'no-convergence' };

/** A design in the engine's compact row-major form (no array per row). */
export interface RowMajorDesign {
  rows: number;
  cols: number;
  data: Float64Array;
}

/**
 * A design in the engine's column form: one array per covariate (all of one length), read at the row positions
 * `subset` (in that order) when given. Neither the columns nor a subgroup's rows are copied.
 */
export interface ColumnDesign {
  columns: readonly ArrayLike<number>[];
  subset?: ArrayLike<number>;
}

/** Covariates without the intercept: one array per row, row-major, or columns. */
export type DesignInput = readonly (readonly number[])[] | RowMajorDesign | ColumnDesign;

/**
 * Fits the model and, as R's `glm` reports an aliased coefficient as NA, drops a covariate the engine finds
 * constant or collinear with the ones before it and refits; `protect` names columns that must not be dropped (the
 * exposure, interaction terms), whose aliasing makes the model not estimable instead.
 * @param columns the columns of X (indices into `names`) to start from; default all.
 * @param method `glm` (maximum likelihood, the default) or `firth` (penalised likelihood).
 */
export function fitLogisticDroppingAliased(
  X: DesignInput,
  y: ArrayLike<number>,
  names: readonly string[],
  protect: ReadonlySet<string>,
  columns: readonly number[] = names.map((_, j) => j),
  method: FitMethod = 'glm',
): AliasedFit {
  let chosen = columns;
  const dropped: string[] = [];
  for (;;) {
    const kept = chosen.map((j) => names[j]!);
    const design = selectColumns(X, chosen);
    try {
      return method === 'firth'
        ? { ok: true, method, fit: firthLogisticRegression(design, y, { names: kept }), kept, dropped }
        : { ok: true, method, fit: logisticRegression(design, y, { names: kept }), kept, dropped };
    } catch (error) {
      if (!(error instanceof StatsError)) throw error;
      if (
        error instanceof CollinearityError &&
        !protect.has(error.covariate) &&
        kept.includes(error.covariate)
      ) {
        dropped.push(error.covariate);
        chosen = chosen.filter((j) => names[j] !== error.covariate);
        continue;
      }
      return {
        ok: false,
        reason: notEstimableReason(error),
        ...(error instanceof SeparationError
          ? { mlFailure: 'separation' as const }
          : error instanceof ConvergenceError
            ? { mlFailure: 'no-convergence' as const }
            : {}),
      };
    }
  }
}

/**
 * The chosen columns of X: a column design keeps its columns (only the list is filtered, nothing is copied); a
 * row-major X with every column is used as it is; otherwise the chosen columns are copied row-major.
 */
function selectColumns(X: DesignInput, columns: readonly number[]): RowMajorDesign | ColumnDesign {
  const cols = columns.length;
  if ('columns' in X) {
    const all = X.columns;
    return X.subset === undefined
      ? { columns: columns.map((j) => all[j]!) }
      : { columns: columns.map((j) => all[j]!), subset: X.subset };
  }
  if (!Array.isArray(X)) {
    const flat = X as RowMajorDesign;
    if (cols === flat.cols && columns.every((j, c) => j === c)) return flat;
    const data = new Float64Array(flat.rows * cols);
    for (let i = 0; i < flat.rows; i++) {
      const from = i * flat.cols;
      const to = i * cols;
      for (let c = 0; c < cols; c++) data[to + c] = flat.data[from + columns[c]!]!;
    }
    return { rows: flat.rows, cols, data };
  }
  const rows = X as readonly (readonly number[])[];
  const data = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const offset = i * cols;
    for (let c = 0; c < cols; c++) data[offset + c] = row[columns[c]!]!;
  }
  return { rows: rows.length, cols, data };
}

/**
 * A fixed sentence per error kind, for a page: the engine's messages can quote row positions, which are not
 * published, and an exception's name means nothing to a reader.
 */
export function notEstimableReason(error: StatsError): string {
  return `not estimable: ${plainReason(error)}`;
}

/** What went wrong, in words a clinician reads (no exception names). */
export function plainReason(error: StatsError): string {
  if (error instanceof SeparationError)
    return 'a covariate or level predicts the outcome perfectly (separation), so the odds ratio is infinite';
  if (error instanceof CollinearityError)
    return `${error.covariate} is constant or duplicates other covariates in these runs`;
  if (error instanceof ConvergenceError) return 'the model did not converge';
  if (error instanceof EmptyGroupError)
    return 'too few runs for this analysis (no more runs than the model has terms, or a group with none)';
  if (error instanceof NoMatchesError) return 'no exposed run could be matched';
  if (error instanceof NonFiniteValueError) return 'a value needed by the analysis is not a finite number';
  if (error instanceof LengthMismatchError || error instanceof InvalidArgumentError)
    return 'the data do not meet the requirements of the method';
  return 'the method could not be applied to these data';
}

/** The fitted probability of each row of X, 1 / (1 + exp(-(b0 + X b))). */
export function predictProbabilities(
  fit: Pick<LogisticRegressionResult, 'coefficients'>,
  X: readonly (readonly number[])[],
): number[] {
  const b = fit.coefficients.map((c) => c.estimate);
  return X.map((row) => {
    let eta = b[0]!;
    for (let j = 0; j < row.length; j++) eta += b[j + 1]! * row[j]!;
    return 1 / (1 + Math.exp(-eta));
  });
}

/**
 * The fitted probability of each run at `positions`, 1 / (1 + exp(-(b0 + Σ b_j x_j))), reading the fit's
 * covariates from `columns` (one per coefficient after the intercept, in order): {@link predictProbabilities}
 * on a column design, the same sums in the same order.
 */
export function predictColumnProbabilities(
  fit: Pick<LogisticRegressionResult, 'coefficients'>,
  columns: readonly ArrayLike<number>[],
  positions: ArrayLike<number>,
): number[] {
  const b = fit.coefficients.map((c) => c.estimate);
  const out = new Array<number>(positions.length);
  for (let r = 0; r < positions.length; r++) {
    const i = positions[r]!;
    let eta = b[0]!;
    for (let j = 0; j < columns.length; j++) eta += b[j + 1]! * columns[j]![i]!;
    out[r] = 1 / (1 + Math.exp(-eta));
  }
  return out;
}
