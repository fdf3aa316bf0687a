/**
 * Pearson's chi-square test of independence on an r x c table of counts, as R's `chisq.test(table)`: Table 1 and
 * Table 2's test for categorical variables. The expected counts are returned too, because the report switches to
 * Fisher's exact test when one is below 5.
 */
import { pchisq } from './distributions.js';
import { InvalidArgumentError } from './errors.js';
import { requireFinite } from './input-checks.js';

/** Options of {@link chiSquareTest}. */
export interface ChiSquareOptions {
  /** Yates' continuity correction, applied to 2 x 2 tables only. Default true, as R. */
  correct?: boolean;
}

/** Result of {@link chiSquareTest}. */
export interface ChiSquareResult {
  statistic: number;
  df: number;
  /** Upper-tail p-value. */
  pValue: number;
  /** Expected counts under independence, row total x column total / grand total. */
  expected: number[][];
  /** The smallest expected count (R warns "Chi-squared approximation may be incorrect" when it is below 5). */
  minExpected: number;
  /** Whether Yates' correction was applied. */
  yates: boolean;
}

/**
 * Pearson's chi-square test of independence, as R's `chisq.test(table, correct)`. For 2 x 2 tables with
 * `correct`, Yates' correction subtracts min(0.5, |O - E|) from every |O - E|, exactly as R.
 * @param table counts, one array per row (at least 2 x 2).
 * @throws {InvalidArgumentError} when the table is not rectangular, smaller than 2 x 2, has a negative count, or
 * has an empty row or column (its expected counts would be 0). @throws {NonFiniteValueError} on NaN or ±Infinity.
 * @example chiSquareTest([[46, 786], [32, 800]]).pValue // 0.1316…
 */
export function chiSquareTest(
  table: readonly (readonly number[])[],
  options: ChiSquareOptions = {},
): ChiSquareResult {
  const { rowTotals, colTotals, total } = margins(table);
  const nrow = rowTotals.length;
  const ncol = colTotals.length;
  const expected = rowTotals.map((r) => colTotals.map((c) => (r * c) / total));
  const yates = (options.correct ?? true) && nrow === 2 && ncol === 2;
  let correction = 0;
  if (yates) {
    correction = 0.5;
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 2; j++)
        correction = Math.min(correction, Math.abs(table[i]![j]! - expected[i]![j]!));
    }
  }
  let statistic = 0;
  let minExpected = Infinity;
  for (let i = 0; i < nrow; i++) {
    for (let j = 0; j < ncol; j++) {
      const e = expected[i]![j]!;
      const d = Math.abs(table[i]![j]! - e) - correction;
      statistic += (d * d) / e;
      minExpected = Math.min(minExpected, e);
    }
  }
  const df = (nrow - 1) * (ncol - 1);
  return { statistic, df, pValue: pchisq(statistic, df, false), expected, minExpected, yates };
}

/** Row, column and grand totals of a validated table of counts. */
function margins(table: readonly (readonly number[])[]): {
  rowTotals: number[];
  colTotals: number[];
  total: number;
} {
  const ncol = table[0]?.length ?? 0;
  if (table.length < 2 || ncol < 2) {
    throw new InvalidArgumentError(
      `a contingency table needs at least 2 rows and 2 columns, got ${table.length} x ${ncol}`,
    );
  }
  const colTotals = new Array<number>(ncol).fill(0);
  const rowTotals = table.map((row, i) => {
    if (row.length !== ncol) {
      throw new InvalidArgumentError(`table row ${i} has ${row.length} columns; row 0 has ${ncol}`);
    }
    requireFinite(row, `table[${i}]`);
    let sum = 0;
    row.forEach((count, j) => {
      if (count < 0)
        throw new InvalidArgumentError(`table[${i}][${j}] is ${count}; counts cannot be negative`);
      sum += count;
      colTotals[j]! += count;
    });
    return sum;
  });
  const emptyRow = rowTotals.indexOf(0);
  if (emptyRow >= 0)
    throw new InvalidArgumentError(`table row ${emptyRow} is all zero; drop the empty category`);
  const emptyCol = colTotals.indexOf(0);
  if (emptyCol >= 0)
    throw new InvalidArgumentError(`table column ${emptyCol} is all zero; drop the empty category`);
  return { rowTotals, colTotals, total: rowTotals.reduce((a, b) => a + b, 0) };
}
