/**
 * Fisher's exact test of an r x c table other than 2 x 2, as R's FEXACT (Mehta & Patel 1983 network algorithm):
 * the two-sided p-value sums the multivariate hypergeometric probabilities prod(r_i!) prod(c_j!) / (n! prod(x_ij!))
 * of every table with the observed margins that is no more probable than the observed one, with FEXACT's tie
 * tolerance. Tables with 2 rows or 2 columns are walked column by column with exact bounds on the rest of the
 * path; wider tables are enumerated cell by cell. Either walk stops after {@link FISHER_EXACT_NODE_LIMIT} steps.
 */
import { InvalidArgumentError, StatsError } from './errors.js';

/**
 * The exact test would take more work than {@link FISHER_EXACT_NODE_LIMIT} allows (R's FEXACT fails the same way
 * with "LDSTP is too small"); the chi-square test is the way out.
 */
export class InfeasibleComputationError extends StatsError {}

/**
 * Most steps an r x c test may take before it gives up: 10^7, where a step is a node (partial table) visited or
 * one value of a bound or tail sum computed; reaching it takes about 1-3 s. Measured: the 2 x 6 tables of
 * n = 4,835 (p = 0.02) and n = 3,940 (p = 5e-12) take 1.6 x 10^6 and 5 x 10^5 steps, the 2 x 3 of n = 5,492
 * 4 x 10^4, a 3 x 3 of n = 300 1.7 x 10^6; a 5 x 4 of n = 200, a 4 x 4 of n = 60 and a 2 x 8 of n = 3,150 exceed
 * it. Beyond it the report should use the chi-square test.
 */
export const FISHER_EXACT_NODE_LIMIT = 10_000_000;

/**
 * FEXACT's tolerance (R's src/library/stats/src/fexact.c, `tol = 3.45254e-7`): a table counts as no more probable
 * than the observed one when its log-probability is at most the observed one's plus this. (R's 2 x 2 code uses a
 * relative 1 + 1e-7 instead; both only decide ties, which differ by rounding.)
 */
const FEXACT_LOG_TOLERANCE = 3.45254e-7;

/**
 * Two-sided p-value of an r x c table other than 2 x 2, as R's FEXACT: zero rows and columns dropped, p = 1 when
 * fewer than two of either remain, then the 2-row walk or the general enumeration.
 */
export function rxcPValue(counts: readonly (readonly number[])[]): number {
  const rowTotals = counts.map((row) => row.reduce((acc, x) => acc + x, 0));
  const colTotals = counts[0]!.map((_, j) => counts.reduce((acc, row) => acc + row[j]!, 0));
  const keptRows = counts.filter((_, i) => rowTotals[i]! > 0);
  const keptCols = colTotals.flatMap((total, j) => (total > 0 ? [j] : []));
  if (keptRows.length === 0) {
    throw new InvalidArgumentError(
      'every count in the table is zero; Fisher exact test needs at least one observation',
    );
  }
  if (keptRows.length < 2 || keptCols.length < 2) return 1;
  const reduced = keptRows.map((row) => keptCols.map((j) => row[j]!));
  const n = rowTotals.reduce((acc, x) => acc + x, 0);
  const logFactorial = logFactorials(n);
  const work = new WorkCounter(reduced);
  let pValue: number;
  if (reduced.length === 2 || reduced[0]!.length === 2) {
    // A 2 x c table, or an r x 2 one read by columns: its first row (column) x_j over the totals c_j.
    const byColumn = reduced.length === 2;
    const totals = byColumn
      ? reduced[0]!.map((x, j) => x + reduced[1]![j]!)
      : reduced.map((row) => row[0]! + row[1]!);
    const first = byColumn ? reduced[0]! : reduced.map((row) => row[0]!);
    const logChoose = (m: number, k: number): number =>
      logFactorial[m]! - logFactorial[k]! - logFactorial[m - k]!;
    const observed = first.reduce((acc, x, j) => acc + logChoose(totals[j]!, x), 0);
    const firstTotal = first.reduce((acc, x) => acc + x, 0);
    pValue = twoRowMass(totals, firstTotal, observed + FEXACT_LOG_TOLERANCE, logFactorial, work);
  } else pValue = enumeratedPValue(reduced, logFactorial, work);
  return Math.max(0, Math.min(1, pValue));
}

