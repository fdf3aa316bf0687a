import {
  suppressCount,
  suppressTable,
  type SuppressedTable,
} from '../../../shared/report/small-cell-suppression.js';

/** Brute-force check: no hidden entry can be worked out from one row or column equation. */
function everyEquationHidesZeroOrAtLeastTwo(table: SuppressedTable): boolean {
  const rows = table.cells.map((row, i) => [...row, table.rowTotals[i]!]);
  rows.push([...table.columnTotals, table.grandTotal]);
  const lines = [...rows, ...rows[0]!.map((_, j) => rows.map((row) => row[j]!))];
  return lines.every((line) => line.filter((cell) => cell.value === null).length !== 1);
}

describe('suppressTable', () => {
  it('leaves a table with no small counts alone', () => {
    const table = suppressTable([
      [20, 30],
      [40, 50],
    ]);
    expect(table.cells.flat().every((cell) => cell.value !== null)).toBe(true);
    expect(table.grandTotal).toEqual({ value: 140 });
  });

  it('hides small counts and enough complements that none can be derived from the totals', () => {
    const table = suppressTable([
      [3, 40, 25],
      [30, 32, 28],
    ]);
    expect(table.cells[0]![0]).toEqual({ value: null, suppressed: true });
    // Row 1 would reveal the 3 as 68 - 40 - 25: the smallest other count in the row (25) is hidden too, and
    // published exactly like the small one, so a reader cannot tell which of the two is small.
    expect(table.cells[0]![2]).toEqual(table.cells[0]![0]);
    expect(everyEquationHidesZeroOrAtLeastTwo(table)).toBe(true);
    expect(table.cells[1]![1]).toEqual({ value: 32 });
  });

  it('hides a small margin as well as small cells', () => {
    const table = suppressTable([
      [4, 3],
      [50, 60],
    ]);
    expect(table.rowTotals[0]).toEqual({ value: null, suppressed: true });
    expect(everyEquationHidesZeroOrAtLeastTwo(table)).toBe(true);
  });

  it('never leaves a lone hidden entry in random tables', () => {
    let seed = 1;
    const rand = (n: number): number => {
      seed = (seed * 16807) % 2147483647;
      return seed % n;
    };
    for (let k = 0; k < 200; k++) {
      const rows = 1 + rand(4);
      const cols = 1 + rand(4);
      const counts = Array.from({ length: rows }, () =>
        Array.from({ length: cols }, () => (rand(3) === 0 ? rand(11) : rand(200))),
      );
      const table = suppressTable(counts);
      expect(everyEquationHidesZeroOrAtLeastTwo(table)).toBe(true);
      table.cells.flat().forEach((cell) => {
        if (cell.value !== null) expect(cell.value === 0 || cell.value >= 11).toBe(true);
      });
    }
  });

  it('uses the configured threshold and rejects non-counts', () => {
    expect(suppressCount(5, 5)).toEqual({ value: 5 });
    expect(suppressCount(4, 5)).toEqual({ value: null, suppressed: true });
    expect(suppressCount(0)).toEqual({ value: 0 });
    expect(() => suppressTable([[1.5]])).toThrow(/not a count/);
    expect(() => suppressTable([[1, 2], [3]])).toThrow(/same number of columns/);
  });
});
