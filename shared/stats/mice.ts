/**
 * Multiple imputation by chained equations (MICE) with predictive mean matching.
 *
 * Speed (a 200,000-row report imputes 3 columns × 5 iterations × 5 chains): the cross-products of the columns that
 * never change (complete columns, and a column's own observed values) are formed once per incomplete column and
 * shared by every step and chain, so a step only regathers and multiplies the other incomplete columns; donors are
 * found by one stable radix sort of the predictions and a binary search per missing row (as mice's `matchindex`,
 * O((n_obs + n_mis) log n_obs), never O(n_mis × n_obs)); and the eigen-decomposition of `remove.lindep` is skipped
 * when a cheap bound already shows the predictors well-conditioned. None of these changes a single draw.
 */
import { createRandom, type Random } from '../random/seeded-random.js';
import { bayesianLinearDrawFromGram } from './bayesian-linear-draw.js';
import { type Matrix } from './dense-matrix.js';
import { screenPredictors } from './remove-linear-dependence.js';
import { EmptyGroupError, InvalidArgumentError, LengthMismatchError, NonFiniteValueError } from './errors.js';
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
  /**
   * Only these chains (0-based, each < m), in this order: the same data sets as the full call's at those
   * positions, so that the m chains can run in separate workers. Default: all m.
   */
  chains?: readonly number[];
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
 * @returns m completed copies of `rows` (or the `chains` asked for), columns in order of first appearance.
 * @throws {EmptyGroupError} when there are no rows, or a column has no observed value.
 * @throws {NonFiniteValueError} when a value is ±Infinity.
 * @throws {InvalidArgumentError} when a value is not a number, or m, maxit, donors, chains or method is invalid.
 * @example
 * const imputed = mice([{ a: 1, b: 2 }, { a: 2, b: null }, { a: 3, b: 5 }, { a: 4, b: 7 }], { m: 2, seed: 1 });
 * imputed.length; // => 2; imputed[0][1].b is one of 2, 5, 7
 */