/** log(k!) for k = 0..n, summed with Neumaier compensation so even log(5000!) is correct to the last digit. */
function logFactorials(n: number): Float64Array {
  const out = new Float64Array(n + 1);
  let sum = 0;
  let compensation = 0;
  for (let k = 2; k <= n; k++) {
    const term = Math.log(k);
    const t = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - t + term : term - t + sum;
    sum = t;
    out[k] = sum + compensation;
  }
  return out;
}

/** Counts nodes of a walk and throws {@link InfeasibleComputationError} past {@link FISHER_EXACT_NODE_LIMIT}. */
class WorkCounter {
  private nodes = 0;

  constructor(private readonly table: readonly (readonly number[])[]) {}

  step(count = 1): void {
    this.nodes += count;
    if (this.nodes > FISHER_EXACT_NODE_LIMIT) {
      const n = this.table.flat().reduce((acc, x) => acc + x, 0);
      throw new InfeasibleComputationError(
        `Fisher's exact test on this ${this.table.length} x ${this.table[0]!.length} table (n = ${n}) needs more ` +
          `than ${FISHER_EXACT_NODE_LIMIT.toLocaleString('en-US')} steps; the table is too large for the exact ` +
          'test, use the chi-square test (chiSquareTest) instead',
      );
    }
  }
}

/**
 * The 2-row walk. A 2 x c table with column totals c_j and first-row total R is its first row x_j, with
 * probability prod_j C(c_j, x_j) / C(n, R); this returns the total probability of the tables whose log-count
 * sum_j log C(c_j, x_j) is at most `limit` (the observed one's plus FEXACT's tolerance, for the p-value). The walk
 * visits columns in order keyed by the running first-row total: each node is a partial table. Two exact bounds
 * on the rest of the path settle most nodes without visiting their descendants (the network algorithm's longest
 * and shortest paths):
 * - the most probable completion is the greedy one, because log C(c, x) is concave in x: when even it is within
 *   the limit, every completion counts, and their total is C(N_rest, R_rest) (Vandermonde);
 * - every completion adds a log-count >= 0: when the partial table alone is past the limit, none counts.
 * The last two columns are settled at once: given their total t, x ↦ log C(c, x) + log C(c', t - x) is concave,
 * so the tables that count are the two tails of a hypergeometric distribution, found by bisection and read off
 * cumulative sums kept per t. Columns go smallest first so the wide ones come last, where that happens.
 */
function twoRowMass(
  colTotals: readonly number[],
  firstTotal: number,
  limit: number,
  lf: Float64Array,
  work: WorkCounter,
): number {
  const c = [...colTotals].sort((a, b) => a - b);
  const n = c.reduce((acc, x) => acc + x, 0);
  // C(c, x) = C(c, c - x): walking the smaller row is the same test with fewer nodes.
  const rowTotal = Math.min(firstTotal, n - firstTotal);
  const logChoose = (m: number, k: number): number => lf[m]! - lf[k]! - lf[m - k]!;
  const pair = c.length - 2;

  const rest = [...c];
  for (let k = c.length - 2; k >= 0; k--) rest[k] = rest[k]! + rest[k + 1]!;
  const mostProbable = greedyMaxima(c, rowTotal, work);
  const logDenominator = logChoose(n, rowTotal);
  // Absolute slack on the bounds, so rounding can only send a node down to the exact tail split.
  const slack = 1e-9 * (1 + logDenominator);
  const tails = new HypergeometricTails(c[pair]!, c[pair + 1]!, logChoose, work);

  let mass = 0;
  const visit = (k: number, remaining: number, past: number): void => {
    work.step();
    if (past > limit + slack) return;
    if (past + mostProbable[k]![remaining]! <= limit - slack) {
      mass += Math.exp(past + logChoose(rest[k]!, remaining) - logDenominator);
      return;
    }
    if (k === pair) {
      const tailMass = tails.massAtOrBelow(remaining, limit - past);
      mass += Math.exp(past + logChoose(rest[k]!, remaining) - logDenominator) * tailMass;
      return;
    }
    const hi = Math.min(c[k]!, remaining);
    for (let x = Math.max(0, remaining - rest[k + 1]!); x <= hi; x++) {
      visit(k + 1, remaining - x, past + logChoose(c[k]!, x));
    }
  };
  visit(0, rowTotal, 0);
  return mass;
}

