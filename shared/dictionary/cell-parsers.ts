/**
 * Reads one raw CSV cell into the typed value its column holds. These are the formats the dictionary accepts;
 * range and value checks then come from the column's zod schema.
 */
import type { ColumnKind } from './column-meta.js';
import { valueLabelsZh } from './column-labels-zh.js';

/** Why a cell could not be read, for messages in any language. */
export type CellFailureCode =
  'not-a-number' | 'not-yes-no' | 'not-allowed' | 'not-a-date-time' | 'time-zone' | 'not-a-calendar-date';

export type CellResult =
  | { ok: true; value: string | number | boolean | undefined }
  | { ok: false; code: CellFailureCode; reason: string };

const TRUE_WORDS = new Set(['yes', 'y', 'true', 't', '1', '是']);
const FALSE_WORDS = new Set(['no', 'n', 'false', 'f', '0', '否']);

/** Values accepted for an enum besides its codes and their Chinese labels (matched after normalisation). */
const ENUM_SYNONYMS: Readonly<Record<string, string>> = {
  m: 'male',
  f: 'female',
  男: 'male',
  女: 'female',
  pcs: 'pcs',
  postcardiotomyshock: 'pcs',
  acutemyocardialinfarction: 'ami',
  chronicheartfailure: 'chronic_hf',
};

/** The documented ways to write "not recorded": an empty cell or NA. */
const DOCUMENTED_BLANKS = new Set(['', 'na']);

/**
 * Other spellings of "not recorded" that exports write. They are read as blank too, so the file is not rejected
 * for them, but the validator warns (rule `unknown-value-token`) so the data manager learns to write blank or NA.
 */
export const UNDOCUMENTED_BLANKS: ReadonlySet<string> = new Set(['n/a', 'null', '.', '-']);

/** True for a cell that means "not recorded". */
export function isBlank(raw: string): boolean {
  const key = raw.trim().toLowerCase();
  return DOCUMENTED_BLANKS.has(key) || UNDOCUMENTED_BLANKS.has(key);
}

/** True for a cell read as blank that is written neither empty nor NA (`n/a`, `null`, `.`, `-`). */
export function isUndocumentedBlank(raw: string): boolean {
  return UNDOCUMENTED_BLANKS.has(raw.trim().toLowerCase());
}

/**
 * Parses a date-time as hospital wall-clock time into milliseconds since 1970 (UTC arithmetic, no time zone).
 * Accepts ISO 8601 (`2023-07-05`, `2023-07-05T14:30`, `2023-07-05 14:30:00`) and Excel's year-first forms
 * (`2023/7/5 14:30`, `2023/07/05`). Day-first and month-first forms are ambiguous and rejected.
 */
export function parseDateTime(raw: string): CellResult {
  const text = raw.trim();
  const match = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/.exec(
    text,
  );
  if (!match) {
    if (/(Z|[+-]\d{2}:?\d{2})$/.test(text) && /^\d{4}-/.test(text)) {
      return {
        ok: false,
        code: 'time-zone',
        reason: 'has a time zone; give the hospital local time without a zone, e.g. 2023-07-05 14:30',
      };
    }
    return {
      ok: false,
      code: 'not-a-date-time',
      reason: 'is not a date-time; use YYYY-MM-DD HH:MM (e.g. 2023-07-05 14:30) or 2023/7/5 14:30',
    };
  }
  const [, y, mo, d, h = '0', mi = '0', s = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(ms);
  if (
    month < 1 ||
    month > 12 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    check.getUTCDate() !== day ||
    check.getUTCMonth() !== month - 1
  ) {
    return { ok: false, code: 'not-a-calendar-date', reason: 'is not a real calendar date-time' };
  }
  return { ok: true, value: ms };
}

/** Parses a number; a decimal comma (`7,25`) is read as a decimal point, as European exports write it. */
export function parseNumber(raw: string): CellResult {
  const text = raw.trim().replace(/^(-?\d+),(\d+)$/, '$1.$2');
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text))
    return { ok: false, code: 'not-a-number', reason: 'is not a number' };
  return { ok: true, value: Number(text) };
}

/** The key an enum cell is matched by: NFKC (full-width forms), lower case, no spaces, dashes or underscores. */
function enumKey(text: string): string {
  return text
    .normalize('NFKC')
    .trim()
    .toLowerCase()
    .replace(/[\s\-_]+/g, '');
}

/**
 * Each code's Chinese label (shared/dictionary/column-labels-zh.ts), by its key: an export from a Chinese hospital
 * system writes 外周插管 where the template says `peripheral`. A label may name codes of several columns (其他), so
 * it maps to every code it labels and the column's own codes decide.
 */
const CHINESE_VALUE_LABELS: ReadonlyMap<string, readonly string[]> = (() => {
  const byKey = new Map<string, string[]>();
  for (const labels of Object.values(valueLabelsZh) as Readonly<Record<string, string>>[])
    for (const [code, label] of Object.entries(labels)) {
      const key = enumKey(label);
      byKey.set(key, [...(byKey.get(key) ?? []), code]);
    }
  return byKey;
})();

/**
 * Normalises an enum cell: case, full-width forms, spaces and dashes do not matter, and documented synonyms and the
 * codes' Chinese labels are accepted.
 */
export function normalizeEnumValue(raw: string, values: readonly string[]): string | undefined {
  const key = enumKey(raw);
  for (const value of values) if (value.toLowerCase().replace(/_/g, '') === key) return value;
  const synonym = ENUM_SYNONYMS[key];
  if (synonym && values.includes(synonym)) return synonym;
  return CHINESE_VALUE_LABELS.get(key)?.find((code) => values.includes(code));
}

/** Reads one raw cell for a column of the given kind. A blank cell reads as undefined (not recorded). */
export function parseCell(kind: ColumnKind, raw: string, values?: readonly string[]): CellResult {
  if (isBlank(raw)) return { ok: true, value: undefined };
  switch (kind) {
    case 'string':
      return { ok: true, value: raw.trim() };
    case 'integer':
    case 'number':
      return parseNumber(raw);
    case 'boolean': {
      const word = raw.trim().toLowerCase();
      if (TRUE_WORDS.has(word)) return { ok: true, value: true };
      if (FALSE_WORDS.has(word)) return { ok: true, value: false };
      return {
        ok: false,
        code: 'not-yes-no',
        reason: 'is not yes or no; use yes/no (also accepted: y/n, true/false, 1/0)',
      };
    }
    case 'enum': {
      const value = normalizeEnumValue(raw, values ?? []);
      return value === undefined
        ? {
            ok: false,
            code: 'not-allowed',
            reason: `is not one of the allowed values: ${(values ?? []).join(', ')}`,
          }
        : { ok: true, value };
    }
    case 'datetime':
      return parseDateTime(raw);
  }
}

/** Formats a date-time value (ms of wall-clock time) the way the registry writes it: `YYYY-MM-DD HH:MM`. */
export function formatDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** Writes a typed value as the canonical CSV cell for its column kind (the inverse of `parseCell`). */
export function formatCell(kind: ColumnKind, value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  if (kind === 'boolean') return value ? 'yes' : 'no';
  if (kind === 'datetime') return formatDateTime(value as number);
  if (typeof value === 'number')
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 1e4) / 1e4);
  return String(value);
}
