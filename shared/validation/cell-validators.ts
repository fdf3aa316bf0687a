/**
 * Compiles one validator per dictionary column, once: the dictionary's `parseCell` reads the raw cell, then the
 * column's zod schema decides range, allowed values and pattern. Two shortcuts keep this fast without a second
 * source of truth: cells of small domains (yes/no, enums, center ids) are memoised per distinct raw text, and
 * numeric ranges are read from the column's zod schema (its `minValue`/`maxValue`) instead of calling
 * `safeParse` per cell. A test checks the compiled validators agree with `parseCell` + `schema.safeParse`.
 */
import type { z } from 'zod';
import { formatCell, parseCell, type CellFailureCode, type ColumnDescription } from '../dictionary/index.js';
import type { CellParams, CellRule, TypeExpectation } from './problem-rules.js';
import { truncateValue } from './problem-collector.js';

export type { CellRule } from './problem-rules.js';

export type CellValue = string | number | boolean | undefined;

/** A cell rule with its parameters (the message is rendered from them when the problem is kept). */
export type CellFailure = { [R in CellRule]: { rule: R; params: CellParams[R] } }[CellRule];

/** Reused result slot: filled by a validator, read by the caller, so no object is allocated per good cell. */
export interface CellOutcome {
  value: CellValue;
  /** Set when the validator returns false: which rule the cell breaks, and the facts of it. */
  failure: CellFailure | undefined;
}

/** Checks one raw cell: true with `out.value` set (undefined for a blank), or false with `out.failure` set. */
export type CellValidator = (raw: string, out: CellOutcome) => boolean;

type Failure = CellFailure;

type Checked = { ok: true; value: CellValue } | { ok: false; failure: Failure };

/** Copies a checked cell into the caller's reusable outcome object (no allocation per cell). */
function writeOutcome(checked: Checked, out: CellOutcome): boolean {
  if (checked.ok) {
    out.value = checked.value;
    return true;
  }
  out.failure = checked.failure;
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

/** What a cell of this kind that failed to parse should have been. */
function expectation(code: CellFailureCode): TypeExpectation {
  switch (code) {
    case 'not-yes-no':
      return 'yes-no';
    case 'not-a-date-time':
      return 'date-time';
    case 'time-zone':
      return 'date-time-without-zone';
    case 'not-a-calendar-date':
      return 'calendar-date';
    default:
      return 'number';
  }
}

/** Maps a zod issue on a typed value to a cell rule and the facts its message names. */
function zodFailure(
  column: ColumnDescription,
  value: CellValue,
  raw: string,
  issue: z.core.$ZodIssue,
): Failure {
  const shown = truncateValue(raw.trim());
  switch (issue.code) {
    case 'too_small':
    case 'too_big':
      return rangeFailure(column, shown);
    case 'invalid_format':
      return { rule: 'pattern', params: { column: column.name, value: shown, hint: issue.message } };
    case 'invalid_value':
      return {
        rule: 'allowed-values',
        params: { column: column.name, value: shown, allowed: (column.values ?? []).join(', ') },
      };
    default:
      // parseNumber reads "1e999" as Infinity; zod calls that a type error, but for a person it is out of range.
      if (typeof value === 'number' && !Number.isFinite(value)) return rangeFailure(column, shown);
      return {
        rule: 'type',
        params: {
          column: column.name,
          value: shown,
          expected: column.kind === 'integer' ? 'integer' : 'number',
        },
      };
  }
}

/** A value outside the column's range, with the range as the dictionary gives it. */
function rangeFailure(column: ColumnDescription, shown: string): Failure {
  const bounds = column.schema as unknown as NumericBounds;
  const low = bounds.minValue ?? column.min;
  const high = bounds.maxValue ?? column.max;
  return {
    rule: 'range',
    params: {
      column: column.name,
      value: shown,
      min: low === undefined || low === null ? '' : describeBound(column, low),
      max: high === undefined || high === null ? '' : describeBound(column, high),
      unit: column.unit ?? '',
    },
  };
}

/** The reference check: `parseCell`, then the column's zod schema. Slow paths and the memo both use it. */
export function checkCellWithSchema(column: ColumnDescription, raw: string): Checked {
  const parsed = parseCell(column.kind, raw, column.values);
  if (!parsed.ok) {
    const value = truncateValue(raw.trim());
    const failure: Failure =
      column.kind === 'enum'
        ? {
            rule: 'allowed-values',
            params: { column: column.name, value, allowed: (column.values ?? []).join(', ') },
          }
        : { rule: 'type', params: { column: column.name, value, expected: expectation(parsed.code) } };
    return { ok: false, failure };
  }
  if (parsed.value === undefined) {
    return column.required
      ? {
          ok: false,
          failure: { rule: 'required', params: { column: column.name, description: column.description } },
        }
      : { ok: true, value: undefined };
  }
  const result = column.schema.safeParse(parsed.value);
  if (result.success) return { ok: true, value: parsed.value };
  return { ok: false, failure: zodFailure(column, parsed.value, raw, result.error.issues[0]!) };
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
