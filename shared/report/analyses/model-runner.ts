/**
 * Where a report's models run. The analyses ask a {@link ModelRunner} for their logistic fits and MICE chains
 * instead of calling the engine directly, so the same analysis code runs them inline (tests, one-core machines)
 * or on worker threads (model-pool.ts: the report Lambda and the local stack). Every fit and every chain is
 * deterministic, so both give the same numbers, bit for bit.
 */
import { miceColumns, type MiceOptions } from '../../stats/index.js';
import {
  fitLogisticDroppingAliased,
  type AliasedFit,
  type ColumnDesign,
  type FitMethod,
} from './fit-logistic.js';

/** One logistic model: `fitLogisticDroppingAliased(X, y, names, protect, columns, method)`. */
export interface LogisticFitRequest {
  X: ColumnDesign;
  y: Float64Array;
  names: readonly string[];
  /** Columns that must not be dropped as aliased (their aliasing makes the model not estimable). */
  protect: readonly string[];
  /** The columns of X (indices into `names`) to start from; default all. */
  columns?: readonly number[];
  /** `glm` (default) or `firth` (penalised likelihood). */
  method?: FitMethod;
}

/** MICE chains on columns: `miceColumns(columns, options)`, keeping only the `keep` columns of each data set. */
export interface ImputationRequest {
  columns: Readonly<Record<string, Float64Array>>;
  options: MiceOptions;
  keep: readonly string[];
}

/** Runs a report's models. */
export interface ModelRunner {
  fitLogistic(request: LogisticFitRequest): Promise<AliasedFit>;
  /** The m completed data sets (`keep` columns only), in chain order. */
  impute(request: ImputationRequest): Promise<Record<string, Float64Array>[]>;
}

/** Runs one fit request on this thread. */
export function runFitRequest(request: LogisticFitRequest): AliasedFit {
  return fitLogisticDroppingAliased(
    request.X,
    request.y,
    request.names,
    new Set(request.protect),
    request.columns,
    request.method,
  );
}

/** Runs one imputation request (or the chains in `options.chains`) on this thread. */
export function runImputationRequest(request: ImputationRequest): Record<string, Float64Array>[] {
  return miceColumns(request.columns, request.options).map((data) =>
    Object.fromEntries(request.keep.map((name) => [name, data[name]!])),
  );
}

/**
 * Runs every model on the calling thread, at the moment it is asked for (the promise is already settled), in the
 * order the analyses ask: the default.
 */
export const inlineModels: ModelRunner = {
  fitLogistic: async (request) => runFitRequest(request),
  impute: async (request) => runImputationRequest(request),
};
