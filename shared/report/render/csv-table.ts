/**
 * CSV for the published tables (RFC 4180, CRLF line ends), with every cell neutralised against formula
 * injection (OWASP "CSV injection"): a spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or
 * carriage return as a formula, so such a cell gets a leading apostrophe, which spreadsheets show as text.
 * The price is that a negative number such as an SMD of −0.24 reads `'-0.24`; a published table is for reading,
 * and report.json carries the numbers.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Makes a cell safe to open in a spreadsheet: a leading `'` when it starts like a formula.
 * @example neutraliseCsvCell('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function neutraliseCsvCell(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Quotes a cell when it holds a comma, quote or line break (doubling inner quotes). */
function quote(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Writes a header and rows as CSV; every cell is neutralised, then quoted as needed.
 * @example toCsvTable(['a'], [['-1']]) // "a\r\n'-1\r\n"
 */
export function toCsvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return (
    [header, ...rows].map((row) => row.map((c) => quote(neutraliseCsvCell(c))).join(',')).join('\r\n') +
    '\r\n'
  );
}
