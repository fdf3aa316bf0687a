/**
 * The statistics benchmark's analysis table: one row per cohort run, one typed column per analysis variable
 * (STUDY.md, "Analyses"), NaN for a missing value. Columnar so that 200,000 runs cost a few tens of MB, and so
 * the raw rows of each center can be dropped as soon as they are appended (`AnalysisTableBuilder.append`).
 */
import { writeFileSync } from 'node:fs';
import { ageAtEcmo, bmiOf, type CohortGroup, type RegistryRun } from '../../shared/cohort/index.js';
import {
  complicationCategoryNames,
  hasComplication,
  historyColumns,
  type RunRow,
} from '../../shared/dictionary/index.js';

export { historyColumns };

export const complicationColumns = complicationCategoryNames.map((c) => `comp_${c}`);

/** Outcomes of the adjusted models (Fig. 2): in-hospital death, on-support death, the 7 complication categories. */
export const outcomeColumns = ['death_hospital', 'death_on_support', ...complicationColumns];

/** Numeric columns in CSV order (the diagnosis, a text column, comes last). */
export const numericColumns = [
  'exposure',
  'age',
  'male',
  'bmi',
  ...historyColumns,
  'ca',
  'vaso2',
  'vaso3',
  'mv',
  'lactate',
  'ph',
  'paco2',
  'pao2',
  ...outcomeColumns,
  'time30',
  'event30',
  'large_center',
] as const;

export interface AnalysisTable {
  n: number;
  /** Each numeric column; NaN is missing (only ph, paco2 and pao2 have missing values). */
  columns: Record<string, Float64Array>;
  diagnosis: string[];
}

const DAY_MS = 24 * 3_600_000;
const FOLLOW_UP_DAYS = 30;

const flag = (value: boolean | undefined): number => (value === undefined ? NaN : value ? 1 : 0);

/** Accumulates cohort runs center by center; `finish` returns the table. */
export class AnalysisTableBuilder {
  private readonly values: Record<string, number[]> = Object.fromEntries(
    numericColumns.map((name) => [name, [] as number[]]),
  );
  private readonly diagnosis: string[] = [];

  /** Appends a center's cohort runs; `largeCenter` is the center's "> 30 runs a year" flag. */
  append(runs: readonly (RegistryRun & { group: CohortGroup })[], largeCenter: boolean): void {
    const v = this.values;
    const push = (name: string, value: number): void => {
      v[name]!.push(value);
    };
    for (const run of runs) {
      const row = run as Partial<RunRow> & { group: CohortGroup };
      push('exposure', row.group === 'exposure' ? 1 : 0);
      push('age', ageAtEcmo(row) ?? NaN);
      push('male', row.sex === undefined ? NaN : row.sex === 'male' ? 1 : 0);
      push('bmi', bmiOf(row) ?? NaN);
      for (const name of historyColumns) push(name, flag(row[name]));
      push('ca', flag(row.pre_cardiac_arrest));
      const vaso = row.pre_vasopressor_count ?? NaN;
      push('vaso2', Number.isNaN(vaso) ? NaN : vaso === 2 ? 1 : 0);
      push('vaso3', Number.isNaN(vaso) ? NaN : vaso >= 3 ? 1 : 0);
      push('mv', flag(row.pre_mechanical_ventilation));
      push('lactate', row.pre_lactate_mmol_l ?? NaN);
      push('ph', row.pre_ph ?? NaN);
      push('paco2', row.pre_paco2_mmhg ?? NaN);
      push('pao2', row.pre_pao2_mmhg ?? NaN);
      push('death_hospital', flag(row.died_in_hospital));
      push('death_on_support', row.survived_ecmo === undefined ? NaN : row.survived_ecmo ? 0 : 1);
      for (const category of complicationCategoryNames) {
        push(`comp_${category}`, flag(hasComplication(row, category)));
      }
      // 30-day survival from ECMO start: death in hospital is the event; discharge alive censors.
      const end = row.died_in_hospital ? (row.death_at ?? row.discharge_at) : row.discharge_at;
      const days =
        end === undefined || row.ecmo_start_at === undefined ? NaN : (end - row.ecmo_start_at) / DAY_MS;
      push('time30', Math.min(days, FOLLOW_UP_DAYS));
      push(
        'event30',
        row.died_in_hospital === undefined ? NaN : row.died_in_hospital && days <= FOLLOW_UP_DAYS ? 1 : 0,
      );
      push('large_center', largeCenter ? 1 : 0);
      this.diagnosis.push(row.diagnosis ?? '');
    }
  }

  finish(): AnalysisTable {
    const columns: Record<string, Float64Array> = {};
    for (const name of numericColumns) {
      columns[name] = Float64Array.from(this.values[name]!);
      this.values[name]!.length = 0;
    }
    const imputed = new Set(['ph', 'paco2', 'pao2']);
    for (const name of numericColumns) {
      if (imputed.has(name)) continue;
      const column = columns[name]!;
      const i = column.findIndex((x) => !Number.isFinite(x));
      if (i >= 0)
        throw new Error(`analysis table: ${name} is missing in row ${i}; the cohort should exclude it`);
    }
    return { n: this.diagnosis.length, columns, diagnosis: this.diagnosis };
  }
}

/** Writes the table as CSV for R (NA for missing; full double precision so both sides see the same numbers). */
export function writeAnalysisCsv(table: AnalysisTable, path: string): void {
  const lines = [[...numericColumns, 'diagnosis'].join(',')];
  const cols = numericColumns.map((name) => table.columns[name]!);
  for (let i = 0; i < table.n; i++) {
    const cells = cols.map((col) => (Number.isNaN(col[i]!) ? 'NA' : String(col[i]!)));
    cells.push(table.diagnosis[i]!);
    lines.push(cells.join(','));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
}
