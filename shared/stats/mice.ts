/**
 * Multiple imputation by chained equations (MICE) with predictive mean matching.
 */
import { createRandom, type Random } from '../random/seeded-random.js';
import { bayesianLinearDraw } from './bayesian-linear-draw.js';
import { EmptyGroupError, InvalidArgumentError, NonFiniteValueError } from './errors.js';
import { keepPredictors } from './remove-linear-dependence.js';

/** An input record: a number, or null / undefined / NaN for a missing value. */
export type MiceRow = Readonly<Record<string, number | null | undefined>>;

/** A completed record: every column has a value. */
export type CompletedRow = Record<string, number>;

/** Options of {@link mice}. */
export interface MiceOptions {
  /** Number of imputed data sets (default 5). */
  m?: number;
  /** Gibbs iterations per data set (default 5). */
  maxit?: number;
  /** Seed of the injected generator; the same seed and data give the same imputations. */
  seed: number;
  /** Imputation method; only predictive mean matching is implemented. */
  method?: 'pmm';
  /** Donor pool size of predictive mean matching (default 5). */
  donors?: number;
}

/**
 * Multiple imputation by chained equations (van Buuren & Groothuis-Oudshoorn 2011) with predictive mean
 * matching, reproducing the algorithm of R's `mice::mice(data, m, maxit, method = "pmm", seed)` (mice 3.15):
 * every column is a predictor of every other; missing cells start as random draws from the column's observed
 * values; each iteration visits the incomplete columns left to right and, for each, screens predictors as
 * `remove.lindep`, draws (β*, σ*) by Bayesian linear regression (`.norm.draw`), predicts the observed rows with β̂
 * and the missing rows with β* (type-1 matching), and fills each missing cell with the observed value of a donor
 * drawn at random among the `donors` observed rows with the closest predictions. Each of the m chains uses its own
 * stream forked from `createRandom(seed)`. The draws differ from R's (different generator), so results agree with
 * R's in distribution, not digit for digit.
 * @returns m completed copies of `rows`, columns in order of first appearance.
 * @throws {EmptyGroupError} when there are no rows, or a column has no observed value.
 * @throws {NonFiniteValueError} when a value is ±Infinity.
 * @throws {InvalidArgumentError} when a value is not a number, or m, maxit, donors or method is invalid.
 * @example
 * const imputed = mice([{ a: 1, b: 2 }, { a: 2, b: null }, { a: 3, b: 5 }, { a: 4, b: 7 }], { m: 2, seed: 1 });
 * imputed.length; // => 2; imputed[0][1].b is one of 2, 5, 7
 */
export function mice(rows: readonly MiceRow[], options: MiceOptions): CompletedRow[][] {
  const { m = 5, maxit = 5, seed, method = 'pmm', donors = 5 } = options;
  requireCount(m, 'm', 1);
  requireCount(maxit, 'maxit', 0);
  requireCount(donors, 'donors', 1);
  if (method !== 'pmm')
    throw new InvalidArgumentError(`method is ${String(method)}; only 'pmm' is implemented`);
  if (rows.length === 0) throw new EmptyGroupError('mice needs at least one row');

  const names = columnNames(rows);
  const data = names.map((name) => rows.map((row, i) => readCell(row[name], name, i)));
  const observed = data.map((col) => col.map((v) => !Number.isNaN(v)));
  const incomplete: number[] = [];
  observed.forEach((flags, j) => {
    const nObserved = flags.filter(Boolean).length;
    if (nObserved === 0)
      throw new EmptyGroupError(`column '${names[j]}' has no observed value to impute from`);
    if (nObserved < flags.length) incomplete.push(j);
  });

  const root = createRandom(seed);
  return Array.from({ length: m }, () => {
    const completed = runChain(data, observed, incomplete, maxit, donors, root.fork());
    return rows.map((_, i) => Object.fromEntries(names.map((name, j) => [name, completed[j]![i]!])));
  });
}

