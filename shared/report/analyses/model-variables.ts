/**
 * Encodes a spec's variables (continuous, binary, categorical) as numbers for models, tests and balance
 * statistics. A categorical variable becomes one 0/1 column per level after the first (the reference level), as
 * R's treatment contrasts in `glm(y ~ factor(x))`.
 */
import { evaluatePredicate, readVariable } from '../../cohort/index.js';
import type { RunRow } from '../../dictionary/index.js';
import type { BinaryVariableSpec, CategoricalVariableSpec, VariableSpec } from '../spec/index.js';

/** A run as the analyses see it (any row the cohort kept). */
export type AnalysisRow = Partial<RunRow>;

/** The 0/1 value of a binary variable, or undefined when its column is missing. */
export function binaryValue(row: AnalysisRow, spec: BinaryVariableSpec): 0 | 1 | undefined {
  const value = readVariable(row, spec.column);
  if (value === undefined) return undefined;
  return value === spec.value ? 1 : 0;
}

/** The index of the level a run is in (first matching level), or undefined when missing or in no level. */
export function levelIndex(row: AnalysisRow, spec: CategoricalVariableSpec): number | undefined {
  if (readVariable(row, spec.column) === undefined) return undefined;
  const index = spec.levels.findIndex((level) => evaluatePredicate(level.when, row));
  return index < 0 ? undefined : index;
}

/** The numeric value of a continuous variable, or undefined when missing or not a finite number. */
export function continuousValue(row: AnalysisRow, column: string): number | undefined {
  const value = readVariable(row, column);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Model column names of a variable: its id, or `<id>:<level>` for each non-reference level. */
export function modelColumnNames(spec: VariableSpec): string[] {
  if (spec.kind !== 'categorical') return [spec.id];
  return spec.levels.slice(1).map((level) => `${spec.id}:${level.id}`);
}

/** The model columns of a variable for one run, or undefined when the variable is missing. */
export function encodeVariable(row: AnalysisRow, spec: VariableSpec): number[] | undefined {
  switch (spec.kind) {
    case 'continuous': {
      const value = continuousValue(row, spec.column);
      return value === undefined ? undefined : [value];
    }
    case 'binary': {
      const value = binaryValue(row, spec);
      return value === undefined ? undefined : [value];
    }
    case 'categorical': {
      const index = levelIndex(row, spec);
      if (index === undefined) return undefined;
      return spec.levels.slice(1).map((_, k) => (index === k + 1 ? 1 : 0));
    }
  }
}

/** One run's covariate row for a list of variables, or undefined when any of them is missing. */
export function encodeCovariates(row: AnalysisRow, specs: readonly VariableSpec[]): number[] | undefined {
  const out: number[] = [];
  for (const spec of specs) {
    const encoded = encodeVariable(row, spec);
    if (encoded === undefined) return undefined;
    out.push(...encoded);
  }
  return out;
}

/** A list of variables encoded once for every run: one model column each (NaN where missing). */
export interface EncodedColumns {
  /** Model column names, as {@link modelColumnNames} of each variable in order. */
  names: string[];
  /** One Float64Array per model column, index i the i-th run; NaN when the run's variable is missing. */
  columns: Float64Array[];
  /** 1 when every variable of the run is recorded (its covariate row is complete), else 0. */
  complete: Uint8Array;
}

/**
 * Encodes `specs` for every run as columns ({@link encodeVariable} per run and variable, once), so models read
 * them in place instead of building a row per run and per fit.
 */
export function encodeColumns(rows: readonly AnalysisRow[], specs: readonly VariableSpec[]): EncodedColumns {
  const n = rows.length;
  const names = specs.flatMap(modelColumnNames);
  const columns = names.map(() => new Float64Array(n));
  const complete = new Uint8Array(n).fill(1);
  let offset = 0;
  for (const spec of specs) {
    const width = modelColumnNames(spec).length;
    // encodeVariable's values, written straight into the columns (no array per run and variable).
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      let value: number | undefined;
      if (spec.kind === 'categorical') {
        const index = levelIndex(row, spec);
        if (index !== undefined) {
          for (let k = 0; k < width; k++) columns[offset + k]![i] = index === k + 1 ? 1 : 0;
          continue;
        }
      } else {
        value = spec.kind === 'continuous' ? continuousValue(row, spec.column) : binaryValue(row, spec);
        if (value !== undefined) {
          columns[offset]![i] = value;
          continue;
        }
      }
      complete[i] = 0;
      for (let k = 0; k < width; k++) columns[offset + k]![i] = NaN;
    }
    offset += width;
  }
  return { names, columns, complete };
}
