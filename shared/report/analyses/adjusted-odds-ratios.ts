/**
 * Adjusted odds ratios of the exposure for every outcome (the paper's Fig. 2): multivariable logistic regression
 * on the spec's adjustment covariates plus the imputed blood gases (pH, PaCO2, PaO2), Wald 95% CI.
 *
 * - Multiply imputed (primary): the model is fitted on each of the m completed data sets and the exposure's
 *   log-odds ratio is pooled by Rubin's rules (Rubin 1987; R's `pool(with(imp, glm(...)))` with Barnard–Rubin
 *   df, n − k). Pooling is on the log-odds scale, where the estimate is approximately normal, and the pooled
 *   estimate and interval are then exponentiated, as `summary(pool(fit), exponentiate = TRUE)` does.
 * - Complete case (sensitivity): the same model on the runs whose blood gases were all recorded.
 */
import { poolRubin } from '../../stats/index.js';
import { suppressCount, type SuppressedCell } from '../small-cell-suppression.js';
import type { BinaryVariableSpec, ReportSpec, VariableSpec } from '../spec/index.js';
import { fitLogisticDroppingAliased, type RowMajorDesign } from './fit-logistic.js';
import { binaryValue, encodeCovariates, modelColumnNames } from './model-variables.js';
import type { GroupedRow } from './table-one.js';

/** An exposure odds ratio, or why the model could not be estimated. */
export type OddsRatioEstimate =
  | {
      estimable: true;
      oddsRatio: number;
      ciLower: number;
      ciUpper: number;
      pValue: number;
      /** Runs in the model and runs with the outcome (suppressed when small). */
      n: SuppressedCell;
      events: SuppressedCell;
    }
  | { estimable: false; reason: string };

export interface AdjustedOddsRatio {
  id: string;
  label: string;
  imputed: OddsRatioEstimate;
  completeCase: OddsRatioEstimate;
}

/** A model design: exposure first, then covariates, for the rows where the outcome and covariates are known. */
export interface ModelData {
  X: RowMajorDesign;
  y: number[];
  names: string[];
}

/**
 * The model inputs of a report's runs, encoded once and shared by every model fitted on them (each outcome, each
 * imputed data set, each subgroup level): the exposure, the covariates' model columns (undefined when one is
 * missing), and each outcome's 0/1 value on demand. Index i is the i-th run of the rows it was built from.
 */
export class EncodedRuns {
  readonly exposure: Uint8Array;
  readonly covariates: (readonly number[] | undefined)[];
  readonly covariateNames: string[];
  private readonly outcomes = new Map<BinaryVariableSpec, (0 | 1 | undefined)[]>();

  constructor(
    private readonly rows: readonly GroupedRow[],
    covariates: readonly VariableSpec[],
  ) {
    this.exposure = Uint8Array.from(rows, (r) => (r.group === 'exposure' ? 1 : 0));
    this.covariates = rows.map((r) => encodeCovariates(r, covariates));
    this.covariateNames = covariates.flatMap(modelColumnNames);
  }

  get length(): number {
    return this.rows.length;
  }

  /** The outcome of every run (computed once per outcome). */
  outcome(spec: BinaryVariableSpec): readonly (0 | 1 | undefined)[] {
    let values = this.outcomes.get(spec);
    if (values === undefined) {
      values = this.rows.map((r) => binaryValue(r, spec));
      this.outcomes.set(spec, values);
    }
    return values;
  }
}

/** The finite values of `columns` of each run, or undefined when one is missing (imputed columns). */
export function columnValues(
  rows: readonly GroupedRow[],
  columns: readonly string[],
): (readonly number[] | undefined)[] {
  return rows.map((row) => {
    const values: number[] = [];
    for (const column of columns) {
      const v = (row as Record<string, unknown>)[column];
      if (typeof v !== 'number' || !Number.isFinite(v)) return undefined;
      values.push(v);
    }
    return values;
  });
}

/**
 * The design of `outcome ~ exposure + covariates (+ extra columns)` over the encoded runs whose outcome,
 * covariates and extra values are all known, optionally only those that `include` accepts.
 * @param extra per run, the extra columns' values (undefined when missing); same order as `encoded`.
 */
