/**
 * Every cross-field rule of the dictionary, through the validator: a row that breaks it is reported with the
 * rule id, column, row and severity, and a valid row passes it. The table is keyed by rule id and checked for
 * completeness, so a new rule without a test case fails this suite.
 */
import { crossFieldRules } from '../../../shared/dictionary/index.js';
import { completedRun, inProgressRun, toCsv, type RawRow } from './valid-row.js';
import { validateText } from './validate-text.js';

interface Case {
  failing: RawRow;
  column: string;
  /** A row that exercises the rule's fields and passes it (default: the completed run). */
  passing?: RawRow;
}

const cases: Record<string, Case> = {
  'age-or-birth-year': {
    failing: completedRun({ age_years: '', birth_year: '' }),
    column: 'age_years',
    passing: completedRun({ age_years: '' }),
  },
  'age-matches-birth-year': { failing: completedRun({ birth_year: '1950' }), column: 'age_years' },
  'bmi-or-height-weight': {
    failing: completedRun({ bmi: '', height_cm: '' }),
    column: 'bmi',
    passing: completedRun({ height_cm: '', weight_kg: '' }),
  },
  'bmi-matches-height-weight': { failing: completedRun({ bmi: '31' }), column: 'bmi' },
  'pregnancy-requires-female': {
    failing: completedRun({ pregnant: 'yes' }),
    column: 'pregnant',
    passing: inProgressRun({ pregnant: 'yes' }),
  },
  'ecmo-end-after-start': {
    failing: completedRun({ ecmo_end_at: '2023-07-02 10:00', ecmo_hours: '' }),
    column: 'ecmo_end_at',
  },
  'discharge-after-admission': {
    failing: completedRun({ discharge_at: '2023-06-30 10:00', hospital_days: '' }),
    column: 'discharge_at',
  },
  'ecmo-within-admission': {
    failing: completedRun({ admission_at: '2023-07-03 08:00', hospital_days: '' }),
    column: 'ecmo_start_at',
  },
  'completed-run-has-ecmo-end': {
    failing: completedRun({ ecmo_end_at: '', ecmo_hours: '' }),
    column: 'ecmo_end_at',
    passing: inProgressRun(),
  },
  'completed-run-has-outcome': {
    failing: completedRun({ died_in_hospital: '' }),
    column: 'died_in_hospital',
    passing: inProgressRun(),
  },
  'death-ends-admission': {
    failing: inProgressRun({
      died_in_hospital: 'yes',
      death_at: '2023-09-15 10:00',
      ecmo_end_at: '2023-09-15 10:00',
      survived_ecmo: 'no',
    }),
    column: 'discharge_at',
  },
  'death-time-matches-flag': { failing: completedRun({ death_at: '2023-07-20 10:00' }), column: 'death_at' },
  'death-time-is-discharge-time': {
    failing: completedRun({ died_in_hospital: 'yes', death_at: '2023-07-15 10:00' }),
    column: 'death_at',
    passing: completedRun({ died_in_hospital: 'yes', death_at: '2023-07-20 09:00' }),
  },
  'death-consistent-with-survival-on-ecmo': {
    failing: completedRun({ survived_ecmo: 'no' }),
    column: 'survived_ecmo',
    passing: completedRun({ died_in_hospital: 'yes', death_at: '2023-07-20 10:00', survived_ecmo: 'yes' }),
  },
  'ecmo-hours-match-times': { failing: completedRun({ ecmo_hours: '50' }), column: 'ecmo_hours' },
  'hospital-days-match-times': { failing: completedRun({ hospital_days: '30' }), column: 'hospital_days' },
  'icu-days-within-stay': { failing: completedRun({ icu_days: '25' }), column: 'icu_days' },
  'ventilation-within-stay': {
    failing: completedRun({ ventilation_hours: '600' }),
    column: 'ventilation_hours',
  },
  'iabp-start-given': {
    failing: completedRun({ iabp_start_at: '' }),
    column: 'iabp_start_at',
    passing: inProgressRun(),
  },
  'iabp-start-not-ecmo-start': {
    failing: completedRun({ iabp_start_at: '2023-07-02 14:30' }),
    column: 'iabp_start_at',
  },
  'iabp-start-before-discharge': {
    failing: completedRun({ iabp_start_at: '2023-07-21 10:00' }),
    column: 'iabp_start_at',
  },
  'blood-pressure-order': { failing: completedRun({ pre_dbp_mmhg: '90' }), column: 'pre_dbp_mmhg' },
  'map-between-dbp-and-sbp': { failing: completedRun({ pre_map_mmhg: '90' }), column: 'pre_map_mmhg' },
  'lactate-plausible': {
    failing: completedRun({ lactate_24h_mmol_l: '35' }),
    column: 'lactate_24h_mmol_l',
  },
};

describe('cross-field rules', () => {
  it('has a test case for every rule of the dictionary, and none for a rule that does not exist', () => {
    expect(Object.keys(cases).sort()).toEqual(crossFieldRules.map((r) => r.id).sort());
  });

  describe.each(crossFieldRules.map((rule) => [rule.id, rule] as const))('%s', (id, rule) => {
    const testCase = cases[id];

    it('reports a row that breaks it, at its row, column and severity', async () => {
      expect(testCase).toBeDefined();
      const verdict = await validateText(toCsv([completedRun({ run_id: 'OK1' }), testCase!.failing]));
      const found = verdict.problems.filter((p) => p.rule === id);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({
        row: 3,
        column: testCase!.column,
        severity: rule.severity,
        scope: 'row',
      });
      expect(found[0]!.message.length).toBeGreaterThan(10);
      expect(verdict.status).toBe(rule.severity === 'error' ? 'red' : 'yellow');
      expect(verdict.summary.ruleCounts[id]).toBe(1);
    });

    it('passes a valid row that has the fields it needs', async () => {
      const verdict = await validateText(toCsv([testCase?.passing ?? completedRun()]));
      expect(verdict.problems.filter((p) => p.rule === id)).toEqual([]);
    });
  });

  it('accepts both realistic base rows without any problem (green)', async () => {
    const verdict = await validateText(toCsv([completedRun(), inProgressRun()]), { centerId: 'C001' });
    expect(verdict.problems).toEqual([]);
    expect(verdict.status).toBe('green');
  });
});
