import {
  buildCohort,
  evaluatePredicate,
  hasMissingKeyData,
  missingKeyDataPredicate,
  PredicateSchema,
  readVariable,
  studyExclusionSteps,
  type RegistryRun,
} from '../../../shared/cohort/index.js';
import { iabpTiming, quarterOf, runQuarter } from '../../../shared/cohort/derived-variables.js';

const t = (day: number, hour = 0): number => Date.UTC(2022, 0, day, hour);

let nextId = 0;
/** A complete adult VA-ECMO run for cardiogenic shock that passes every step of the flow. */
function eligible(overrides: Partial<RegistryRun> = {}): RegistryRun {
  return {
    center_id: 'C001',
    run_id: `R${nextId++}`,
    age_years: 60,
    sex: 'male',
    bmi: 25,
    pregnant: false,
    admission_at: t(1),
    ecmo_start_at: t(2),
    ecmo_end_at: t(5),
    discharge_at: t(20),
    iabp: false,
    indication: 'cardiogenic_shock',
    ecmo_mode: 'VA',
    mode_conversion: false,
    cannulation: 'peripheral',
    lv_unloading: 'none',
    diagnosis: 'ami',
    hx_cardiac_intervention: false,
    hx_myocardial_infarction: false,
    hx_hypertension: true,
    hx_diabetes: false,
    hx_hyperlipidemia: false,
    hx_heart_failure: false,
    hx_ckd: false,
    hx_cirrhosis: false,
    hx_smoking: true,
    pre_cardiac_arrest: false,
    pre_vasopressor_count: 2,
    pre_mechanical_ventilation: true,
    died_in_hospital: false,
    survived_ecmo: true,
    ...overrides,
  };
}

describe('buildCohort', () => {
  it('counts every step of the flowchart in the paper order and assigns the exposure', () => {
    const runs = [
      eligible(),
      eligible({ iabp: true, iabp_start_at: t(2, 5) }),
      eligible({ age_years: 12 }),
      eligible({ ecmo_mode: 'VV' }),
      eligible({ indication: 'respiratory_failure' }),
      eligible({ discharge_at: undefined, died_in_hospital: undefined }),
      eligible({ sex: 'female', pregnant: true }),
      eligible({ hx_smoking: undefined }),
      eligible({ mode_conversion: true }),
      eligible({ cannulation: 'central' }),
      eligible({ lv_unloading: 'impella' }),
      eligible({ iabp: true, iabp_start_at: t(1, 12) }),
      // Excluded at the first step it meets only: pregnant AND missing data counts as pregnancy.
      eligible({ sex: 'female', pregnant: true, hx_ckd: undefined }),
    ];
    const cohort = buildCohort(runs);
    expect(cohort.flow.map((s) => [s.id, s.excluded, s.remaining])).toEqual([
      ['submitted', 0, 13],
      ['not-adult-va-cardiogenic-shock', 3, 10],
      ['in-progress', 1, 9],
      ['pregnancy', 2, 7],
      ['missing-key-data', 1, 6],
      ['mode-conversion', 1, 5],
      ['central-or-other-lv-unloading', 2, 3],
      ['iabp-before-ecmo', 1, 2],
      ['neither-exposure-nor-comparator', 0, 2],
    ]);
    expect(cohort.runs.map((r) => r.group)).toEqual(['comparator', 'exposure']);
  });

  it('keeps only runs whose ECMO start is in the study period', () => {
    const runs = [
      eligible({ ecmo_start_at: t(2) }),
      eligible({ ecmo_start_at: t(40), ecmo_end_at: t(41), discharge_at: t(50) }),
    ];
    const cohort = buildCohort(runs, { to: t(30) });
    expect(cohort.flow[0]!.remaining).toBe(1);
    expect(cohort.runs).toHaveLength(1);
  });
});

describe('buildCohort copies', () => {
  it('copies each kept run with its group, keeping every value and leaving the input untouched', () => {
    const plain = eligible({ pre_ph: undefined });
    const withExtra = { ...eligible({ iabp: true, iabp_start_at: t(2, 5) }), note: 'kept' } as RegistryRun;
    const { runs } = buildCohort([plain, withExtra]);
    expect(runs.map((r) => r.group)).toEqual(['comparator', 'exposure']);
    for (const [copy, run] of [
      [runs[0]!, plain],
      [runs[1]!, withExtra],
    ] as const) {
      expect(copy).not.toBe(run);
      for (const [key, value] of Object.entries(run))
        expect((copy as Record<string, unknown>)[key]).toBe(value);
      expect(copy.pre_ph).toBeUndefined();
    }
    expect((runs[1] as Record<string, unknown>).note).toBe('kept');
    expect('group' in plain).toBe(false);
    // Runs that omit different columns still get copies with one key order (one shape for the analyses).
    expect(Object.keys(runs[0]!).filter((k) => k !== 'note')).toEqual(
      Object.keys(runs[1]!).filter((k) => k !== 'note'),
    );
  });
});

