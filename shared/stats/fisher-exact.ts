/**
 * Fisher's exact test (Fisher 1935), as R's `fisher.test(table)`: the test Table 1 and Table 2 fall back to when an
 * expected count is below 5.
 *
 * - 2 x 2: the two-sided p-value, R's conditional maximum-likelihood odds ratio and its exact confidence interval,
 *   both from the noncentral hypergeometric distribution and solved with R's own root finder so the digits match.
 * - r x c: the two-sided p-value only (R gives no odds ratio there). It sums the multivariate hypergeometric
 *   probabilities prod(r_i!) prod(c_j!) / (n! prod(x_ij!)) of every table with the observed margins that is no more
 *   probable than the observed one, as R's FEXACT (Mehta & Patel 1983 network algorithm) does, with FEXACT's tie
 *   tolerance. Tables with 2 rows or 2 columns are walked column by column with exact bounds on the rest of the
 *   path, which makes a categorical variable x 2 groups feasible with n in the thousands; wider tables are
 *   enumerated cell by cell. Either walk stops after {@link FISHER_EXACT_NODE_LIMIT} steps.
 */
import { InvalidArgumentError, NonFiniteValueError } from './errors.js';
import { type FisherExact2x2Result, fisherExact2x2 } from './fisher-exact-2x2.js';
import { rxcPValue } from './fisher-exact-rxc.js';

export type { FisherExact2x2Result } from './fisher-exact-2x2.js';
export { FISHER_EXACT_NODE_LIMIT, InfeasibleComputationError } from './fisher-exact-rxc.js';

/** Options of {@link fisherExact}. */
export interface FisherExactOptions {
  /** Confidence level of the odds-ratio interval (2 x 2 only). Default 0.95. */
  confLevel?: number;
}

/** Result of {@link fisherExact} on a larger r x c table: a p-value and, as in R, no odds ratio. */
export interface FisherExactRxcResult {
  /** Two-sided p-value: the probability of tables no more likely than the observed one. */
  pValue: number;
  oddsRatio?: never;
  confInt?: never;
}

/** Result of {@link fisherExact}; `oddsRatio !== undefined` tells a 2 x 2 result apart. */
export type FisherExactResult = FisherExact2x2Result | FisherExactRxcResult;

type Table2x2 = readonly [readonly [number, number], readonly [number, number]];

/**
 * Two-sided Fisher exact test of a table given as rows, as R's `fisher.test(matrix)`. For 2 x 2 [[a, b], [c, d]]
 * the p-value sums the null hypergeometric probabilities not above the observed one (relative tolerance 1e-7,
 * as R) and the odds ratio and interval come with it. For any other r x c table (r, c >= 2) only the p-value is
 * returned; as R, rows and columns that are all zero are dropped first, and a table left with one row or
 * column has p = 1.
 * @throws {InvalidArgumentError} when the table is not rectangular with at least 2 rows and 2 columns of
 * non-negative integers, when an r x c table is all zero, or when `confLevel` is outside (0, 1).
 * @throws {NonFiniteValueError} on NaN or ±Infinity.
 * @throws {InfeasibleComputationError} when an r x c table needs more than {@link FISHER_EXACT_NODE_LIMIT}
 * steps; use the chi-square test for it.
 * @example fisherExact([[3, 1], [1, 3]]).pValue // 0.4857…
 * @example fisherExact([[3, 1], [1, 3], [0, 4]]).pValue // 0.1183…
 */
export function fisherExact(table: Table2x2, options?: FisherExactOptions): FisherExact2x2Result;
export function fisherExact(
  table: readonly (readonly number[])[],
  options?: FisherExactOptions,
): FisherExactResult;
export function fisherExact(
  table: readonly (readonly number[])[],
  options: FisherExactOptions = {},
): FisherExactResult {
  const confLevel = options.confLevel ?? 0.95;
  if (!(confLevel > 0 && confLevel < 1)) {
    throw new InvalidArgumentError(`confLevel must be in (0, 1), got ${confLevel}`);
  }
  const counts = validCounts(table);
  if (counts.length === 2 && counts[0]!.length === 2) return fisherExact2x2(counts, confLevel);
  return { pValue: rxcPValue(counts) };
}

/**
 * The table as validated rows: rectangular, at least 2 x 2, finite non-negative integers.
 */
function validCounts(table: readonly (readonly number[])[]): readonly (readonly number[])[] {
  const width = table[0]?.length ?? 0;
  if (table.length < 2 || width < 2 || table.some((row) => row.length !== width)) {
    throw new InvalidArgumentError(
      `Fisher exact test needs a rectangular table of at least 2 rows and 2 columns; got rows of length ` +
        `[${table.map((row) => row.length).join(', ')}]`,
    );
  }
  table.forEach((row, i) =>
    row.forEach((count, j) => {
      if (!Number.isFinite(count)) {
        throw new NonFiniteValueError(`table[${i}][${j}] is ${count}; remove or impute it before testing`);
      }
      if (count < 0 || !Number.isInteger(count)) {
        throw new InvalidArgumentError(`table[${i}][${j}] is ${count}; counts must be non-negative integers`);
      }
    }),
  );
  return table;
}
