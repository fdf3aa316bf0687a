/**
 * The dictionary's record of which analyses need each column: complete, consistent with the columns' required
 * flag, and true to the analyses themselves (the cohort's key variables, the report spec's covariates, outcomes
 * and imputed variables).
 */
import {
  analysisColumns,
  columnNames,
  columns,
  missingAnalysisColumns,
  type ColumnName,
} from '../../../shared/dictionary/index.js';
import { keyVariables } from '../../../shared/cohort/index.js';
import { defaultReportSpec } from '../../../shared/report/spec/default-report-spec.js';

const all = new Set<ColumnName>(columnNames);
const allBut = (...names: ColumnName[]) => new Set(columnNames.filter((n) => !names.includes(n)));

/** Dictionary columns behind the report's derived variables. */
const derived: Record<string, ColumnName[]> = {
  age: ['age_years', 'birth_year'],
  bmi_derived: ['bmi', 'height_cm', 'weight_kg'],
};

const sourceColumns = (column: string): ColumnName[] =>
  derived[column] ?? (all.has(column as ColumnName) ? [column as ColumnName] : []);

describe('analysis columns', () => {
  it('has one entry per dictionary column, and only those', () => {
    expect(Object.keys(analysisColumns).sort()).toEqual([...columnNames].sort());
  });

  it('marks exactly the required columns as rejecting the file', () => {
    for (const column of columns) {
      expect([column.name, analysisColumns[column.name].whenMissing === 'reject']).toEqual([
        column.name,
        column.required,
      ]);
    }
  });

  it('names analyses for every column whose absence is reported, and none for the ignored ones', () => {
    for (const name of columnNames) {
      const { analyses, whenMissing } = analysisColumns[name];
      expect([name, analyses.length === 0]).toEqual([name, whenMissing === 'ignore']);
    }
  });

  it('has stand-ins that are other, optional columns', () => {
    for (const name of columnNames) {
      for (const set of analysisColumns[name].standIns ?? []) {
        for (const standIn of set) {
          expect(standIn).not.toBe(name);
          expect(analysisColumns[standIn].whenMissing).not.toBe('reject');
        }
      }
    }
  });

  it('says every optional cohort key variable takes the run out of the study cohort', () => {
    for (const name of keyVariables) {
      const expected = columns.find((c) => c.name === name)!.required ? 'reject' : 'exclude-runs';
      expect([name, analysisColumns[name].whenMissing]).toEqual([name, expected]);
      expect(analysisColumns[name].analyses).toContain('cohort');
    }
  });

  it('lists the adjusted models for every adjustment covariate of the report spec', () => {
    for (const variable of defaultReportSpec.adjustment) {
      for (const name of sourceColumns(variable.column)) {
        expect([name, analysisColumns[name].analyses]).toEqual([
          name,
          expect.arrayContaining(['adjusted-models']),
        ]);
      }
    }
  });

  it('lists the benchmark for every column of its risk model, and propensity matching for its covariates', () => {
    for (const variable of defaultReportSpec.benchmark.riskModel) {
      for (const name of sourceColumns(variable.column)) {
        expect([name, analysisColumns[name].analyses]).toEqual([
          name,
          expect.arrayContaining(['center-benchmark']),
        ]);
      }
    }
    for (const variable of defaultReportSpec.propensity) {
      for (const name of sourceColumns(variable.column)) {
        expect([name, analysisColumns[name].analyses]).toEqual([
          name,
          expect.arrayContaining(['propensity-matching']),
        ]);
      }
    }
  });

  it('marks the imputed variables as imputed, and pH as feeding the pH subgroup', () => {
    for (const name of defaultReportSpec.imputation.variables) {
      expect(analysisColumns[name as ColumnName].whenMissing).toBe('impute');
    }
    expect(analysisColumns.pre_ph.analyses).toContain('ph-subgroup');
  });

  it('lists Table 1 for every baseline variable of the report spec', () => {
    for (const variable of defaultReportSpec.baseline) {
      for (const name of sourceColumns(variable.column)) {
        expect([name, analysisColumns[name].analyses]).toEqual([name, expect.arrayContaining(['table-1'])]);
      }
    }
  });

  it('finds no missing column in a full header, and each missing one otherwise', () => {
    expect(missingAnalysisColumns(all)).toEqual([]);
    expect(missingAnalysisColumns(allBut('pre_ph'))).toEqual(['pre_ph']);
    expect(missingAnalysisColumns(allBut('sex', 'death_at', 'ecmo_end_at'))).toEqual([]);
  });

  it('lets a complete set of stand-ins replace a column', () => {
    expect(missingAnalysisColumns(allBut('age_years'))).toEqual([]);
    expect(missingAnalysisColumns(allBut('age_years', 'birth_year'))).toEqual(['birth_year', 'age_years']);
    expect(missingAnalysisColumns(allBut('height_cm', 'weight_kg'))).toEqual([]);
    expect(missingAnalysisColumns(allBut('bmi', 'weight_kg'))).toEqual(['weight_kg', 'bmi']);
  });
});
