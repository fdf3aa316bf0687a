/**
 * Compiles one validator per dictionary column, once: the dictionary's `parseCell` reads the raw cell, then the
 * column's zod schema decides range, allowed values and pattern. Two shortcuts keep this fast without a second
 * source of truth: cells of small domains (yes/no, enums, center ids) are memoised per distinct raw text, and
 * numeric ranges are read from the column's zod schema (its `minValue`/`maxValue`) instead of calling
 * `safeParse` per cell. A test checks the compiled validators agree with `parseCell` + `schema.safeParse`.
 */
import type { z } from 'zod';
import { formatCell, parseCell, type ColumnDescription } from '../dictionary/index.js';

export type CellValue = string | number | boolean | undefined;

/** Cell rule ids. */
export type CellRule = 'type' | 'range' | 'allowed-values' | 'pattern' | 'required';

/** Reused result slot: filled by a validator, read by the caller, so no object is allocated per cell. */
export interface CellOutcome {
  value: CellValue;
  rule: CellRule;
  /** Complete sentence saying what is wrong and how to fix it. */
  message: string;
}

/** Checks one raw cell: true with `out.value` set (undefined for a blank), or false with `out.rule`/`message`. */
export type CellValidator = (raw: string, out: CellOutcome) => boolean;

interface Failure {
  rule: CellRule;
  message: string;
}

type Checked = { ok: true; value: CellValue } | { ok: false; failure: Failure };

/** Copies a checked cell into the caller's reusable outcome object (no allocation per cell). */
function writeOutcome(checked: Checked, out: CellOutcome): boolean {
  if (checked.ok) {
    out.value = checked.value;
    return true;
  }
  out.rule = checked.failure.rule;
  out.message = checked.failure.message;
  return false;
}

/** Most distinct raw texts memoised per column; beyond it cells are checked without the memo. */
const MEMO_LIMIT = 512;

interface NumericBounds {
  minValue?: number | null;
  maxValue?: number | null;
  isInt?: boolean;
}

function describeBound(column: ColumnDescription, bound: number): string {
  return column.kind === 'datetime' ? formatCell('datetime', bound) : String(bound);
}

/** Maps a zod issue on a typed value to a cell rule and a message naming the fix. */
function zodFailure(column: ColumnDescription, value: CellValue, issue: z.core.$ZodIssue): Failure {
  const unit = column.unit ? ` ${column.unit}` : '';
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // parseNumber reads "1e999" as Infinity; zod calls that a type error, but for a person it is out of range.
    return { rule: 'range', message: `${column.name} is too large a number; check the value and its unit.` };
  }
  switch (issue.code) {
    case 'too_small':
    case 'too_big': {
      const bounds = column.schema as unknown as NumericBounds;
      const low = bounds.minValue ?? column.min;
      const high = bounds.maxValue ?? column.max;
      const shown = column.kind === 'datetime' ? formatCell('datetime', value) : String(value);
      return {
        rule: 'range',
        message: `${column.name} is ${shown}${unit} but must be between ${low === undefined ? '?' : describeBound(column, low)} and ${high === undefined ? '?' : describeBound(column, high)}${unit}; check the value and its unit.`,
      };
    }
    case 'invalid_format':
      return {
        rule: 'pattern',
        message: `${column.name} "${String(value)}" is not valid: use ${issue.message}.`,
      };
    case 'invalid_value':
      return {
        rule: 'allowed-values',
        message: `${column.name} "${String(value)}" is not one of the allowed values: ${(column.values ?? []).join(', ')}.`,
      };
    default:
      return {
        rule: 'type',
        message: `${column.name} "${String(value)}" is not valid: ${issue.message}${column.kind === 'integer' ? '; give a whole number' : ''}.`,
      };
  }
}

/** The reference check: `parseCell`, then the column's zod schema. Slow paths and the memo both use it. */
export function checkCellWithSchema(column: ColumnDescription, raw: string): Checked {
  const parsed = parseCell(column.kind, raw, column.values);
  if (!parsed.ok) {
    const rule: CellRule = column.kind === 'enum' ? 'allowed-values' : 'type';
    return { ok: false, failure: { rule, message: `${column.name} "${raw.trim()}" ${parsed.reason}.` } };
  }
  if (parsed.value === undefined) {
    return column.required
      ? {
          ok: false,
          failure: {
            rule: 'required',
            message: `${column.name} is required but blank; fill it in (${column.description}).`,
          },
        }
      : { ok: true, value: undefined };
  }
  const result = column.schema.safeParse(parsed.value);
  if (result.success) return { ok: true, value: parsed.value };
  return { ok: false, failure: zodFailure(column, parsed.value, result.error.issues[0]!) };
}

