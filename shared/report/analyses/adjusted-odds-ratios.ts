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
import { fitLogisticDroppingAliased } from './fit-logistic.js';
import { hasObservedImputationVariables } from './multiple-imputation.js';
import { binaryValue, encodeCovariates, modelColumnNames, type AnalysisRow } from './model-variables.js';
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
  X: number[][];
  y: number[];
  names: string[];
}

/** Builds the design of `outcome ~ exposure + covariates (+ imputed columns)` over the rows with complete data. */
export function modelData(
  rows: readonly GroupedRow[],
  outcome: BinaryVariableSpec,
  covariates: readonly VariableSpec[],
  extraColumns: readonly string[],
): ModelData {
  const names = ['exposure', ...covariates.flatMap(modelColumnNames), ...extraColumns];
  const X: number[][] = [];
  const y: number[] = [];
  for (const row of rows) {
    const event = binaryValue(row, outcome);
    if (event === undefined) continue;
    const x = encodeCovariates(row, covariates);
    if (x === undefined) continue;
    const extra = extraColumns.map((c) => (row as Record<string, unknown>)[c]);
    if (!extra.every((v): v is number => typeof v === 'number' && Number.isFinite(v))) continue;
    X.push([row.group === 'exposure' ? 1 : 0, ...x, ...extra]);
    y.push(event);
  }
  return { X, y, names };
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
 * (`mice::pool`, Barnard–Rubin df with dfComplete = n − number of coefficients), then exponentiated.
 */
export function pooledExposureOddsRatio(
  datasets: readonly ModelData[],
  threshold: number,
): OddsRatioEstimate {
  if (datasets.length < 2) return { estimable: false, reason: 'not estimable: no imputed data sets' };
  const estimates: number[] = [];
  const variances: number[] = [];
  let dfComplete = Infinity;
  for (const data of datasets) {
    const fitted = fitLogisticDroppingAliased(data.X, data.y, data.names, new Set(['exposure']));
    if (!fitted.ok) return { estimable: false, reason: fitted.reason };
    const c = fitted.fit.coefficients.find((k) => k.name === 'exposure')!;
    estimates.push(c.estimate);
    variances.push(c.stdError ** 2);
    dfComplete = Math.min(dfComplete, data.y.length - fitted.fit.coefficients.length);
  }
  if (!(dfComplete > 0)) return { estimable: false, reason: 'not estimable: too few runs for the model' };
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
 * @param rows the cohort's runs. @param imputed the m completed copies of `rows` (multiple-imputation.ts).
 */
export function adjustedOddsRatios(
  rows: readonly GroupedRow[],
  imputed: readonly (readonly GroupedRow[])[],
  spec: Pick<ReportSpec, 'outcomes' | 'adjustment' | 'imputation'>,
  threshold: number,
): AdjustedOddsRatio[] {
  const extra = spec.imputation.variables;
  const completeRows = rows.filter((r: AnalysisRow) => hasObservedImputationVariables(r, extra));
  return spec.outcomes.map((outcome) => ({
    id: outcome.id,
    label: outcome.label,
    imputed: pooledExposureOddsRatio(
      imputed.map((data) => modelData(data, outcome, spec.adjustment, extra)),
      threshold,
    ),
    completeCase: exposureOddsRatio(modelData(completeRows, outcome, spec.adjustment, extra), threshold),
  }));
}