export function mice(rows: readonly MiceRow[], options: MiceOptions): CompletedRow[][] {
  requireOptions(options);
  if (rows.length === 0) throw new EmptyGroupError('mice needs at least one row');
  const names = columnNames(rows);
  const n = rows.length;
  const data = names.map((name) => {
    const column = new Float64Array(n);
    for (let i = 0; i < n; i++) column[i] = readCell(rows[i]![name], name, i);
    return column;
  });
  return imputeChains(names, data, options).map((completed) => {
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

/**
 * {@link mice} on columns: `columns` maps each name to its values (NaN for a missing value), all of one length.
 * The same imputations as `mice` on the same data as rows (columns in the order of `Object.keys(columns)`, and the
 * same seed), without building a record per row: what a 200,000-row analysis needs.
 * @returns m completed data sets (or the `chains` asked for), each mapping every name to a `Float64Array`; the
 * complete columns are one copy shared by the m data sets (treat them as read-only).
 * @throws {EmptyGroupError} when there are no rows, or a column has no observed value.
 * @throws {LengthMismatchError} when the columns differ in length.
 * @throws {NonFiniteValueError} when a value is ±Infinity.
 * @throws {InvalidArgumentError} when m, maxit, donors, chains or method is invalid.
 * @example
 * const [first] = miceColumns({ a: [1, 2, 3, 4], b: [2, NaN, 5, 7] }, { m: 1, seed: 1 });
 * first.b[1]; // one of 2, 5, 7
 */
export function miceColumns(
  columns: Readonly<Record<string, ArrayLike<number>>>,
  options: MiceOptions,
): Record<string, Float64Array>[] {
  requireOptions(options);
  const names = Object.keys(columns);
  const n = names.length === 0 ? 0 : columns[names[0]!]!.length;
  if (n === 0) throw new EmptyGroupError('mice needs at least one row');
  const data = names.map((name) => {
    const source = columns[name]!;
    if (source.length !== n) {
      throw new LengthMismatchError(`column '${name}' has ${source.length} values; '${names[0]}' has ${n}`);
    }
    const column = Float64Array.from(source);
    for (let i = 0; i < n; i++) {
      if (column[i] === Infinity || column[i] === -Infinity) {
        throw new NonFiniteValueError(
          `row ${i}, column '${name}' is ${column[i]}; use NaN for a missing value`,
        );
      }
    }
    return column;
  });
  return imputeChains(names, data, options).map((completed) =>
    Object.fromEntries(names.map((name, j) => [name, completed[j]!])),
  );
}

function requireOptions(options: MiceOptions): void {
  const { m = 5, maxit = 5, method = 'pmm', donors = 5, chains } = options;
  requireCount(m, 'm', 1);
  for (const k of chains ?? []) {
    if (!(Number.isInteger(k) && k >= 0 && k < m)) {
      throw new InvalidArgumentError(`chains has ${k}; a chain is an integer from 0 to m - 1 = ${m - 1}`);
    }
  }
  requireCount(maxit, 'maxit', 0);
  requireCount(donors, 'donors', 1);
  if (method !== 'pmm')
    throw new InvalidArgumentError(`method is ${String(method)}; only 'pmm' is implemented`);
}

/**
 * The m chains on the columns `data` (NaN missing): per chain, the completed columns (an incomplete column is a
 * copy of its own; a complete column is `data`'s, shared). Each chain uses its own stream forked from
 * `createRandom(seed)`, in order.
 */
function imputeChains(
  names: readonly string[],
  data: readonly Float64Array[],
  options: MiceOptions,
): Float64Array[][] {
  const { m = 5, maxit = 5, seed, donors = 5 } = options;
  const n = data[0]!.length;
  const incomplete: Incomplete[] = [];
  data.forEach((column, j) => {
    const obs: number[] = [];
    const mis: number[] = [];
    for (let i = 0; i < n; i++) (Number.isNaN(column[i]!) ? mis : obs).push(i);
    if (obs.length === 0)
      throw new EmptyGroupError(`column '${names[j]}' has no observed value to impute from`);
    if (mis.length > 0) incomplete.push({ j, obs: Int32Array.from(obs), mis: Int32Array.from(mis) });
  });
  const steps = incomplete.map((column) => prepareStep(data, column, incomplete));
  const root = createRandom(seed);
  const streams = Array.from({ length: m }, () => root.fork());
  const chains = options.chains ?? streams.map((_, k) => k);
  return chains.map((k) => runChain(data, steps, maxit, donors, streams[k]!));
}

/** An incomplete column: its index and its observed and missing rows. */
interface Incomplete {
  j: number;
  obs: Int32Array;
  mis: Int32Array;
}

/**
 * What every imputation step of one incomplete column shares, in every iteration and chain: the other columns'
 * values on its observed rows, centred, column-major in `work` (column q is the column itself), their means and
 * centred cross-products. Complete columns and the observed values never change, so only the `varying` columns
 * (the other incomplete ones) are gathered again, and only their cross-products recomputed, at each step.
 */
interface Step extends Incomplete {
  others: Int32Array;
  /** Positions a < q (in `others`) of the other incomplete columns. */
  varying: Int32Array;
  work: Float64Array;
  means: Float64Array;
  /** Centred cross-products, (q + 1) × (q + 1), both triangles. */
  cross: Float64Array;
}

function prepareStep(
  data: readonly Float64Array[],
  column: Incomplete,
  incomplete: readonly Incomplete[],
): Step {
  const { j, obs } = column;
  const nObs = obs.length;
  const others: number[] = [];
  for (let k = 0; k < data.length; k++) if (k !== j) others.push(k);
  const q = others.length;
  const isIncomplete = new Set(incomplete.map((c) => c.j));
  const varying = others.flatMap((k, a) => (isIncomplete.has(k) ? [a] : []));
  const fixed = Array.from({ length: q + 1 }, (_, a) => a).filter(
    (a) => a === q || !isIncomplete.has(others[a]!),
  );
  const step: Step = {
    ...column,
    others: Int32Array.from(others),
    varying: Int32Array.from(varying),
    work: new Float64Array((q + 1) * nObs),
    means: new Float64Array(q + 1),
    cross: new Float64Array((q + 1) * (q + 1)),
  };
  for (const a of fixed) gatherCentred(step, a, a < q ? data[others[a]!]! : data[j]!);
  for (const a of fixed) for (const b of fixed) if (b <= a) setCross(step, a, b);
  return step;
}

/** Column a of the step's work: `source` on the observed rows, centred; its mean in `means[a]`. */
function gatherCentred({ obs, work, means }: Step, a: number, source: Float64Array): void {
  const nObs = obs.length;
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

function setCross({ obs, work, cross, others }: Step, a: number, b: number): void {
  const nObs = obs.length;
  const size = others.length + 1;
  const v = dot(work, a * nObs, work, b * nObs, nObs);
  cross[a * size + b] = v;
  cross[b * size + a] = v;
}

function runChain(
  data: readonly Float64Array[],
  steps: readonly Step[],
  maxit: number,
  donors: number,
  random: Random,
): Float64Array[] {
  const current = data.slice();
  for (const { j, obs, mis } of steps) {
    const column = Float64Array.from(data[j]!);
    for (let k = 0; k < mis.length; k++) column[mis[k]!] = column[obs[random.int(obs.length)]!]!;
    current[j] = column;
  }
  for (let iteration = 0; iteration < maxit; iteration++) {
    for (const step of steps) imputeColumn(current, step, donors, random);
  }
  return current;
}

/**
 * One chained-equation step for column j: predictive mean matching given the current values of the others.
 * Every quantity the step needs (the predictor screening's variances and correlations, XᵀX and Xᵀy) comes from the
 * centred cross-products of the step's `work`; only the other incomplete columns are gathered and multiplied
 * again (see {@link Step}).
 */
function imputeColumn(current: Float64Array[], step: Step, donors: number, random: Random): void {
  const { j, obs, mis, others, varying, work, means, cross: s } = step;
  const nObs = obs.length;
  const y = current[j]!;
  const q = others.length;
  for (const a of varying) gatherCentred(step, a, current[others[a]!]!);
  for (const a of varying) for (let b = 0; b <= q; b++) setCross(step, a, b);
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
  const { order: sorted, values } = stableSortByValue(shuffled, yhatObs);
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

/**
 * `order` stably sorted by `value[order[i]]` ascending (ties keep their order in `order`), and the sorted values:
 * an LSD radix sort on the IEEE bits (8 passes of a byte, skipping a byte every key shares), the same order as a
 * stable comparison sort but without a comparator call per comparison. -0 is sorted as +0; values are finite.
 */
function stableSortByValue(
  order: Uint32Array,
  value: Float64Array,
): { order: Uint32Array; values: Float64Array } {
  const n = order.length;
  const keys = new Float64Array(n);
  for (let i = 0; i < n; i++) keys[i] = value[order[i]!]! + 0; // + 0 turns -0 into +0
  const words = new Uint32Array(keys.buffer); // little-endian: low word at 2i, high word at 2i + 1
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const h = words[2 * i + 1]!;
    const l = words[2 * i]!;
    // Flip so that the unsigned order of (hi, lo) is the numeric order: negatives reversed, below positives.
    if (h >>> 31 === 1) {
      hi[i] = ~h >>> 0;
      lo[i] = ~l >>> 0;
    } else {
      hi[i] = (h | 0x80000000) >>> 0;
      lo[i] = l;
    }
  }
  let perm = Uint32Array.from(order);
  let hiA = hi;
  let loA = lo;
  let permB = new Uint32Array(n);
  let hiB = new Uint32Array(n);
  let loB = new Uint32Array(n);
  const count = new Uint32Array(256);
  for (let pass = 0; pass < 8; pass++) {
    const source = pass < 4 ? loA : hiA;
    const shift = (pass % 4) * 8;
    count.fill(0);
    for (let i = 0; i < n; i++) count[(source[i]! >>> shift) & 255]!++;
    if (count[(source[0]! >>> shift) & 255] === n) continue; // every key has this byte
    let total = 0;
    for (let b = 0; b < 256; b++) {
      const c = count[b]!;
      count[b] = total;
      total += c;
    }
    for (let i = 0; i < n; i++) {
      const to = count[(source[i]! >>> shift) & 255]!++;
      permB[to] = perm[i]!;
      hiB[to] = hiA[i]!;
      loB[to] = loA[i]!;
    }
    [perm, permB] = [permB, perm];
    [hiA, hiB] = [hiB, hiA];
    [loA, loB] = [loB, loA];
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = value[perm[i]!]!;
  return { order: perm, values };
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
