/**
 * Small-cell suppression for anything that leaves a center's private space (STUDY.md): no count from 1 to
 * threshold − 1 may be shown (default threshold 11, the CMS rule), nor any figure that lets one be worked out.
 *
 * Primary suppression hides the small counts. Complementary suppression then works on the table extended with
 * its margins: every row and every column (with its total) is a linear equation, and an equation with exactly
 * one hidden entry gives that entry away by subtraction. So while some equation has exactly one hidden entry,
 * one more entry of it is hidden: the smallest shown non-zero count (a zero only when nothing else is left), so
 * as little information as possible is lost. Hiding only ever grows, so the loop ends.
 */

export const DEFAULT_SUPPRESSION_THRESHOLD = 11;

/**
 * A published count: the value, or null when hidden. A count hidden by the small-cell rule and one hidden as its
 * complement are published identically: labelling them would let a reader bound the small one (two hidden cells
 * summing to 12, labelled small and complement, can only be 1 and 11).
 */
export interface SuppressedCell {
  value: number | null;
  suppressed?: true;
}

/** True for a count that may not be shown on its own: 1 to threshold − 1. */
export function isSmallCount(value: number, threshold = DEFAULT_SUPPRESSION_THRESHOLD): boolean {
  return value > 0 && value < threshold;
}

/** Suppresses a single count that has no published complement (a total, a volume). */
export function suppressCount(value: number, threshold = DEFAULT_SUPPRESSION_THRESHOLD): SuppressedCell {
  return isSmallCount(value, threshold) ? { value: null, suppressed: true } : { value };
}

export interface SuppressedTable {
  cells: SuppressedCell[][];
  rowTotals: SuppressedCell[];
  columnTotals: SuppressedCell[];
  grandTotal: SuppressedCell;
}

/**
 * Suppresses an r×c table of counts that is published with its row totals, column totals and grand total.
 * @throws {RangeError} on a negative or non-integer count, or a ragged table.
 * @example suppressTable([[3, 40], [25, 32]]) // hides 3, then 40, 25 and 32 as its complements as needed
 */
export function suppressTable(
  counts: readonly (readonly number[])[],
  threshold = DEFAULT_SUPPRESSION_THRESHOLD,
): SuppressedTable {
  const r = counts.length;
  const c = counts[0]?.length ?? 0;
  for (const row of counts) {
    if (row.length !== c)
      throw new RangeError('suppressTable: every row must have the same number of columns');
    for (const v of row)
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`suppressTable: ${v} is not a count`);
  }
  // Extended grid: (r + 1) × (c + 1), last row and column are the totals.
  const grid: number[][] = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totalsRow = Array.from({ length: c + 1 }, (_, j) => grid.reduce((sum, row) => sum + row[j]!, 0));
  grid.push(totalsRow);
  const hidden: boolean[][] = grid.map((row) => row.map((v) => isSmallCount(v, threshold)));

  const lines: [number, number][][] = [];
  for (let i = 0; i <= r; i++)
    lines.push(Array.from({ length: c + 1 }, (_, j) => [i, j] as [number, number]));
  for (let j = 0; j <= c; j++)
    lines.push(Array.from({ length: r + 1 }, (_, i) => [i, j] as [number, number]));

  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      const hiddenCount = line.filter(([i, j]) => hidden[i]![j]).length;
      if (hiddenCount !== 1) continue;
      const candidates = line.filter(([i, j]) => !hidden[i]![j]);
      if (candidates.length === 0) continue;
      const rank = ([i, j]: [number, number]): number =>
        grid[i]![j] === 0 ? Number.MAX_SAFE_INTEGER : grid[i]![j]!;
      const [bi, bj] = candidates.reduce((best, cell) => (rank(cell) < rank(best) ? cell : best));
      hidden[bi]![bj] = true;
      changed = true;
    }
  }

  const cell = (i: number, j: number): SuppressedCell => {
    return hidden[i]![j] ? { value: null, suppressed: true } : { value: grid[i]![j]! };
  };
  return {
    cells: Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => cell(i, j))),
    rowTotals: Array.from({ length: r }, (_, i) => cell(i, c)),
    columnTotals: Array.from({ length: c }, (_, j) => cell(r, j)),
    grandTotal: cell(r, c),
  };
}