export function designOf(
  encoded: EncodedRuns,
  outcome: BinaryVariableSpec,
  extra?: { names: readonly string[]; values: readonly (readonly number[] | undefined)[] },
  include?: (i: number) => boolean,
): ModelData {
  const names = ['exposure', ...encoded.covariateNames, ...(extra?.names ?? [])];
  const y = encoded.outcome(outcome);
  const included: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (y[i] === undefined || encoded.covariates[i] === undefined) continue;
    if (extra && extra.values[i] === undefined) continue;
    if (include && !include(i)) continue;
    included.push(i);
  }
  const cols = names.length;
  const data = new Float64Array(included.length * cols);
  const events = new Array<number>(included.length);
  included.forEach((i, r) => {
    let at = r * cols;
    data[at++] = encoded.exposure[i]!;
    for (const v of encoded.covariates[i]!) data[at++] = v;
    if (extra) for (const v of extra.values[i]!) data[at++] = v;
    events[r] = y[i]!;
  });
  return { X: { rows: included.length, cols, data }, y: events, names };
}

const counts = (data: ModelData, threshold: number) => ({
  n: suppressCount(data.y.length, threshold),
  events: suppressCount(
    data.y.reduce((a, b) => a + b, 0),
    threshold,
  ),
});

/** The exposure's Wald odds ratio from one model (R's `exp(cbind(coef(fit), confint.default(fit)))["exposure", ]`). */
export function exposureOddsRatio(data: ModelData, threshold: number): OddsRatioEstimate {
  const fitted = fitLogisticDroppingAliased(data.X, data.y, data.names, new Set(['exposure']));
  if (!fitted.ok) return { estimable: false, reason: fitted.reason };
  const c = fitted.fit.coefficients.find((k) => k.name === 'exposure')!;
  return {
    estimable: true,
    oddsRatio: c.oddsRatio,
    ciLower: c.ciLower,
    ciUpper: c.ciUpper,
    pValue: c.pValue,
    ...counts(data, threshold),
  };
}

/**
 * The exposure's odds ratio pooled over imputed data sets by Rubin's rules on the log-odds scale
 * (`mice::pool`, Barnard–Rubin df), then exponentiated. As `mice::pool`, the complete-data df is the first
 * fit's residual df (n − number of coefficients): it differs between data sets when the rows depend on imputed
 * values (a subgroup level cut on pH), and mice takes the first.
 */
export function pooledExposureOddsRatio(
  datasets: readonly ModelData[],
  threshold: number,
): OddsRatioEstimate {
  if (datasets.length < 2) return { estimable: false, reason: 'not estimable: no imputed data sets' };
  const estimates: number[] = [];
  const variances: number[] = [];
  let dfComplete: number | undefined;
  for (const data of datasets) {
    const fitted = fitLogisticDroppingAliased(data.X, data.y, data.names, new Set(['exposure']));
    if (!fitted.ok) return { estimable: false, reason: fitted.reason };
    const c = fitted.fit.coefficients.find((k) => k.name === 'exposure')!;
    estimates.push(c.estimate);
    variances.push(c.stdError ** 2);
    dfComplete ??= data.y.length - fitted.fit.coefficients.length;
  }
  if (dfComplete === undefined || !(dfComplete > 0))
    return { estimable: false, reason: 'not estimable: too few runs for the model' };
  const pooled = poolRubin(estimates, variances, { dfComplete });
  return {
    estimable: true,
    oddsRatio: Math.exp(pooled.estimate),
    ciLower: Math.exp(pooled.lower),
    ciUpper: Math.exp(pooled.upper),
    pValue: pooled.pValue,
    ...counts(datasets[0]!, threshold),
  };
}

/**
 * Adjusted odds ratios for every outcome of the spec, pooled over the imputed data sets and complete case.
 * @param rows the cohort's runs. @param imputed the m completed copies of `rows`, in the same order
 * (multiple-imputation.ts): only their imputed columns are read, the rest is encoded once from `rows`.
 * @throws {RangeError} when an imputed data set is not the same length as `rows`.
 */
export function adjustedOddsRatios(
  rows: readonly GroupedRow[],
  imputed: readonly (readonly GroupedRow[])[],
  spec: Pick<ReportSpec, 'outcomes' | 'adjustment' | 'imputation'>,
  threshold: number,
): AdjustedOddsRatio[] {
  const names = spec.imputation.variables;
  const encoded = new EncodedRuns(rows, spec.adjustment);
  const observed = { names, values: columnValues(rows, names) };
  const completed = imputed.map((data) => {
    if (data.length !== rows.length) throw new RangeError('an imputed data set must have one row per run');
    return { names, values: columnValues(data, names) };
  });
  return spec.outcomes.map((outcome) => ({
    id: outcome.id,
    label: outcome.label,
    imputed: pooledExposureOddsRatio(
      completed.map((extra) => designOf(encoded, outcome, extra)),
      threshold,
    ),
    // The runs with every imputed variable recorded: the complete-case set.
    completeCase: exposureOddsRatio(designOf(encoded, outcome, observed), threshold),
  }));
}
