/**
 * Multiple imputation by chained equations (MICE) with predictive mean matching.
 */
import { createRandom, type Random } from '../random/seeded-random.js';
import { bayesianLinearDrawFromGram } from './bayesian-linear-draw.js';
import { symmetricEigen, type Matrix } from './dense-matrix.js';
import { EmptyGroupError, InvalidArgumentError, NonFiniteValueError } from './errors.js';
import { dot } from './linear-algebra.js';

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
  const n = rows.length;
  const data = names.map((name) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = readCell(rows[i]![name], name, i);
    return column;
  });
  const incomplete: Incomplete[] = [];
  data.forEach((column, j) => {
    const obs: number[] = [];
    const mis: number[] = [];
    for (let i = 0; i < n; i++) (Number.isNaN(column[i]!) ? mis : obs).push(i);
    if (obs.length === 0)
      throw new EmptyGroupError(`column '${names[j]}' has no observed value to impute from`);
    if (mis.length > 0) incomplete.push({ j, obs: Int32Array.from(obs), mis: Int32Array.from(mis) });
  });

  const root = createRandom(seed);
  return Array.from({ length: m }, () => {
    const completed = runChain(data, incomplete, maxit, donors, root.fork());
    // Rows built property by property in one key order share one hidden class (fast to build and to read).
    const out = new Array<CompletedRow>(n);
    for (let i = 0; i < n; i++) {
      const row: CompletedRow = {};
      for (let j = 0; j < names.length; j++) row[names[j]!] = completed[j]![i]!;
      out[i] = row;
    }
    return out;
  });
}

/** An incomplete column: its index and its observed and missing rows. */
interface Incomplete {
  j: number;
  obs: Int32Array;
  mis: Int32Array;
}

function runChain(
  data: readonly Float64Array[],
  incomplete: readonly Incomplete[],
  maxit: number,
  donors: number,
  random: Random,
): Float64Array[] {
  const current = data.map((col) => Float64Array.from(col));
  for (const { j, obs, mis } of incomplete) {
    const column = current[j]!;
    for (let k = 0; k < mis.length; k++) column[mis[k]!] = column[obs[random.int(obs.length)]!]!;
  }
  const work = new Float64Array(Math.max(0, ...incomplete.map((c) => c.obs.length)) * (data.length + 1));
  for (let iteration = 0; iteration < maxit; iteration++) {
    for (const column of incomplete) imputeColumn(current, column, donors, random, work);
  }
  return current;
}

/** mice's `remove.lindep` thresholds (mice 3.15): eps on variances and eigenvalue ratios, maxcor with y. */
const LINDEP_EPS = 1e-4;
const LINDEP_MAXCOR = 0.99;

/**
 * One chained-equation step for column j: predictive mean matching given the current values of the others.
 * The observed rows of every other column are gathered once, centred, into `work` (column-major), and every
 * quantity the step needs (the predictor screening's variances and correlations, XᵀX and Xᵀy) comes from their
 * cross-products: one pass of dot products instead of a row-array design per step.
 */
