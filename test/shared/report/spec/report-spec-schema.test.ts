import { buildCohort, type RegistryRun } from '../../../../shared/cohort/index.js';
import { historyColumns } from '../../../../shared/dictionary/index.js';
import {
  defaultReportSpec,
  defaultReportSpecInput,
  ReportSpecSchema,
} from '../../../../shared/report/spec/index.js';

describe('defaultReportSpec', () => {
  it("holds the source study's design", () => {
    const spec = defaultReportSpec;
    expect(spec.exposure.label).toBe('IABP after ECMO');
    // age, sex, BMI, the 9 history columns, pre-ECMO CA, vasopressors (3 levels)
    expect(historyColumns).toHaveLength(9);
    expect(spec.adjustment.map((v) => v.id)).toEqual([
      'age',
      'male',
      'bmi',
      ...historyColumns,
      'pre_cardiac_arrest',
      'vasopressors',
    ]);
    expect(spec.propensity.map((v) => v.id)).toEqual([
      ...spec.adjustment.map((v) => v.id),
      'pre_mechanical_ventilation',
    ]);
    expect(spec.outcomes.map((o) => o.id)).toEqual([
      'in_hospital_death',
      'on_support_death',
      'mechanical',
      'bleeding',
      'neurological',
      'renal',
      'pulmonary',
      'metabolic',
      'limb',
    ]);
    // sex, age, BMI, 5 diagnoses (yes/no), pH, pre-ECMO CA, vasopressors, large center
    expect(spec.subgroups).toHaveLength(12);
    expect(spec.matching).toEqual({ method: 'nearest', ratio: 1, replace: false, order: 'largest' });
    expect(spec.imputation).toMatchObject({
      m: 5,
      maxit: 5,
      variables: ['pre_ph', 'pre_paco2_mmhg', 'pre_pao2_mmhg'],
    });
    expect(spec.suppression.threshold).toBe(11);
  });

  it('survives a JSON round trip (a committee can store and edit it as data)', () => {
    const json = JSON.parse(JSON.stringify(defaultReportSpecInput)) as unknown;
    expect(ReportSpecSchema.parse(json)).toEqual(defaultReportSpec);
  });
});

describe('ReportSpecSchema', () => {
  const base = JSON.parse(JSON.stringify(defaultReportSpecInput)) as Record<string, unknown>;

  it('rejects unknown columns, unknown keys, an empty outcome list and m < 2', () => {
    const bad = (patch: Record<string, unknown>) => ReportSpecSchema.safeParse({ ...base, ...patch }).success;
    expect(bad({})).toBe(true);
    expect(bad({ exposure: { label: 'x', when: { column: 'no_such_column', op: 'present' } } })).toBe(false);
    expect(bad({ outcomes: [] })).toBe(false);
    expect(bad({ surprise: 1 })).toBe(false);
    expect(bad({ imputation: { seed: 1, m: 1, variables: ['pre_ph'] } })).toBe(false);
  });

  it('defines another comparison (Impella vs no LV unloading) as data, and the cohort follows it', () => {
    const steps = defaultReportSpec.cohort.steps.filter((s) => s.id !== 'central-or-other-lv-unloading');
    const spec = ReportSpecSchema.parse({
      ...base,
      id: 'impella_vs_none',
      cohort: { steps },
      exposure: { label: 'Impella', when: { column: 'lv_unloading', op: 'eq', value: 'impella' } },
      comparator: { label: 'No LV unloading', when: { column: 'lv_unloading', op: 'eq', value: 'none' } },
    });
    const run = (id: string, lv: RegistryRun['lv_unloading']): RegistryRun => ({
      center_id: 'C001',
      run_id: id,
      age_years: 50,
      sex: 'female',
      bmi: 22,
      pregnant: false,
      ecmo_start_at: Date.UTC(2022, 0, 2),
      discharge_at: Date.UTC(2022, 0, 20),
      iabp: false,
      indication: 'cardiogenic_shock',
      ecmo_mode: 'VA',
      mode_conversion: false,
      cannulation: 'peripheral',
      lv_unloading: lv,
      diagnosis: 'myocarditis',
      hx_cardiac_intervention: false,
      hx_myocardial_infarction: false,
      hx_hypertension: false,
      hx_diabetes: false,
      hx_hyperlipidemia: false,
      hx_heart_failure: false,
      hx_ckd: false,
      hx_cirrhosis: false,
      hx_smoking: false,
      pre_cardiac_arrest: false,
      pre_vasopressor_count: 1,
      pre_mechanical_ventilation: false,
      died_in_hospital: false,
      survived_ecmo: true,
    });
    const cohort = buildCohort([run('a', 'impella'), run('b', 'none'), run('c', 'atrial_septostomy')], {
      steps: spec.cohort.steps,
      comparison: { exposure: spec.exposure.when, comparator: spec.comparator.when },
    });
    expect(cohort.runs.map((r) => [r.run_id, r.group])).toEqual([
      ['a', 'exposure'],
      ['b', 'comparator'],
    ]);
  });
});
