/**
 * Valid raw CSV rows for validation tests: a realistic completed VA-ECMO run (AMI, IABP after ECMO, weaned and
 * discharged alive) and one still in progress (on support, no discharge yet). Tests change one cell to break one
 * rule. Cells are written as a center's export would write them.
 */
import { columns, type ColumnName } from '../../../shared/dictionary/index.js';

export type RawRow = Record<ColumnName, string>;

const blankRow = (): RawRow => Object.fromEntries(columns.map((c) => [c.name, ''])) as RawRow;

const noComplications = (): Partial<RawRow> =>
  Object.fromEntries(columns.filter((c) => c.group === 'complications').map((c) => [c.name, 'no']));

/** A completed run: 58-year-old man, AMI, peripheral VA-ECMO for 96 h, IABP after ECMO, discharged alive. */
export function completedRun(overrides: Partial<RawRow> = {}): RawRow {
  return {
    ...blankRow(),
    center_id: 'C001',
    run_id: 'R0001',
    birth_year: '1965',
    age_years: '58',
    sex: 'male',
    height_cm: '172',
    weight_kg: '78',
    bmi: '26.4',
    pregnant: 'no',
    admission_at: '2023-07-01 08:15',
    ecmo_start_at: '2023-07-02 14:30',
    ecmo_end_at: '2023-07-06 14:30',
    discharge_at: '2023-07-20 10:00',
    iabp: 'yes',
    iabp_start_at: '2023-07-02 18:00',
    indication: 'cardiogenic_shock',
    ecmo_mode: 'VA',
    mode_conversion: 'no',
    cannulation: 'peripheral',
    lv_unloading: 'none',
    diagnosis: 'ami',
    hx_cardiac_intervention: 'yes',
    hx_myocardial_infarction: 'no',
    hx_hypertension: 'yes',
    hx_diabetes: 'no',
    hx_hyperlipidemia: 'yes',
    hx_heart_failure: 'no',
    hx_ckd: 'no',
    hx_cirrhosis: 'no',
    hx_smoking: 'yes',
    pre_cardiac_arrest: 'yes',
    pre_vasopressor_count: '2',
    pre_mechanical_ventilation: 'yes',
    pre_sbp_mmhg: '78',
    pre_dbp_mmhg: '45',
    pre_map_mmhg: '56',
    pre_ph: '7.18',
    pre_paco2_mmhg: '38',
    pre_pao2_mmhg: '82',
    pre_lactate_mmol_l: '9.4',
    lactate_4h_mmol_l: '8.1',
    lactate_24h_mmol_l: '3.2',
    vasopressor_change: 'fewer',
    died_in_hospital: 'no',
    survived_ecmo: 'yes',
    death_at: '',
    ecmo_hours: '96',
    icu_days: '12',
    ventilation_hours: '150',
    hospital_days: '19.1',
    ...noComplications(),
    comp_crrt: 'yes',
    comp_cannulation_site_bleeding: 'yes',
    ...overrides,
  };
}

/** A run in progress: 44-year-old woman with myocarditis, on VA-ECMO since yesterday, no IABP, no outcome yet. */
export function inProgressRun(overrides: Partial<RawRow> = {}): RawRow {
  return {
    ...blankRow(),
    center_id: 'C001',
    run_id: 'R0002',
    birth_year: '1979',
    age_years: '44',
    sex: 'female',
    height_cm: '160',
    weight_kg: '58',
    bmi: '',
    pregnant: 'no',
    admission_at: '2023-09-10 22:40',
    ecmo_start_at: '2023-09-11 03:05',
    iabp: 'no',
    indication: 'cardiogenic_shock',
    ecmo_mode: 'VA',
    mode_conversion: 'no',
    cannulation: 'peripheral',
    lv_unloading: 'none',
    diagnosis: 'myocarditis',
    hx_cardiac_intervention: 'no',
    hx_myocardial_infarction: 'no',
    hx_hypertension: 'no',
    hx_diabetes: 'no',
    hx_hyperlipidemia: 'no',
    hx_heart_failure: 'no',
    hx_ckd: 'no',
    hx_cirrhosis: 'no',
    hx_smoking: 'no',
    pre_cardiac_arrest: 'no',
    pre_vasopressor_count: '3',
    pre_mechanical_ventilation: 'yes',
    pre_sbp_mmhg: '70',
    pre_dbp_mmhg: '40',
    pre_map_mmhg: '50',
    pre_ph: '7.25',
    pre_paco2_mmhg: '35',
    pre_pao2_mmhg: '95',
    pre_lactate_mmol_l: '6.2',
    lactate_4h_mmol_l: '5.0',
    lactate_24h_mmol_l: '2.9',
    vasopressor_change: 'same',
    ...noComplications(),
    ...overrides,
  };
}

/** The dictionary's column names, in template order: the header of a canonical export. */
export const header: readonly ColumnName[] = columns.map((c) => c.name);

function quote(cell: string, delimiter: string): string {
  return cell.includes(delimiter) || /["\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** Writes rows as CSV text with the canonical header (or the given one), delimiter and line ending. */
export function toCsv(
  rows: readonly Partial<RawRow>[],
  options: {
    delimiter?: string;
    eol?: string;
    header?: readonly string[];
    columns?: readonly ColumnName[];
  } = {},
): string {
  const delimiter = options.delimiter ?? ',';
  const eol = options.eol ?? '\n';
  const names = options.columns ?? header;
  const lines = [(options.header ?? names).map((h) => quote(h, delimiter)).join(delimiter)];
  for (const row of rows) lines.push(names.map((n) => quote(row[n] ?? '', delimiter)).join(delimiter));
  return lines.join(eol) + eol;
}

/** Distinct valid rows: alternating completed and in-progress runs with ids R1, R2, … */
export function validRows(n: number): RawRow[] {
  return Array.from({ length: n }, (_, i) =>
    i % 2 === 0 ? completedRun({ run_id: `R${i + 1}` }) : inProgressRun({ run_id: `R${i + 1}` }),
  );
}
