/**
 * Adjusted odds ratios of the exposure for every outcome (the paper's Fig. 2): multivariable logistic regression,
 * Wald 95% CI.
 *
 * - Main model: the spec's adjustment covariates (the paper's list), on the runs with all of them recorded. After
 *   the cohort's missing-key-data step that is every run, so it is at once the complete-case fit and needs no
 *   imputation.
 * - Sensitivity models (spec `sensitivityModels`, e.g. adding pH, PaCO2 and PaO2): fitted on each of the m
 *   multiply imputed data sets and pooled by Rubin's rules on the log-odds scale (Rubin 1987; R's
 *   `summary(pool(with(imp, glm(...))), exponentiate = TRUE)` with Barnard–Rubin df, n − k), and, as their own
 *   sensitivity check, on the runs with every added column recorded (complete case).
 *
 * When maximum likelihood has no finite estimate because a covariate or level separates the outcome (a sparse
 * history variable without deaths in a subgroup, say), or does not converge, the model is refitted by Firth's penalised likelihood
 * (R's `brglm2::brglmFit`, `type = "AS_mean"`), so the exposure keeps its estimate; the estimate says so.
 */
import { poolRubin } from '../../stats/index.js';
import { suppressCount, type SuppressedCell } from '../small-cell-suppression.js';
import type { BinaryVariableSpec, ReportSpec, VariableSpec } from '../spec/index.js';
import type { AliasedFit, ColumnDesign, FitMethod } from './fit-logistic.js';
import { inlineModels, type ModelRunner } from './model-runner.js';
import { binaryValue, encodeColumns } from './model-variables.js';
import type { ImputedData } from './multiple-imputation.js';
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
      /** How the model was fitted: maximum likelihood, or Firth's penalised likelihood under separation. */
      method: FitMethod;
      /** Why the estimate differs from a plain fit (Firth's method was used), in words. */
      note?: string;
    }
  | { estimable: false; reason: string };

/** A named sensitivity model's estimate: pooled over the imputations, and complete case. */
export interface SensitivityOddsRatio {
  /** The spec's sensitivity model id and label. */
  id: string;
  label: string;
  imputed: OddsRatioEstimate;
  completeCase: OddsRatioEstimate;
}

/** One outcome of Fig. 2: the main model's estimate and each sensitivity model's. */
export interface AdjustedOddsRatio {
  id: string;
  label: string;
  /** The main model: the spec's adjustment covariates, runs with all of them recorded. */
  main: OddsRatioEstimate;
  sensitivity: SensitivityOddsRatio[];
}

/** The note on an estimate that Firth's method gave because the outcome is separated. */
export const FIRTH_NOTE =
  "Firth's penalised likelihood: a covariate or level predicts the outcome perfectly here (separation), so " +
  'ordinary maximum likelihood has no finite estimate';
/** The note on an estimate that Firth's method gave because maximum likelihood did not converge. */
export const FIRTH_CONVERGENCE_NOTE =
  "Firth's penalised likelihood: ordinary maximum likelihood did not converge here (as when a covariate nearly " +
  'predicts the outcome)';

const firthNote = (failure: 'separation' | 'no-convergence'): string =>
  failure === 'separation' ? FIRTH_NOTE : FIRTH_CONVERGENCE_NOTE;

/** A model design: exposure first, then covariates, for the rows where the outcome and covariates are known. */
export interface ModelData {
  X: ColumnDesign;
  /** The outcome, 0/1, of each row of X. */
  y: Float64Array;
  names: string[];
}

/**
 * The model inputs of a report's runs, encoded once and shared by every model fitted on them (each outcome, each
 * imputed data set, each subgroup level): the exposure and the covariates' model columns as columns (NaN where a
 * covariate is missing), and each outcome's 0/1 value (NaN when missing) on demand. Index i is the i-th run.
 */
export class EncodedRuns {
  /** 1 for an exposed run, 0 for a comparator. */
  readonly exposure: Float64Array;
  /** The covariates' model columns. */
  readonly columns: readonly Float64Array[];
  readonly covariateNames: readonly string[];
  /** 1 when every covariate of the run is recorded. */
  readonly complete: Uint8Array;
  private readonly outcomes = new Map<BinaryVariableSpec, Float64Array>();

  constructor(
    private readonly rows: readonly GroupedRow[],
    covariates: readonly VariableSpec[],
  ) {
    this.exposure = Float64Array.from(rows, (r) => (r.group === 'exposure' ? 1 : 0));
    const encoded = encodeColumns(rows, covariates);
    this.columns = encoded.columns;
    this.covariateNames = encoded.names;
    this.complete = encoded.complete;
  }

  get length(): number {
    return this.rows.length;
  }

  /** The outcome of every run, 0/1 or NaN when missing (computed once per outcome). */
  outcome(spec: BinaryVariableSpec): Float64Array {
    let values = this.outcomes.get(spec);
    if (values === undefined) {
      values = Float64Array.from(this.rows, (r) => binaryValue(r, spec) ?? NaN);
      this.outcomes.set(spec, values);
    }
    return values;
  }
}

