/**
 * CSV for the published tables (RFC 4180, CRLF line ends, UTF-8 with a byte-order mark so that spreadsheets read
 * χ², – and ≥ as UTF-8 rather than as the system's legacy code page). Text cells are neutralised against formula
 * injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return as a formula, so such a text cell gets a leading apostrophe, which spreadsheets show as text.
 * A cell that is a plain decimal number (a number cell, or display text such as `-0.24`) is left as it is: it
 * cannot hold a formula, and an apostrophe would turn it into text.
 */

const FORMULA_START = /^[=+\-@\t\r]/;
/** An optional minus, digits, an optional fraction: nothing a spreadsheet could run. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/** The UTF-8 byte-order mark that opens every published CSV file. */
export const CSV_BOM = '\uFEFF';

/**
 * Makes a cell safe to open in a spreadsheet: a leading `'` when it starts like a formula and is not a plain
 * number.
 * @example neutraliseCsvCell('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 * @example neutraliseCsvCell('-0.24') // "-0.24"
 */
export function neutraliseCsvCell(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/** Quotes a cell when it holds a comma, quote or line break (doubling inner quotes). */
function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a header and rows of display text as CSV; every cell is neutralised, then quoted as needed.
 * @example toCsvTable(['a'], [['-1']]) // "a\r\n'-1\r\n"
 */
export function toCsvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    [header, ...rows].map((row) => row.map((c) => quote(neutraliseCsvCell(c))).join(',')).join('\r\n') +
    '\r\n'
  );
}

/** A typed CSV cell: text (neutralised), a number (written as is), a flag (`true`/`false`), or empty (null). */
export type CsvValue = string | number | boolean | null;

/** One typed cell as CSV text: an absent or non-finite number is an empty cell, never a placeholder. */
function csvCell(value: CsvValue): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return quote(neutraliseCsvCell(value));
}

/**
 * Writes typed rows as a data CSV: a byte-order mark, the header, then one line per row. Text cells (and the
 * header) are neutralised and quoted; numbers stay numbers.
 * @example toDataCsv(['label', 'smd'], [['-x', -0.24]]) // "\uFEFFlabel,smd\r\n'-x,-0.24\r\n"
 */
export function toDataCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[]): string {
  return (
    CSV_BOM +
    [header.map((h) => csvCell(h)), ...rows.map((row) => row.map(csvCell))]
      .map((cells) => cells.join(','))
      .join('\r\n') +
    '\r\n'
  );
}

/**
 * Parses CSV text (RFC 4180: quoted cells may hold commas, doubled quotes and line breaks), dropping a leading
 * byte-order mark, into rows of cells. Used to read published files back as data.
 * @throws {CsvParseError} when a quoted cell is not closed.
 * @example parseCsv('\uFEFFa,b\r\n1,"x,y"\r\n') // [['a','b'],['1','x,y']]
 */
export function parseCsv(text: string): string[][] {
  const source = text.startsWith(CSV_BOM) ? text.slice(1) : text;
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '"' && cell === '') {
      const start = i;
      i += 1;
      for (;;) {
        if (i >= source.length) {
          throw new CsvParseError(
            `CSV quoted cell opened at character ${start} is never closed: close it with a double quote`,
          );
        }
        if (source[i] === '"') {
          if (source[i + 1] === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        cell += source[i];
        i += 1;
      }
      continue;
    }
    if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && source[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i += 1;
    } else if (ch === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += ch;
    }
    i += 1;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** A CSV text that cannot be read back as rows (Error options carry any `cause`). */
export class CsvParseError extends Error {
  override readonly name = 'CsvParseError';
}