describe('buildCohort with a committee-defined comparison', () => {
  it('compares Impella vs no LV unloading when the spec drops the LV-unloading exclusion', () => {
    const steps = studyExclusionSteps.filter((s) => s.id !== 'central-or-other-lv-unloading');
    const runs = [
      eligible({ lv_unloading: 'impella' }),
      eligible(),
      eligible({ lv_unloading: 'surgical_lv_vent' }),
      eligible({ lv_unloading: 'impella', cannulation: 'central' }),
    ];
    const cohort = buildCohort(runs, {
      steps,
      comparison: {
        exposure: { column: 'lv_unloading', op: 'eq', value: 'impella' },
        comparator: { column: 'lv_unloading', op: 'eq', value: 'none' },
      },
    });
    expect(cohort.runs.map((r) => [r.run_id, r.group])).toEqual([
      [runs[0]!.run_id, 'exposure'],
      [runs[1]!.run_id, 'comparator'],
      [runs[3]!.run_id, 'exposure'],
    ]);
    expect(cohort.flow.at(-1)).toMatchObject({ id: 'neither-exposure-nor-comparator', excluded: 1 });
  });

  it('counts a run with IABP but no start time as neither group', () => {
    const cohort = buildCohort([eligible({ iabp: true, iabp_start_at: undefined }), eligible()]);
    expect(cohort.runs.map((r) => r.group)).toEqual(['comparator']);
    expect(cohort.flow.at(-1)).toMatchObject({ excluded: 1, remaining: 1 });
  });
});

describe('predicates', () => {
  it('evaluates comparisons, derived variables and combinators; missing values never compare', () => {
    const row = eligible({ age_years: 70, pre_ph: undefined, comp_crrt: true });
    expect(evaluatePredicate({ column: 'age', op: 'gte', value: 65 }, row)).toBe(true);
    expect(evaluatePredicate({ column: 'pre_ph', op: 'lt', value: 7.2 }, row)).toBe(false);
    expect(evaluatePredicate({ not: { column: 'pre_ph', op: 'lt', value: 7.2 } }, row)).toBe(true);
    expect(evaluatePredicate({ column: 'pre_ph', op: 'missing' }, row)).toBe(true);
    expect(evaluatePredicate({ column: 'complication_renal', op: 'eq', value: true }, row)).toBe(true);
    expect(evaluatePredicate({ column: 'diagnosis', op: 'in', value: ['pcs', 'ami'] }, row)).toBe(true);
    expect(
      evaluatePredicate(
        {
          any: [
            { column: 'sex', op: 'eq', value: 'female' },
            { column: 'bmi_derived', op: 'lt', value: 28 },
          ],
        },
        row,
      ),
    ).toBe(true);
    expect(evaluatePredicate(missingKeyDataPredicate, row)).toBe(hasMissingKeyData(row));
    expect(evaluatePredicate(missingKeyDataPredicate, eligible({ hx_ckd: undefined }))).toBe(true);
  });

  it('reads variables through a given reader (e.g. an imputed value), derived variables included', () => {
    const row = eligible({ pre_ph: undefined });
    const imputed = (r: RegistryRun, name: string) => (name === 'pre_ph' ? 7.1 : readVariable(r, name));
    expect(evaluatePredicate({ column: 'pre_ph', op: 'lt', value: 7.2 }, row)).toBe(false);
    expect(evaluatePredicate({ column: 'pre_ph', op: 'lt', value: 7.2 }, row, imputed)).toBe(true);
    expect(
      evaluatePredicate(
        {
          all: [
            { column: 'pre_ph', op: 'present' },
            { column: 'age', op: 'gte', value: 18 },
          ],
        },
        row,
        imputed,
      ),
    ).toBe(true);
  });

  it('rejects unknown columns, and values of the wrong type for the operator', () => {
    expect(PredicateSchema.safeParse({ column: 'sex', op: 'eq', value: 'male' }).success).toBe(true);
    expect(PredicateSchema.safeParse({ column: 'shoe_size', op: 'eq', value: 42 }).success).toBe(false);
    expect(PredicateSchema.safeParse({ column: 'age', op: 'lt', value: '65' }).success).toBe(false);
    expect(PredicateSchema.safeParse({ all: [] }).success).toBe(false);
    expect(PredicateSchema.safeParse({ all: [{ not: { column: 'age', op: 'present' } }] }).success).toBe(
      true,
    );
  });
});

describe('hasMissingKeyData', () => {
  it('treats BMI derivable from height and weight as present, and pH/PaCO2/PaO2 as imputable', () => {
    expect(hasMissingKeyData(eligible({ bmi: undefined, height_cm: 170, weight_kg: 70 }))).toBe(false);
    expect(hasMissingKeyData(eligible({ bmi: undefined }))).toBe(true);
    expect(hasMissingKeyData(eligible({ pre_ph: undefined, pre_paco2_mmhg: undefined }))).toBe(false);
    expect(hasMissingKeyData(eligible({ age_years: undefined, birth_year: 1960 }))).toBe(false);
    expect(hasMissingKeyData(eligible({ age_years: undefined }))).toBe(true);
  });
});

describe('derived variables', () => {
  it('derives IABP timing relative to ECMO start', () => {
    expect(iabpTiming(eligible())).toBe('none');
    expect(iabpTiming(eligible({ iabp: true, iabp_start_at: t(1) }))).toBe('before');
    expect(iabpTiming(eligible({ iabp: true, iabp_start_at: t(3) }))).toBe('after');
    expect(iabpTiming(eligible({ iabp: true, iabp_start_at: undefined }))).toBeUndefined();
  });

  it('puts a run in the quarter of its discharge or death, and an in-progress run in none', () => {
    expect(quarterOf(Date.UTC(2023, 8, 30, 23, 59))).toBe('2023-Q3');
    expect(quarterOf(Date.UTC(2023, 9, 1))).toBe('2023-Q4');
    expect(runQuarter(eligible({ discharge_at: Date.UTC(2023, 3, 1) }))).toBe('2023-Q2');
    expect(runQuarter(eligible({ discharge_at: undefined }))).toBeUndefined();
  });
});