/**
 * The last two columns of the 2-row walk, with totals a and b: for a top-row total t, X ~ hypergeometric with
 * P(X = x) = C(a, x) C(b, t - x) / C(a + b, t). Per t it keeps the support and the lower and upper cumulative
 * sums (each summed from its own tail, so small tails keep their digits).
 */
class HypergeometricTails {
  private readonly byTotal = new Map<number, { below: number[]; above: number[] }>();

  constructor(
    private readonly a: number,
    private readonly b: number,
    private readonly logChoose: (m: number, k: number) => number,
    private readonly work: WorkCounter,
  ) {}

  /** log C(a, x) + log C(b, t - x): the log-count of the two columns' part of the path. */
  logCount(t: number, x: number): number {
    return this.logChoose(this.a, x) + this.logChoose(this.b, t - x);
  }

  /** P(logCount(t, X) <= limit): the two tails outside the interval where the log-count exceeds `limit`. */
  massAtOrBelow(t: number, limit: number): number {
    const lo = Math.max(0, t - this.b);
    const hi = Math.min(this.a, t);
    // The mode of the hypergeometric distribution; the log-count rises to it and falls after.
    const mode = Math.min(hi, Math.max(lo, Math.floor(((t + 1) * (this.a + 1)) / (this.a + this.b + 2))));
    if (this.logCount(t, mode) <= limit) return 1;
    // first: the smallest x with logCount > limit; last: the largest.
    let left = lo;
    let right = mode;
    while (left < right) {
      const mid = Math.floor((left + right) / 2);
      if (this.logCount(t, mid) > limit) right = mid;
      else left = mid + 1;
    }
    const first = left;
    left = mode;
    right = hi;
    while (left < right) {
      const mid = Math.ceil((left + right) / 2);
      if (this.logCount(t, mid) > limit) left = mid;
      else right = mid - 1;
    }
    const last = left;
    const sums = this.cumulative(t, lo, hi);
    return sums.below[first - lo]! + sums.above[last + 1 - lo]!;
  }

  /** below[i] = P(X < lo + i), above[i] = P(X >= lo + i), for i = 0..hi - lo + 1. */
  private cumulative(t: number, lo: number, hi: number): { below: number[]; above: number[] } {
    let sums = this.byTotal.get(t);
    if (sums) return sums;
    const logTotal = this.logChoose(this.a + this.b, t);
    const size = hi - lo + 1;
    const below = new Array<number>(size + 1).fill(0);
    const above = new Array<number>(size + 1).fill(0);
    for (let i = 0; i < size; i++) {
      this.work.step();
      below[i + 1] = below[i]! + Math.exp(this.logCount(t, lo + i) - logTotal);
    }
    for (let i = size - 1; i >= 0; i--) {
      above[i] = above[i + 1]! + Math.exp(this.logCount(t, lo + i) - logTotal);
    }
    sums = { below, above };
    this.byTotal.set(t, sums);
    return sums;
  }
}

/**
 * maxima[k][t]: the largest sum_{j >= k} log C(c_j, x_j) over x_j in [0, c_j] with sum t. Each term is concave
 * in x_j, so the best allocation takes the t largest increments log C(c, x + 1) - log C(c, x) (greedy is optimal
 * for separable concave allocation); each column's increments fall with x, so a merge of sorted lists suffices.
 */
