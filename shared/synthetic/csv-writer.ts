/**
 * Writes runs as the registry's CSV export: the dictionary's column order (`columnNames`) and canonical cells
 * (`formatCell`). A row may carry raw cell overrides (the dirty generator's unparseable cells, such as a day-first
 * date or text in a numeric column), which are written as given.
 */
import { formatCell } from '../dictionary/cell-parsers.js';
import { columnByName, columnNames, type ColumnName, type RunRow } from '../dictionary/index.js';

/** Raw cells that replace a row's formatted values, by column. */
export type RawCells = Partial<Record<ColumnName, string>>;

const kinds = columnNames.map((name) => columnByName.get(name)!.kind);

/** Quotes a cell when it holds a comma, a quote or a line break (RFC 4180). */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** The header line (no line break). */
export function csvHeader(): string {
  return columnNames.join(',');
}

/**
 * One row as a CSV line (no line break).
 *
 * @example toCsvLine(row) // 'C001,C001-R000001,1968,55,male,...'
 */
export function toCsvLine(row: Partial<RunRow>, raw?: RawCells): string {
  return columnNames
    .map((name, i) => {
      const override = raw?.[name];
      return quote(override ?? formatCell(kinds[i]!, row[name] as string | number | boolean | undefined));
    })
    .join(',');
}

/**
 * A whole CSV file: header and one line per row, each ending in `\n`.
 *
 * @param rawCells optional overrides by row index
 */
export function toCsv(rows: readonly Partial<RunRow>[], rawCells?: ReadonlyMap<number, RawCells>): string {
  const lines = [csvHeader()];
  rows.forEach((row, i) => lines.push(toCsvLine(row, rawCells?.get(i))));
  return `${lines.join('\n')}\n`;
}