function runChain(
  data: readonly number[][],
  observed: readonly boolean[][],
  incomplete: readonly number[],
  maxit: number,
  donors: number,
  random: Random,
): number[][] {
  const current = data.map((col) => [...col]);
  for (const j of incomplete) {
    const pool = data[j]!.filter((_, i) => observed[j]![i]);
    current[j] = data[j]!.map((v, i) => (observed[j]![i] ? v : pool[random.int(pool.length)]!));
  }
  for (let iteration = 0; iteration < maxit; iteration++) {
    for (const j of incomplete) imputeColumn(current, observed[j]!, j, donors, random);
  }
  return current;
}

/** One chained-equation step for column j: predictive mean matching given the current values of the others. */
function imputeColumn(
  current: number[][],
  ry: readonly boolean[],
  j: number,
  donors: number,
  random: Random,
): void {
  const n = ry.length;
  const obsRows: number[] = [];
  const misRows: number[] = [];
  for (let i = 0; i < n; i++) (ry[i] ? obsRows : misRows).push(i);
  const y = current[j]!;
  const yObs = obsRows.map((i) => y[i]!);
  const others = current.flatMap((col, k) => (k === j ? [] : [col]));
  const keep = keepPredictors(
    others.map((col) => obsRows.map((i) => col[i]!)),
    yObs,
  );
  const predictors = others.filter((_, k) => keep[k]);
  const design = (rowsOf: readonly number[]): number[][] =>
    rowsOf.map((i) => {
      const row = new Array<number>(predictors.length + 1);
      row[0] = 1;
      for (let k = 0; k < predictors.length; k++) row[k + 1] = predictors[k]![i]!;
      return row;
    });
  const xObs = design(obsRows);
  const draw = bayesianLinearDraw(xObs, yObs, random);
  const yhatObs = xObs.map((row) => dot(row, draw.coef));
  const yhatMis = design(misRows).map((row) => dot(row, draw.beta));
  const chosen = matchDonors(yhatObs, yhatMis, donors, random);
  misRows.forEach((i, k) => (y[i] = yObs[chosen[k]!]!));
}

/**
 * For each target prediction, a random one of the `k` observed rows with the closest predictions (as mice's
 * `matchindex`: donors are shuffled first, so ties are broken at random).
 */
function matchDonors(
  yhatObs: readonly number[],
  yhatMis: readonly number[],
  k: number,
  random: Random,
): number[] {
  const n = yhatObs.length;
  const kk = Math.min(k, n);
  const shuffled = new Uint32Array(n);
  for (let i = 0; i < n; i++) shuffled[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const r = random.int(i + 1);
    const tmp = shuffled[i]!;
    shuffled[i] = shuffled[r]!;
    shuffled[r] = tmp;
  }
  const yhat = Float64Array.from(yhatObs);
  const sorted = shuffled.sort((a, b) => yhat[a]! - yhat[b]!);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = yhat[sorted[i]!]!;
  return yhatMis.map((target) => {
    const h = random.int(kk) + 1;
    // Two pointers around the insertion point; take the h-th nearest.
    let right = lowerBound(values, target);
    let left = right - 1;
    let pick = -1;
    for (let step = 0; step < h; step++) {
      if (left < 0 || (right < n && values[right]! - target < target - values[left]!)) pick = right++;
      else pick = left--;
    }
    return sorted[pick]!;
  });
}

function lowerBound(values: Float64Array, target: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (values[mid]! < target) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function columnNames(rows: readonly MiceRow[]): string[] {
  const names = new Set<string>();
  for (const row of rows) for (const name of Object.keys(row)) names.add(name);
  return [...names];
}

function readCell(value: unknown, name: string, row: number): number {
  if (value === null || value === undefined) return NaN;
  if (typeof value !== 'number') {
    throw new InvalidArgumentError(
      `row ${row}, column '${name}' is ${JSON.stringify(value)}; expected a number`,
    );
  }
  if (value === Infinity || value === -Infinity) {
    throw new NonFiniteValueError(`row ${row}, column '${name}' is ${value}; use null for a missing value`);
  }
  return value;
}

function requireCount(value: number, name: string, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new InvalidArgumentError(`${name} is ${value}; it must be an integer >= ${min}`);
  }
}