function greedyMaxima(c: readonly number[], rowTotal: number, work: WorkCounter): number[][] {
  // Plain arrays: these are many and small, and V8 allocates typed arrays slowly.
  const maxima: number[][] = new Array<number[]>(c.length);
  let increments: number[] = [];
  for (let k = c.length - 1; k >= 0; k--) {
    const width = Math.min(c[k]!, rowTotal);
    const merged = new Array<number>(Math.min(rowTotal, increments.length + width));
    work.step(merged.length + 1);
    // Column k's increments log C(c, x + 1) - log C(c, x) = log((c - x) / (x + 1)), falling in x.
    let x = 0;
    let own = width > 0 ? Math.log(c[k]!) : -Infinity;
    let j = 0;
    for (let t = 0; t < merged.length; t++) {
      if (j >= increments.length || (x < width && own >= increments[j]!)) {
        merged[t] = own;
        x++;
        own = x < width ? Math.log((c[k]! - x) / (x + 1)) : -Infinity;
      } else merged[t] = increments[j++]!;
    }
    increments = merged;
    const prefix = new Array<number>(rowTotal + 1).fill(-Infinity);
    prefix[0] = 0;
    for (let t = 0; t < merged.length; t++) prefix[t + 1] = prefix[t]! + merged[t]!;
    maxima[k] = prefix;
  }
  return maxima;
}

/**
 * p-value of an r x c table (r, c >= 3) by enumerating the tables with its margins column by column and cell by
 * cell: cell (i, j) ranges over what the row's and the column's remainders allow while leaving the rows below
 * able to take the rest of the column, and the column's last cell follows. The log-probability is
 * log(prod r_i! prod c_j! / n!) minus the running sum of log(x_ij!). The last two columns (the widest) form an
 * r x 2 table with the rows' remainders as margins, and the 2-row walk settles them at once: with y_i its first
 * column, sum_i [log y_i! + log (a_i - y_i)!] = sum_i log a_i! - sum_i log C(a_i, y_i).
 */
function enumeratedPValue(
  table: readonly (readonly number[])[],
  lf: Float64Array,
  work: WorkCounter,
): number {
  const r = table.length;
  const rowTotals = table.map((row) => row.reduce((acc, x) => acc + x, 0));
  const colTotals = table[0]!.map((_, j) => table.reduce((acc, row) => acc + row[j]!, 0));
  const cols = [...colTotals].sort((a, b) => a - b);
  const n = cols.reduce((acc, x) => acc + x, 0);
  const logConstant =
    rowTotals.reduce((acc, x) => acc + lf[x]!, 0) + cols.reduce((acc, x) => acc + lf[x]!, 0) - lf[n]!;
  // A table counts when its probability is at most the observed one's (FEXACT tolerance): when its sum of
  // log(x_ij!) is at least the observed sum less the tolerance.
  const observedSum = table.flat().reduce((acc, x) => acc + lf[x]!, 0);
  const pair = cols.length - 2;
  const lastTwo = cols[pair]! + cols[pair + 1]!;
  const rowLeft = [...rowTotals];

  let pValue = 0;
  const visit = (j: number, i: number, colLeft: number, past: number): void => {
    work.step();
    if (j === pair) {
      const rowPart = rowLeft.reduce((acc, a) => acc + lf[a]!, 0);
      const limit = past + rowPart - observedSum + FEXACT_LOG_TOLERANCE;
      const mass = twoRowMass(rowLeft, cols[pair]!, limit, lf, work);
      const logChooseLast = lf[lastTwo]! - lf[cols[pair]!]! - lf[cols[pair + 1]!]!;
      pValue += Math.exp(logConstant - past - rowPart + logChooseLast) * mass;
      return;
    }
    if (i === r - 1) {
      rowLeft[i] = rowLeft[i]! - colLeft;
      visit(j + 1, 0, cols[j + 1]!, past + lf[colLeft]!);
      rowLeft[i] = rowLeft[i]! + colLeft;
      return;
    }
    let below = 0;
    for (let k = i + 1; k < r; k++) below += rowLeft[k]!;
    const hi = Math.min(rowLeft[i]!, colLeft);
    for (let x = Math.max(0, colLeft - below); x <= hi; x++) {
      rowLeft[i] = rowLeft[i]! - x;
      visit(j, i + 1, colLeft - x, past + lf[x]!);
      rowLeft[i] = rowLeft[i]! + x;
    }
  };
  visit(0, 0, cols[0]!, 0);
  return pValue;
}
