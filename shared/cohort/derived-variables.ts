/**
 * Variables the analyses derive from a run's recorded columns, in one place so the cohort, the reports and the
 * aggregates all derive them the same way.
 */
import { bmiFromHeightWeight, type RunRow } from '../dictionary/index.js';

const YEAR_MS = 365.2425 * 24 * 3_600_000;

/** Age at ECMO start: `age_years`, else ECMO start year minus birth year. */
export function ageAtEcmo(row: Partial<RunRow>): number | undefined {
  if (row.age_years !== undefined) return row.age_years;
  if (row.birth_year === undefined || row.ecmo_start_at === undefined) return undefined;
  return new Date(row.ecmo_start_at).getUTCFullYear() - row.birth_year;
}

/** BMI as recorded, else weight / height². */
export function bmiOf(row: Partial<RunRow>): number | undefined {
  return row.bmi ?? bmiFromHeightWeight(row.height_cm, row.weight_kg);
}

/** How IABP relates to ECMO: none, started before ECMO start, or after it (the study's exposure). */
export type IabpTiming = 'none' | 'before' | 'after';

/** IABP timing relative to ECMO start; the dictionary guarantees the two times differ when both exist. */
export function iabpTiming(row: Partial<RunRow>): IabpTiming | undefined {
  if (row.iabp === false) return 'none';
  if (row.iabp !== true || row.iabp_start_at === undefined || row.ecmo_start_at === undefined)
    return undefined;
  return row.iabp_start_at < row.ecmo_start_at ? 'before' : 'after';
}

/**
 * Whether an IABP was started before ECMO ended (decannulation): undefined without an IABP start or an ECMO end.
 * The study's exposure is an IABP started after ECMO start and before ECMO end; one started after decannulation
 * is not "IABP during ECMO".
 */
export function iabpBeforeEcmoEnd(row: Partial<RunRow>): boolean | undefined {
  if (row.iabp !== true || row.iabp_start_at === undefined || row.ecmo_end_at === undefined) return undefined;
  return row.iabp_start_at < row.ecmo_end_at;
}

/** A run is in progress until the patient leaves hospital (no discharge or death time yet). */
export function isInProgress(row: Partial<RunRow>): boolean {
  return row.discharge_at === undefined;
}

/** Calendar quarter label (`2023-Q3`) of a wall-clock time in ms. */
export function quarterOf(ms: number): string {
  const date = new Date(ms);
  return `${date.getUTCFullYear()}-Q${Math.floor(date.getUTCMonth() / 3) + 1}`;
}

/**
 * The quarter a run belongs to: that of its hospital discharge, or of death if the patient died in hospital (the
 * dictionary keeps death time in `discharge_at` too, so both read the same column). NCDR makes the same choice.
 * In-progress runs belong to no quarter yet.
 */
export function runQuarter(row: Partial<RunRow>): string | undefined {
  return row.discharge_at === undefined ? undefined : quarterOf(row.discharge_at);
}

/** Fractional years between two wall-clock times (used for center volume per year). */
export function yearsBetween(fromMs: number, toMs: number): number {
  return (toMs - fromMs) / YEAR_MS;
}
