/**
 * The verdict's problem list as CSV, for data managers who open it in Excel. Every cell is neutralised against
 * formula injection (OWASP "CSV injection"): a value from the upload could start with `=` and run as a formula.
 */
import type { Verdict } from './verdict-schema.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** Prefixes `'` to a cell that Excel would read as a formula (starting with =, +, -, @, tab or CR). */
export function neutralizeCsvFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

function csvCell(value: string | number | null): string {
  const text = neutralizeCsvFormula(value === null ? '' : String(value));
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line per problem (row, column, value, rule, severity, message) after the header; CRLF as Excel expects. */
export function renderVerdictCsv(verdict: Verdict): string {
  const lines = [['row', 'column', 'value', 'rule', 'severity', 'message'].join(',')];
  for (const p of verdict.problems) {
    lines.push([p.row, p.column, p.value, p.rule, p.severity, p.message].map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}