/** Distinct raw texts compared directly (===) before the Map: cheaper than hashing a fresh string each cell. */
const SCAN_LIMIT = 8;

function memoised(column: ColumnDescription): CellValidator {
  const recentKeys: string[] = [];
  const recentResults: Checked[] = [];
  const memo = new Map<string, Checked>();
  const lookup = (raw: string): Checked => {
    for (let i = 0; i < recentKeys.length; i++) if (recentKeys[i] === raw) return recentResults[i]!;
    let checked = memo.get(raw);
    if (checked === undefined) {
      checked = checkCellWithSchema(column, raw);
      if (recentKeys.length < SCAN_LIMIT) {
        recentKeys.push(raw);
        recentResults.push(checked);
      } else if (memo.size < MEMO_LIMIT) memo.set(raw, checked);
    }
    return checked;
  };
  return (raw, out) => {
    return writeOutcome(lookup(raw), out);
  };
}

/** Plain decimals, for which `Number(raw)` is exactly what `parseNumber` returns. */
const PLAIN_DECIMAL = /^-?\d+(?:\.\d+)?$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(raw: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const d = raw.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/**
 * The registry's canonical `YYYY-MM-DD HH:MM` read without a regex match or allocation; NaN when the cell has
 * another form (then `parseCell` decides). Returns the same milliseconds as `parseDateTime` for this form.
 */
function canonicalDateTime(raw: string): number {
  if (raw.length !== 16 || raw.charCodeAt(4) !== 45 || raw.charCodeAt(7) !== 45 || raw.charCodeAt(10) !== 32)
    return NaN;
  if (raw.charCodeAt(13) !== 58) return NaN;
  const year = digits(raw, 0, 4);
  const month = digits(raw, 5, 2);
  const day = digits(raw, 8, 2);
  const hour = digits(raw, 11, 2);
  const minute = digits(raw, 14, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return NaN;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && !leap ? 28 : DAYS_IN_MONTH[month - 1]!)) return NaN;
  return Date.UTC(year, month - 1, day, hour, minute);
}

/** Numbers and date-times: `parseCell`, then the schema's own bounds (and integer check) read once. */
function numeric(column: ColumnDescription): CellValidator {
  const bounds = column.schema as unknown as NumericBounds;
  const min = bounds.minValue ?? -Infinity;
  const max = bounds.maxValue ?? Infinity;
  const integer = bounds.isInt === true;
  const datetime = column.kind === 'datetime';
  return (raw, out) => {
    // Fast paths for the forms exports nearly always use; anything else goes through parseCell.
    const fast = datetime ? canonicalDateTime(raw) : PLAIN_DECIMAL.test(raw) ? Number(raw) : NaN;
    if (fast >= min && fast <= max && (!integer || Number.isInteger(fast))) {
      out.value = fast;
      return true;
    }
    const parsed = parseCell(column.kind, raw);
    if (parsed.ok && (parsed.value === undefined ? !column.required : true)) {
      const value = parsed.value as number | undefined;
      if (value === undefined || (value >= min && value <= max && (!integer || Number.isInteger(value)))) {
        out.value = value;
        return true;
      }
    }
    // Passing here is unreachable unless the schema gained a check the shortcut does not know: trust the schema.
    return writeOutcome(checkCellWithSchema(column, raw), out);
  };
}

/** The schema's numeric checks are exactly min/max/int when its bag says so; otherwise use safeParse per cell. */
function hasOnlyNumericBounds(column: ColumnDescription): boolean {
  const def = (column.schema as unknown as { _zod: { def: { type: string; checks?: unknown[] } } })._zod.def;
  if (def.type !== 'number') return false;
  const checks = (def.checks ?? []) as { _zod: { def: { check: string; inclusive?: boolean } } }[];
  // Only inclusive bounds (`.min`/`.max`) are mirrored by the shortcut; anything else falls back to safeParse.
  return checks.every(
    (c) => (c._zod.def.check === 'greater_than' || c._zod.def.check === 'less_than') && c._zod.def.inclusive,
  );
}

/** Builds the validator for one column (call once per column, not per cell). */
export function compileCellValidator(column: ColumnDescription): CellValidator {
  if (column.kind === 'boolean' || column.kind === 'enum') return memoised(column);
  if (
    (column.kind === 'integer' || column.kind === 'number' || column.kind === 'datetime') &&
    hasOnlyNumericBounds(column)
  )
    return numeric(column);
  if (column.name === 'center_id') return memoised(column);
  return (raw, out) => writeOutcome(checkCellWithSchema(column, raw), out);
}