/** Extra model columns (imputed variables): their names and one column each, NaN where missing. */
export interface ExtraColumns {
  names: readonly string[];
  columns: readonly ArrayLike<number>[];
}

/** The columns `names` of the runs as recorded: the finite numbers, NaN otherwise (the complete-case columns). */
export function recordedColumns(rows: readonly GroupedRow[], names: readonly string[]): ExtraColumns {
  return {
    names,
    columns: names.map((column) =>
      Float64Array.from(rows, (row) => {
        const v = (row as Record<string, unknown>)[column];
        return typeof v === 'number' && Number.isFinite(v) ? v : NaN;
      }),
    ),
  };
}

/**
 * The design of `outcome ~ exposure + covariates (+ extra columns)` over the encoded runs whose outcome,
 * covariates and extra values are all known, optionally only those that `include` accepts: the columns as they
 * are, read at those runs' positions (no copy).
 */
export function designOf(
  encoded: EncodedRuns,
  outcome: BinaryVariableSpec,
  extra?: ExtraColumns,
  include?: (i: number) => boolean,
): ModelData {
  const names = ['exposure', ...encoded.covariateNames, ...(extra?.names ?? [])];
  const y = encoded.outcome(outcome);
  const { complete } = encoded;
  const extraColumns = extra?.columns ?? [];
  const subset = new Int32Array(encoded.length);
  let size = 0;
  for (let i = 0; i < encoded.length; i++) {
    if (Number.isNaN(y[i]!) || complete[i] === 0) continue;
    if (extraColumns.some((column) => !Number.isFinite(column[i]!))) continue;
    if (include && !include(i)) continue;
    subset[size++] = i;
  }
  const rows = subset.subarray(0, size);
  const events = new Float64Array(size);
  for (let r = 0; r < size; r++) events[r] = y[rows[r]!]!;
  return {
    X: { columns: [encoded.exposure, ...encoded.columns, ...extraColumns], subset: rows },
    y: events,
    names,
  };
}

function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i]!;
  return total;
}

const counts = (data: ModelData, threshold: number) => ({
  n: suppressCount(data.y.length, threshold),
  events: suppressCount(sum(data.y), threshold),
});

/**
 * Why a model's data cannot give the exposure an odds ratio before any fit, in words, or undefined: no runs, runs
 * of one group only, or an outcome that no run (or every run) had.
 */
function emptyDataReason(data: ModelData): string | undefined {
  const n = data.y.length;
  if (n === 0) return 'not estimable: no runs with the outcome and every covariate recorded';
  const exposure = data.X.columns[0]!;
  const at = (r: number) => (data.X.subset === undefined ? r : data.X.subset[r]!);
  let exposed = 0;
  for (let r = 0; r < n; r++) exposed += exposure[at(r)]!;
  if (exposed === 0) return 'not estimable: no exposed runs here';
  if (exposed === n) return 'not estimable: no comparator runs here';
  const events = sum(data.y);
  if (events === 0) return 'not estimable: no run here had the outcome';
  if (events === n) return 'not estimable: every run here had the outcome';
  return undefined;
}

/** The exposure's estimate from a fit (`failure`: why maximum likelihood gave way to Firth's method). */
function fromFit(
  fitted: AliasedFit & { ok: true },
  data: ModelData,
  threshold: number,
  failure: 'separation' | 'no-convergence' | undefined,
): OddsRatioEstimate {
  const c = fitted.fit.coefficients.find((k) => k.name === 'exposure')!;
  return {
    estimable: true,
    oddsRatio: c.oddsRatio,
    ciLower: c.ciLower,
    ciUpper: c.ciUpper,
    pValue: c.pValue,
    ...counts(data, threshold),
    method: fitted.method,
    ...(fitted.method === 'firth' && failure !== undefined ? { note: firthNote(failure) } : {}),
  };
}

/**
 * The exposure's Wald odds ratio from one model (R's `exp(cbind(coef(fit), confint.default(fit)))["exposure", ]`);
 * refitted by Firth's penalised likelihood when the outcome is separated or maximum likelihood does not converge.
 */
export async function exposureOddsRatio(
  data: ModelData,
  threshold: number,
  models: ModelRunner = inlineModels,
): Promise<OddsRatioEstimate> {
  const empty = emptyDataReason(data);
  if (empty !== undefined) return { estimable: false, reason: empty };
  let fitted = await models.fitLogistic({ ...data, protect: ['exposure'] });
  const failure = fitted.ok ? undefined : fitted.mlFailure;
  if (failure !== undefined) {
    fitted = await models.fitLogistic({ ...data, protect: ['exposure'], method: 'firth' });
  }
  if (!fitted.ok) return { estimable: false, reason: fitted.reason };
  return fromFit(fitted, data, threshold, failure);
}