function imputeColumn(
  current: Float64Array[],
  { j, obs, mis }: Incomplete,
  donors: number,
  random: Random,
  work: Float64Array,
): void {
  const nObs = obs.length;
  const y = current[j]!;
  const others: number[] = [];
  for (let k = 0; k < current.length; k++) if (k !== j) others.push(k);
  const q = others.length;
  // Columns 0..q-1: the other columns on the observed rows; column q: y. All centred.
  const means = new Float64Array(q + 1);
  for (let a = 0; a <= q; a++) {
    const source = a < q ? current[others[a]!]! : y;
    const offset = a * nObs;
    let sum = 0;
    for (let i = 0; i < nObs; i++) {
      const v = source[obs[i]!]!;
      work[offset + i] = v;
      sum += v;
    }
    const mean = sum / nObs;
    for (let i = 0; i < nObs; i++) work[offset + i]! -= mean;
    means[a] = mean;
  }
  // Centred cross-products, lower triangle (q + 1) × (q + 1).
  const s = new Float64Array((q + 1) * (q + 1));
  for (let a = 0; a <= q; a++) {
    for (let b = 0; b <= a; b++) {
      const v = dot(work, a * nObs, work, b * nObs, nObs);
      s[a * (q + 1) + b] = v;
      s[b * (q + 1) + a] = v;
    }
  }
  const cross = (a: number, b: number): number => s[a * (q + 1) + b]!;
  const kept = screenPredictors(q, nObs, cross);

  // XᵀX and Xᵀy of the design [1, kept columns] on the observed rows, from the centred cross-products.
  const p = kept.length + 1;
  const xtx: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const xty = new Array<number>(p).fill(0);
  const meanOf = (c: number): number => (c === 0 ? 1 : means[kept[c - 1]!]!);
  const centred = (c: number, d: number): number =>
    c === 0 || d === 0 ? 0 : cross(kept[c - 1]!, kept[d - 1]!);
  const yMean = means[q]!;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) xtx[a]![b] = centred(a, b) + nObs * meanOf(a) * meanOf(b);
    xty[a] = (a === 0 ? 0 : cross(kept[a - 1]!, q)) + nObs * meanOf(a) * yMean;
  }
  const yhatObs = new Float64Array(nObs);
  const fitObserved = (coef: readonly number[]): void => {
    // Centred columns: ŷ = β₀ + Σ βₐ mₐ + Σ βₐ (xₐ − mₐ).
    let base = coef[0]!;
    for (let a = 1; a < p; a++) base += coef[a]! * meanOf(a);
    yhatObs.fill(base);
    for (let a = 1; a < p; a++) {
      const b = coef[a]!;
      const offset = kept[a - 1]! * nObs;
      for (let i = 0; i < nObs; i++) yhatObs[i]! += b * work[offset + i]!;
    }
  };
  const residualSumOfSquares = (coef: readonly number[]): number => {
    fitObserved(coef);
    const offset = q * nObs;
    let rss = 0;
    for (let i = 0; i < nObs; i++) {
      const r = work[offset + i]! + yMean - yhatObs[i]!;
      rss += r * r;
    }
    return rss;
  };
  const draw = bayesianLinearDrawFromGram(xtx, xty, nObs, residualSumOfSquares, random);
  fitObserved(draw.coef);
  const yhatMis = new Float64Array(mis.length).fill(draw.beta[0]!);
  for (let a = 1; a < p; a++) {
    const b = draw.beta[a]!;
    const source = current[others[kept[a - 1]!]!]!;
    for (let k = 0; k < mis.length; k++) yhatMis[k]! += b * source[mis[k]!]!;
  }
  const chosen = matchDonors(yhatObs, yhatMis, donors, random);
  for (let k = 0; k < mis.length; k++) y[mis[k]!] = y[obs[chosen[k]!]!]!;
}

/**
 * Which predictors to keep, as mice's internal `remove.lindep(x, y, ry)` (mice 3.15; eps = 1e-4, maxcor = 0.99)
 * and shared/stats/remove-linear-dependence.ts, from centred cross-products (`cross(a, b)`, with y at index q):
 * none when y is (nearly) constant; drop columns with variance ≤ eps or with correlation ≥ maxcor with y (signed,
 * as mice); then, while the smallest/largest eigenvalue ratio of the predictors' correlation matrix is below eps,
 * drop the column loading most on the smallest eigenvector.
 * @returns the indices (0..q-1) of the kept columns, in order.
 */
function screenPredictors(q: number, n: number, cross: (a: number, b: number) => number): number[] {
  if (q === 0 || n < 2) return [];
  const variance = (a: number): number => cross(a, a) / (n - 1);
  const yVariance = variance(q);
  if (yVariance < LINDEP_EPS) return [];
  const correlation = (a: number, b: number): number =>
    cross(a, b) / (n - 1) / Math.sqrt(variance(a) * variance(b));
  let kept: number[] = [];
  for (let a = 0; a < q; a++) {
    if (variance(a) > LINDEP_EPS && correlation(a, q) < LINDEP_MAXCOR) kept.push(a);
  }
  while (kept.length > 1) {
    const cx = kept.map((a) => kept.map((b) => (a === b ? 1 : correlation(a, b))));
    const { values, vectors } = symmetricEigen(cx);
    const k = kept.length - 1;
    if (!(values[k]! / values[0]! < LINDEP_EPS)) break;
    let worst = 0;
    for (let i = 1; i <= k; i++) if (Math.abs(vectors[i]![k]!) > Math.abs(vectors[worst]![k]!)) worst = i;
    kept = kept.filter((_, i) => i !== worst);
  }
  return kept;
}

/**
 * For each target prediction, a random one of the `k` observed rows with the closest predictions (as mice's
 * `matchindex`: donors are shuffled first, so ties are broken at random). Sorted once, then a binary search and
 * two pointers per target.
 */
function matchDonors(yhatObs: Float64Array, yhatMis: Float64Array, k: number, random: Random): Uint32Array {
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
  const sorted = shuffled.sort((a, b) => yhatObs[a]! - yhatObs[b]!);
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = yhatObs[sorted[i]!]!;
  const chosen = new Uint32Array(yhatMis.length);
  for (let t = 0; t < yhatMis.length; t++) {
    const target = yhatMis[t]!;
    const h = random.int(kk) + 1;
    // Two pointers around the insertion point; take the h-th nearest.
    let right = lowerBound(values, target);
    let left = right - 1;
    let pick = -1;
    for (let step = 0; step < h; step++) {
      if (left < 0 || (right < n && values[right]! - target < target - values[left]!)) pick = right++;
      else pick = left--;
    }
    chosen[t] = sorted[pick]!;
  }
  return chosen;
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
