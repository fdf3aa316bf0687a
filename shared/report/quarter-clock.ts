/**
 * Quarter arithmetic for the report triggers: a quarter's bounds, the report's cut-off, and which closed quarter
 * is due to be finalised once its grace period has passed. Calendar quarters in UTC (the dictionary's date-times
 * carry no time zone and are read as written, shared/ingest/run-quarter.ts). Pure: every "now" is passed in.
 */
import type { Quarter } from '../ingest/types/index.js';

/** Default grace period between a quarter's end and its final report: 30 days. */
export const DEFAULT_GRACE_DAYS = 30;

/** The `action` of the close-quarter function's scheduled input. */
export const closeQuarterAction = 'close-quarter-if-due';

const DAY_MS = 24 * 3_600_000;

/** A grace period must end inside the next quarter (the shortest, Q1 of a common year, has 90 days). */
export const MAX_GRACE_DAYS = 89;

/** Thrown for a quarter label that is not like `2023-Q3`, or a grace period that is not a whole number ≥ 0. */
export class QuarterFormatError extends Error {
  override readonly name = 'QuarterFormatError';
}

/**
 * Parses `2023-Q3` into its year and quarter number.
 * @throws {QuarterFormatError} when the label is not `YYYY-Qn` with n in 1–4.
 */
export function parseQuarter(label: string): { year: number; q: 1 | 2 | 3 | 4 } {
  const match = /^(\d{4})-Q([1-4])$/.exec(label);
  if (!match) throw new QuarterFormatError(`quarter "${label}" is not like 2023-Q3 (year, "-Q", 1–4)`);
  return { year: Number(match[1]), q: Number(match[2]) as 1 | 2 | 3 | 4 };
}

/** Whether `label` is a quarter like `2023-Q3`. */
export function isQuarter(label: string): label is Quarter {
  return /^\d{4}-Q[1-4]$/.test(label);
}

function quarterLabel(year: number, q: number): Quarter {
  return `${year}-Q${q as 1 | 2 | 3 | 4}`;
}

/** The quarter containing the instant `ms`. @example quarterAt(Date.UTC(2023, 9, 30)) // '2023-Q4' */
export function quarterAt(ms: number): Quarter {
  const date = new Date(ms);
  return quarterLabel(date.getUTCFullYear(), Math.floor(date.getUTCMonth() / 3) + 1);
}

/** The quarter `n` quarters after `label` (negative: before). @example shiftQuarter('2023-Q1', -1) // '2022-Q4' */
export function shiftQuarter(label: string, n: number): Quarter {
  const { year, q } = parseQuarter(label);
  const index = year * 4 + (q - 1) + n;
  return quarterLabel(Math.floor(index / 4), (index % 4) + 1);
}

/** First instant of the quarter (ms). */
export function quarterStartMs(label: string): number {
  const { year, q } = parseQuarter(label);
  return Date.UTC(year, (q - 1) * 3, 1);
}

/** The instant the quarter closes: the first millisecond of the next quarter (ms). */
export function quarterCloseMs(label: string): number {
  const { year, q } = parseQuarter(label);
  return Date.UTC(year, q * 3, 1);
}

/** The quarter's last millisecond as ISO 8601, the cut-off of its closed report. */
export function quarterEndIso(label: string): string {
  return new Date(quarterCloseMs(label) - 1).toISOString();
}

/** When the quarter's final report becomes due: its close plus the grace period (ms). */
export function quarterDueMs(label: string, graceDays: number = DEFAULT_GRACE_DAYS): number {
  assertGraceDays(graceDays);
  return quarterCloseMs(label) + graceDays * DAY_MS;
}

function assertGraceDays(graceDays: number): void {
  if (!(Number.isInteger(graceDays) && graceDays >= 0)) {
    throw new QuarterFormatError(`graceDays ${graceDays} must be a whole number of days, 0 or more`);
  }
}

/**
 * The report's data cut-off: the end of the quarter once it has closed, else `now` (a provisional report of the
 * current quarter). A quarter that has not started has no report.
 * @throws {QuarterFormatError} when the quarter starts after `now`.
 */
export function reportCutoff(label: string, nowMs: number): { cutoff: string; closed: boolean } {
  if (quarterStartMs(label) > nowMs) {
    throw new QuarterFormatError(
      `quarter ${label} has not started on ${new Date(nowMs).toISOString()}: there is nothing to report yet`,
    );
  }
  const closed = quarterCloseMs(label) <= nowMs;
  return { cutoff: closed ? quarterEndIso(label) : new Date(nowMs).toISOString(), closed };
}

/**
 * The quarter a daily close run should finalise at `now`, if any: the last closed quarter (the one before the
 * current quarter) once its grace period has passed. Undefined while it is still in its grace period. The caller
 * skips a quarter that is final already, so the run is idempotent; a daily schedule retries each quarter for the
 * rest of the next quarter (hence the grace period is capped below one quarter).
 * @throws {QuarterFormatError} when graceDays is not a whole number from 0 to 89.
 * @example quarterDueForClose(Date.UTC(2023, 9, 31), 30) // '2023-Q3'
 * @example quarterDueForClose(Date.UTC(2023, 9, 30), 30) // undefined
 */
export function quarterDueForClose(
  nowMs: number,
  graceDays: number = DEFAULT_GRACE_DAYS,
): Quarter | undefined {
  if (graceDays > MAX_GRACE_DAYS) {
    throw new QuarterFormatError(
      `graceDays ${graceDays} is longer than the shortest quarter allows: use at most ${MAX_GRACE_DAYS}`,
    );
  }
  const lastClosed = shiftQuarter(quarterAt(nowMs), -1);
  return quarterDueMs(lastClosed, graceDays) <= nowMs ? lastClosed : undefined;
}

/**
 * The quarters whose report may still change: the current one and the last closed one (in its grace period,
 * or waiting for its close run). A stale event for an older quarter regenerates it only if it was published.
 */
export function openReportQuarters(nowMs: number): Quarter[] {
  const current = quarterAt(nowMs);
  return [shiftQuarter(current, -1), current];
}
