/**
 * Wilcoxon rank-sum / Mann–Whitney U test (Mann & Whitney 1947), as R's `wilcox.test(x, y)`: Table 1's test for
 * skewed continuous variables.
 */
import { pnorm } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import { requireFinite, requireSize } from './input-checks.js';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /**
   * Exact null distribution when true, normal approximation when false. Default false: the registry's Table 1
   * reproduces `wilcox.test(exact = FALSE, correct = TRUE)` whatever the group sizes. With ties the exact
   * distribution does not apply, so the normal approximation is used whatever this says (as R, with a warning).
   */
  exact?: boolean;
  /** Continuity correction of the normal approximation. Default true, as R. */
  correct?: boolean;
}

/** Result of {@link mannWhitneyU}. */
export interface MannWhitneyResult {
  /** R's W: the rank sum of x minus n_x (n_x + 1) / 2, i.e. the number of (x, y) pairs with x > y (ties ½). */
  statistic: number;
  /** Two-sided p-value. */
  pValue: number;
  method: 'exact' | 'normal';
}

/**
 * Two-sided Wilcoxon rank-sum test of x and y, as R's `wilcox.test(x, y, exact, correct)`. Ties get mid-ranks;
 * the normal approximation uses the tie-corrected variance.
 * @throws {EmptyGroupError} when a group is empty. @throws {NonFiniteValueError} on NaN or ±Infinity.
 * @throws {InvalidArgumentError} when every value is tied (the statistic has no variance).
 * @example mannWhitneyU([1, 2, 3], [4, 5, 6, 7]) // { statistic: 0, pValue: 0.0518…, method: 'normal' }
 */
export function mannWhitneyU(
  x: readonly number[],
  y: readonly number[],
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  requireSize(x, 1, 'x');
  requireSize(y, 1, 'y');
  requireFinite(x, 'x');
  requireFinite(y, 'y');
  const nx = x.length;
  const ny = y.length;
  const { ranks, tieGroupSizes } = midRanks([...x, ...y]);
  let rankSumX = 0;
  for (let i = 0; i < nx; i++) rankSumX += ranks[i]!;
  const statistic = rankSumX - (nx * (nx + 1)) / 2;
  const hasTies = tieGroupSizes.some((size) => size > 1);

  const exact = (options.exact ?? false) && !hasTies;
  if (exact) {
    // As R: the tail on the statistic's side, P(W >= w) above the centre and P(W <= w) below it.
    const p = wilcoxonTail(statistic, nx, ny, statistic > (nx * ny) / 2);
    return { statistic, pValue: Math.min(2 * p, 1), method: 'exact' };
  }

  const n = nx + ny;
  let tieTerm = 0;
  for (const t of tieGroupSizes) tieTerm += t * t * t - t;
  const sigma = Math.sqrt(((nx * ny) / 12) * (n + 1 - tieTerm / (n * (n - 1))));
  if (sigma === 0)
    throw new InvalidArgumentError('Mann–Whitney test: all values are tied; nothing to compare');
  let z = statistic - (nx * ny) / 2;
  if (options.correct ?? true) z -= Math.sign(z) * 0.5;
  z /= sigma;
  const pValue = Math.min(2 * Math.min(pnorm(z), pnorm(z, false)), 1);
  return { statistic, pValue, method: 'normal' };
}

/** Mid-ranks (1-based, ties averaged) of `values`, and the size of each group of tied values. */
function midRanks(values: readonly number[]): { ranks: number[]; tieGroupSizes: number[] } {
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]!);
  const ranks = new Array<number>(values.length);
  const tieGroupSizes: number[] = [];
  let start = 0;
  while (start < order.length) {
    let end = start;
    while (end + 1 < order.length && values[order[end + 1]!] === values[order[start]!]) end++;
    const rank = (start + end + 2) / 2;
    for (let k = start; k <= end; k++) ranks[order[k]!] = rank;
    tieGroupSizes.push(end - start + 1);
    start = end + 1;
  }
  return { ranks, tieGroupSizes };
}

/**
 * P(W ≥ w) (`upper`) or P(W ≤ w) under H0 for the rank-sum statistic W with group sizes m and n, as R's
 * `pwilcox`. Counts the size-m subsets of ranks {1..m+n} by their W (dynamic programming), sums the tail
 * directly (no `1 - cdf`, so small p-values keep their precision) and divides by the total, choose(m + n, m).
 */
function wilcoxonTail(w: number, m: number, n: number, upper: boolean): number {
  const maxW = m * n;
  // ways[j][u]: subsets of size j of the ranks seen so far whose W (rank sum minus j(j+1)/2) is u.
  // Adding rank i + 1 to a subset of size j raises W by i - j, the number of smaller ranks left out.
  const ways = Array.from({ length: m + 1 }, () => new Float64Array(maxW + 1));
  ways[0]![0] = 1;
  for (let i = 0; i < m + n; i++) {
    for (let j = Math.min(i, m - 1); j >= Math.max(0, i - n); j--) {
      const shift = i - j;
      const from = ways[j]!;
      const to = ways[j + 1]!;
      for (let u = maxW - shift; u >= 0; u--) {
        const count = from[u]!;
        if (count !== 0) to[u + shift] = to[u + shift]! + count;
      }
    }
  }
  const counts = ways[m]!;
  let tail = 0;
  let total = 0;
  for (let u = 0; u <= maxW; u++) {
    total += counts[u]!;
    if (upper ? u >= w : u <= w) tail += counts[u]!;
  }
  return tail / total;
}