/**
 * The exposure's odds ratio pooled over imputed data sets by Rubin's rules on the log-odds scale
 * (`mice::pool`, Barnard–Rubin df), then exponentiated. As `mice::pool`, the complete-data df is the first
 * fit's residual df (n − number of coefficients): it differs between data sets when the rows depend on imputed
 * values (a subgroup level cut on pH), and mice takes the first. The m fits run together; when one is separated (or does not converge),
 * all m are refitted by Firth's method (one method for every data set); the first data set whose model is still
 * not estimable gives the reason.
 */
export async function pooledExposureOddsRatio(
  datasets: readonly ModelData[],
  threshold: number,
  models: ModelRunner = inlineModels,
): Promise<OddsRatioEstimate> {
  if (datasets.length < 2) return { estimable: false, reason: 'not estimable: no imputed data sets' };
  for (const data of datasets) {
    const empty = emptyDataReason(data);
    if (empty !== undefined) return { estimable: false, reason: empty };
  }
  const fitAll = (method: FitMethod) =>
    Promise.all(datasets.map((data) => models.fitLogistic({ ...data, protect: ['exposure'], method })));
  let fits = await fitAll('glm');
  const failure = fits
    .map((fitted) => (fitted.ok ? undefined : fitted.mlFailure))
    .find((f) => f !== undefined);
  if (failure !== undefined) fits = await fitAll('firth');
  const estimates: number[] = [];
  const variances: number[] = [];
  let dfComplete: number | undefined;
  let method: FitMethod = 'glm';
  for (const [k, fitted] of fits.entries()) {
    if (!fitted.ok) return { estimable: false, reason: fitted.reason };
    const c = fitted.fit.coefficients.find((coefficient) => coefficient.name === 'exposure')!;
    estimates.push(c.estimate);
    variances.push(c.stdError ** 2);
    method = fitted.method;
    dfComplete ??= datasets[k]!.y.length - fitted.fit.coefficients.length;
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
    method,
    ...(method === 'firth' && failure !== undefined ? { note: firthNote(failure) } : {}),
  };
}

/**
 * Adjusted odds ratios for every outcome of the spec: the main model, and each sensitivity model pooled over the
 * imputed data sets and complete case. Every model that needs no imputation is asked for at once, before the
 * imputations are awaited, so a pool can fit them while MICE runs.
 * @param encoded the cohort's runs encoded on the adjustment covariates (`new EncodedRuns(rows, spec.adjustment)`).
 * @param imputed the m completed data sets of `rows` (multiple-imputation.ts: the imputed variables only, same
 * order as `rows`), or their promise.
 * @throws {RangeError} when an imputed data set lacks an imputed variable or is not the same length as `rows`.
 */
export async function adjustedOddsRatios(
  rows: readonly GroupedRow[],
  imputed: readonly ImputedData[] | Promise<readonly ImputedData[]>,
  spec: Pick<ReportSpec, 'outcomes' | 'adjustment' | 'imputation' | 'sensitivityModels'>,
  threshold: number,
  models: ModelRunner = inlineModels,
  encoded: EncodedRuns = new EncodedRuns(rows, spec.adjustment),
): Promise<AdjustedOddsRatio[]> {
  const main = spec.outcomes.map((outcome) =>
    exposureOddsRatio(designOf(encoded, outcome), threshold, models),
  );
  // Each sensitivity model's complete-case fits: the runs with every added column recorded.
  const completeCase = spec.sensitivityModels.map((model) => {
    const observed = recordedColumns(rows, model.addCovariates);
    return spec.outcomes.map((outcome) =>
      exposureOddsRatio(designOf(encoded, outcome, observed), threshold, models),
    );
  });
  const imputedNames = new Set(spec.imputation.variables);
  const sets = await imputed;
  const pooled = spec.sensitivityModels.map((model) => {
    const recorded = recordedColumns(rows, model.addCovariates);
    // The added columns of each completed data set: imputed where the spec imputes them, as recorded otherwise.
    const completed = sets.map((data): ExtraColumns => {
      const columns = model.addCovariates.map((column, j) => {
        if (!imputedNames.has(column)) return recorded.columns[j]!;
        const values = data[column];
        if (values === undefined || values.length !== rows.length) {
          throw new RangeError('an imputed data set must hold every imputed variable for every run');
        }
        return values;
      });
      return { names: model.addCovariates, columns };
    });
    return spec.outcomes.map((outcome) =>
      pooledExposureOddsRatio(
        completed.map((extra) => designOf(encoded, outcome, extra)),
        threshold,
        models,
      ),
    );
  });
  return Promise.all(
    spec.outcomes.map(async (outcome, k) => ({
      id: outcome.id,
      label: outcome.label,
      main: await main[k]!,
      sensitivity: await Promise.all(
        spec.sensitivityModels.map(async (model, s) => ({
          id: model.id,
          label: model.label,
          imputed: await pooled[s]![k]!,
          completeCase: await completeCase[s]![k]!,
        })),
      ),
    })),
  );
}
