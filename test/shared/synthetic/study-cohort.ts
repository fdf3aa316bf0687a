/**
 * Test helper: the source study's cohort exclusions (STUDY.md, "Cohort") and the marginals the generator is
 * calibrated to, computed from typed rows alone. A stand-in for the real cohort module, kept small on purpose.
 */
import { hasComplication, type ComplicationCategory, type RunRow } from '../../../shared/dictionary/index.js';
import { historyColumns } from '../../../shared/synthetic/calibration.js';

export interface FlowStep {
  step: string;
  excluded: number;
  remaining: number;
}

/** Age at ECMO start: the age column, else ECMO start year − year of birth. */
export function ageOf(row: RunRow): number | undefined {
  if (row.age_years !== undefined) return row.age_years;
  if (row.birth_year === undefined || row.ecmo_start_at === undefined) return undefined;
  return new Date(row.ecmo_start_at).getUTCFullYear() - row.birth_year;
}

/** BMI, derived from height and weight when blank. */
export function bmiOf(row: RunRow): number | undefined {
  if (row.bmi !== undefined) return row.bmi;
  if (row.height_cm === undefined || row.weight_kg === undefined) return undefined;
  return row.weight_kg / (row.height_cm / 100) ** 2;
}

/** The analysis variables other than pH, PaCO2 and PaO2 (adjustment and propensity-score covariates, diagnosis). */
function hasKeyData(row: RunRow): boolean {
  return (
    ageOf(row) !== undefined &&
    row.sex !== undefined &&
    bmiOf(row) !== undefined &&
    row.diagnosis !== undefined &&
    historyColumns.every((c) => row[c] !== undefined) &&
    row.pre_cardiac_arrest !== undefined &&
    row.pre_vasopressor_count !== undefined &&
    row.pre_mechanical_ventilation !== undefined
  );
}

/** IABP started after ECMO start (the exposure). */
export function iabpAfterEcmo(row: RunRow): boolean {
  return row.iabp === true && row.iabp_start_at! > row.ecmo_start_at!;
}

const steps: [string, (row: RunRow) => boolean][] = [
  [
    'adult VA-ECMO for cardiogenic shock',
    (r) => r.ecmo_mode === 'VA' && r.indication === 'cardiogenic_shock' && (ageOf(r) ?? 0) >= 18,
  ],
  ['not pregnant', (r) => r.pregnant !== true],
  ['key data complete', hasKeyData],
  ['no mode conversion', (r) => r.mode_conversion !== true],
  ['peripheral, no other LV unloading', (r) => r.cannulation === 'peripheral' && r.lv_unloading === 'none'],
  ['no IABP before ECMO', (r) => !(r.iabp === true && r.iabp_start_at! < r.ecmo_start_at!)],
];

/** Applies the exclusions in STUDY.md's order, counting each step. */
export function applyStudyExclusions(rows: readonly RunRow[]): { flow: FlowStep[]; cohort: RunRow[] } {
  let remaining = [...rows];
  const flow: FlowStep[] = [{ step: 'all runs', excluded: 0, remaining: remaining.length }];
  for (const [step, keep] of steps) {
    const next = remaining.filter(keep);
    flow.push({ step, excluded: remaining.length - next.length, remaining: next.length });
    remaining = next;
  }
  return { flow, cohort: remaining };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const sd = (xs: number[]) => {
  const m = mean(xs);
  return Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
};
const share = <T>(xs: readonly T[], test: (x: T) => boolean) => xs.filter(test).length / xs.length;
const defined = (xs: (number | undefined)[]) => xs.filter((x): x is number => x !== undefined);

/** Per-group figures of Table 1 / Table 2 that STUDY.md publishes. */
export function groupFigures(rows: readonly RunRow[]) {
  const completed = rows.filter((r) => r.discharge_at !== undefined);
  const lactateChange = rows.filter(
    (r) => r.lactate_4h_mmol_l !== undefined && r.lactate_24h_mmol_l !== undefined,
  );
  const complication = (category: ComplicationCategory) =>
    share(completed, (r) => hasComplication(r, category) === true);
  const pre = defined(rows.map((r) => r.pre_lactate_mmol_l));
  const l4 = defined(rows.map((r) => r.lactate_4h_mmol_l));
  const l24 = defined(rows.map((r) => r.lactate_24h_mmol_l));
  const hours = defined(completed.map((r) => r.ecmo_hours));
  return {
    n: rows.length,
    completed: completed.length,
    hxCardiacIntervention: share(rows, (r) => r.hx_cardiac_intervention === true),
    hxMyocardialInfarction: share(rows, (r) => r.hx_myocardial_infarction === true),
    lactatePre: { mean: mean(pre), sd: sd(pre) },
    lactate4h: { mean: mean(l4), sd: sd(l4) },
    lactate24h: { mean: mean(l24), sd: sd(l24) },
    lactateFalling: share(lactateChange, (r) => r.lactate_24h_mmol_l! < r.lactate_4h_mmol_l!),
    fewerVasopressors: share(rows, (r) => r.vasopressor_change === 'fewer'),
    mortality: share(completed, (r) => r.died_in_hospital === true),
    survivalOnEcmo: share(completed, (r) => r.survived_ecmo === true),
    ecmoHours: { mean: mean(hours), sd: sd(hours) },
    mechanical: complication('mechanical'),
    bleeding: complication('bleeding'),
    neurological: complication('neurological'),
    renal: complication('renal'),
    pulmonary: complication('pulmonary'),
    metabolic: complication('metabolic'),
    limb: complication('limb'),
  };
}

/** Whole-cohort figures STUDY.md publishes. */
export function cohortFigures(cohort: readonly RunRow[]) {
  const ages = defined(cohort.map(ageOf));
  return {
    n: cohort.length,
    completed: cohort.filter((r) => r.discharge_at !== undefined).length,
    iabpAfter: cohort.filter(iabpAfterEcmo).length,
    age: { mean: mean(ages), sd: sd(ages) },
    male: share(cohort, (r) => r.sex === 'male'),
    cardiacArrest: share(cohort, (r) => r.pre_cardiac_arrest === true),
    diagnosis: Object.fromEntries(
      ['myocarditis', 'pcs', 'ami', 'chronic_hf', 'sepsis', 'other'].map((d) => [
        d,
        share(cohort, (r) => r.diagnosis === d),
      ]),
    ),
    bloodGasMissing: cohort.filter(
      (r) => r.pre_ph === undefined || r.pre_paco2_mmhg === undefined || r.pre_pao2_mmhg === undefined,
    ).length,
    bloodGasAllMissing: cohort.filter(
      (r) => r.pre_ph === undefined && r.pre_paco2_mmhg === undefined && r.pre_pao2_mmhg === undefined,
    ).length,
    ecmoOnly: groupFigures(cohort.filter((r) => !iabpAfterEcmo(r))),
    iabpAfterEcmo: groupFigures(cohort.filter(iabpAfterEcmo)),
  };
}
