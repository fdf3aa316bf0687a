/**
 * The verdict's problem list as CSV, for data managers who open it in Excel. Every cell is neutralised against
 * formula injection (OWASP "CSV injection"): a value from the upload could start with `=` and run as a formula.
 */
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language.js';
import { messageOf, verdictUi } from '../i18n/verdict-ui.js';
import type { Verdict } from './verdict-schema.js';

const FORMULA_START = /^[=+\-@\t\r]/;

/** The byte order mark that makes Excel read a CSV file as UTF-8 (without it, Chinese text is garbled). */
export const UTF8_BOM = '\uFEFF';

/** Prefixes `'` to a cell that Excel would read as a formula (starting with =, +, -, @, tab or CR). */
export function neutralizeCsvFormula(cell: string): string {
  return FORMULA_START.test(cell) ? `'${cell}` : cell;
}

/** Quotes a CSV field when it holds a delimiter, quote or line break (RFC 4180); does not neutralise. */
export function quoteCsvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvCell(value: string | number | null): string {
  return quoteCsvField(neutralizeCsvFormula(value === null ? '' : String(value)));
}

/**
 * One line per problem (row, run_id, column, value, rule, severity, message) after a header in `language`;
 * UTF-8 with BOM and CRLF, as Excel expects.
 * @example renderVerdictCsv(verdict, { language: 'zh-CN' })
 */
export function renderVerdictCsv(verdict: Verdict, options: { language?: Language } = {}): string {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const ui = verdictUi(language);
  const lines = [ui.csvHeader.map(csvCell).join(',')];
  for (const p of verdict.problems) {
    lines.push(
      [p.row, p.runId, p.column, p.value, p.rule, ui.severityName[p.severity], messageOf(p, language)]
        .map(csvCell)
        .join(','),
    );
  }
  return `${UTF8_BOM}${lines.join('\r\n')}\r\n`;
}
