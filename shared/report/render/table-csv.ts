/**
 * A published table as data: `tables/<id>.csv` holds the display text of each column as the page shows it, then
 * the table's data columns (numbers as numbers, hidden counts empty beside a `…_suppressed` flag), and
 * `tables/<id>.dictionary.csv` says what every column of it means, in which unit and of which type.
 */
import { toDataCsv, type CsvValue } from './csv-table.js';
import type { DataColumn, ReportTable } from './report-tables.js';

/** The header of every table's data dictionary. */
export const DICTIONARY_HEADER = ['column', 'meaning', 'unit', 'type'] as const;

/**
 * Every column of a table's CSV, in file order: the display columns (named by their page header, with
 * " (as shown)" added when a data column has the same name), then the data columns.
 */
export function tableCsvColumns(table: ReportTable): DataColumn[] {
  const dataNames = new Set(table.data.columns.map((c) => c.name));
  const display = table.header.map((header, i): DataColumn => ({
    name: dataNames.has(header) ? `${header} (as shown)` : header,
    meaning:
      i === 0
        ? `Row label as shown on the page (${table.caption})`
        : `“${header}” as shown on the page (display text; any numbers in it are in the data columns)`,
    unit: 'text',
    type: 'text',
  }));
  return [...display, ...table.data.columns];
}

/**
 * The CSV file of a table: display text and data side by side, one line per row, UTF-8 with a byte-order mark.
 * @throws {TableDataError} when the data rows do not match the display rows or the columns.
 */
export function tableCsv(table: ReportTable): string {
  const columns = tableCsvColumns(table);
  if (table.data.rows.length !== table.rows.length) {
    throw new TableDataError(
      `Table ${table.id} has ${table.rows.length} display rows but ${table.data.rows.length} data rows: build one data row per display row`,
    );
  }
  const rows = table.rows.map((display, i): CsvValue[] => {
    const data = table.data.rows[i]!;
    if (display.length !== table.header.length || data.length !== table.data.columns.length) {
      throw new TableDataError(
        `Table ${table.id} row ${i + 1} has ${display.length} display and ${data.length} data cells for ${table.header.length} and ${table.data.columns.length} columns: give every row one cell per column`,
      );
    }
    return [...display, ...data];
  });
  return toDataCsv(
    columns.map((c) => c.name),
    rows,
  );
}

/** The sidecar data dictionary of a table's CSV: one line per column (column, meaning, unit, type). */
export function tableDictionaryCsv(table: ReportTable): string {
  return toDataCsv(
    DICTIONARY_HEADER,
    tableCsvColumns(table).map((c) => [c.name, c.meaning, c.unit, c.type]),
  );
}

/** A table whose data rows or cells do not line up with its display rows and columns. */
export class TableDataError extends Error {
  override readonly name = 'TableDataError';
}
