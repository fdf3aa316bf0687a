/**
 * Injects realistic data-entry errors into a center's clean runs, at a per-row rate, and records which rows and
 * columns were dirtied so tests (and demos of the validator) can check each one is caught.
 */
import type { ColumnName, RunRow } from '../dictionary/index.js';
import type { Random } from '../random/seeded-random.js';
import type { RawCells } from './csv-writer.js';

/** The kinds of error the dirty generator makes. */
export const dirtyKinds = [
  'swapped_blood_pressure',
  'ecmo_end_before_start',
  'day_first_date',
  'bmi_wrong_units',
  'duplicate_run_id',
  'wrong_center_id',
  'death_flag_without_time',
  'ph_out_of_range',
  'text_in_numeric',
] as const;

export type DirtyKind = (typeof dirtyKinds)[number];

/** One dirtied row: where it is, what was done, and the columns the validator should point at. */
export interface DirtyRow {
  centerId: string;
  rowIndex: number;
  /** The run id the row had before it was dirtied. */
  runId: string;
  kind: DirtyKind;
  columns: ColumnName[];
}

const HOUR = 3_600_000;
const TEXT_VALUES = ['high', '>15', '8.5 mmol/L', 'not done', '?'];

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `DD/MM/YYYY HH:MM`: the day-first form the dictionary rejects as ambiguous. */
function dayFirst(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

/**
 * Dirties each row with probability `rate` (one error per dirtied row), in place.
 *
 * @param centerId the uploading center
 * @param rows the center's clean rows (modified in place)
 * @param rawCells receives raw cell overrides for errors a typed value cannot hold
 * @param otherCenterId the id a "wrong center" row carries instead of its own
 * @returns the dirtied rows, in row order
 */
export function injectDirt(
  random: Random,
  centerId: string,
  rows: RunRow[],
  rawCells: Map<number, RawCells>,
  rate: number,
  otherCenterId: string,
): DirtyRow[] {
  const dirtied: DirtyRow[] = [];
  if (rate <= 0) return dirtied;
  rows.forEach((row, rowIndex) => {
    if (!random.bernoulli(rate)) return;
    let kind = dirtyKinds[random.int(dirtyKinds.length)]!;
    if (kind === 'duplicate_run_id' && rowIndex === 0) kind = 'wrong_center_id';
    if (kind === 'ecmo_end_before_start' && row.ecmo_end_at === undefined) kind = 'swapped_blood_pressure';
    const runId = row.run_id!;
    const columns = dirty(random, rows, rowIndex, rawCells, kind, otherCenterId);
    dirtied.push({ centerId, rowIndex, runId, kind, columns });
  });
  return dirtied;
}

function dirty(
  random: Random,
  rows: RunRow[],
  index: number,
  rawCells: Map<number, RawCells>,
  kind: DirtyKind,
  otherCenterId: string,
): ColumnName[] {
  const row = rows[index]!;
  switch (kind) {
    case 'swapped_blood_pressure': {
      const sbp = row.pre_sbp_mmhg;
      row.pre_sbp_mmhg = row.pre_dbp_mmhg;
      row.pre_dbp_mmhg = sbp;
      return ['pre_dbp_mmhg'];
    }
    case 'ecmo_end_before_start':
      row.ecmo_end_at = row.ecmo_start_at! - (1 + random.int(48)) * HOUR;
      return ['ecmo_end_at'];
    case 'day_first_date':
      rawCells.set(index, { ...rawCells.get(index), admission_at: dayFirst(row.admission_at!) });
      return ['admission_at'];
    case 'bmi_wrong_units':
      if (row.height_cm !== undefined && row.weight_kg !== undefined) {
        // Weight entered in pounds; BMI filled in from the true weight.
        const m = row.height_cm / 100;
        row.bmi ??= Math.round((row.weight_kg / (m * m)) * 10) / 10;
        row.weight_kg = Math.round(row.weight_kg * 22.046) / 10;
        return ['bmi'];
      }
      // BMI computed with height in centimetres instead of metres.
      row.bmi = Math.round(((row.bmi ?? 24) / 10_000) * 10_000) / 10_000;
      return ['bmi'];
    case 'duplicate_run_id':
      row.run_id = rows[index - 1]!.run_id;
      return ['run_id'];
    case 'wrong_center_id':
      row.center_id = otherCenterId;
      return ['center_id'];
    case 'death_flag_without_time':
      row.died_in_hospital = true;
      row.death_at = undefined;
      return ['death_at'];
    case 'ph_out_of_range':
      row.pre_ph = Math.round((row.pre_ph ?? 7.4) * 10);
      return ['pre_ph'];
    case 'text_in_numeric':
      rawCells.set(index, {
        ...rawCells.get(index),
        pre_lactate_mmol_l: TEXT_VALUES[random.int(TEXT_VALUES.length)]!,
      });
      return ['pre_lactate_mmol_l'];
  }
}
