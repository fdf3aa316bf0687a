import type { RunRow } from '../dictionary/index.js';
import { RunPlacementError } from './errors.js';
import type { Quarter } from './types/index.js';

/** Where a run counts: a completed run in the quarter of its discharge or death, an in-progress one apart. */
export type RunPlacement = { completed: true; quarter: Quarter } | { completed: false; quarter: Quarter };

/**
 * The calendar quarter of a date-time held as wall-clock milliseconds (the dictionary's date-time values carry
 * no time zone, so UTC arithmetic reads them as written).
 * @example quarterOf(Date.UTC(2023, 6, 5)) // '2023-Q3'
 */
export function quarterOf(ms: number): Quarter {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}-Q${(Math.floor(date.getUTCMonth() / 3) + 1) as 1 | 2 | 3 | 4}`;
}

/**
 * Places a run in a quarter. A run belongs to the quarter of its hospital discharge, or of its death when the
 * patient died in hospital (the NCDR choice, STUDY.md). A run with no discharge is in progress; it is placed in
 * the quarter of its ECMO start and counted apart from completed runs.
 * @throws {RunPlacementError} for an in-progress run without an ECMO start (validation never lets one through).
 */
export function placeRun(row: RunRow): RunPlacement {
  if (row.discharge_at === undefined) {
    // The dictionary requires ECMO start; a row without one never passes validation.
    if (row.ecmo_start_at === undefined) throw new RunPlacementError(row.run_id);
    return { completed: false, quarter: quarterOf(row.ecmo_start_at) };
  }
  const end = row.died_in_hospital === true && row.death_at !== undefined ? row.death_at : row.discharge_at;
  return { completed: true, quarter: quarterOf(end) };
}
