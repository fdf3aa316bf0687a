/**
 * The source study's report spec (STUDY.md; Crit Care 2024, IABP after VA-ECMO vs ECMO only): its cohort rules,
 * covariates, outcomes and subgroups, 1:1 nearest-neighbour matching, MICE with m = 5, and the CMS suppression
 * threshold of 11.
 */
import { complicationCategoryNames } from '../../dictionary/index.js';
import { studyComparison, studyExclusionSteps } from '../../cohort/index.js';
import { ReportSpecSchema, type ReportSpec, type ReportSpecInput } from './report-spec-schema.js';
import type { BinaryVariableSpec, VariableSpec } from './variable-spec.js';

const yes = (id: string, label: string, column = id): BinaryVariableSpec => ({
  kind: 'binary',
  id,
  label,
  column,
  value: true,
});

const historyVariables: VariableSpec[] = [
  yes('hx_cardiac_intervention', 'Prior cardiac intervention'),
  yes('hx_myocardial_infarction', 'Prior myocardial infarction'),
  yes('hx_hypertension', 'Hypertension'),
  yes('hx_diabetes', 'Diabetes'),
  yes('hx_hyperlipidemia', 'Hyperlipidemia'),
  yes('hx_heart_failure', 'Heart failure'),
  yes('hx_ckd', 'Chronic kidney disease'),
  yes('hx_cirrhosis', 'Cirrhosis'),
  yes('hx_smoking', 'Smoking'),
];

const age: VariableSpec = {
  kind: 'continuous',
  id: 'age',
  label: 'Age',
  column: 'age',
  unit: 'years',
  skewed: false,
};
const male: VariableSpec = { kind: 'binary', id: 'male', label: 'Male sex', column: 'sex', value: 'male' };
const bmi: VariableSpec = {
  kind: 'continuous',
  id: 'bmi',
  label: 'BMI',
  column: 'bmi_derived',
  unit: 'kg/m²',
  skewed: false,
};
const cardiacArrest = yes('pre_cardiac_arrest', 'Pre-ECMO cardiac arrest');
const vasopressors: VariableSpec = {
  kind: 'categorical',
  id: 'vasopressors',
  label: 'Pre-ECMO vasopressor types',
  column: 'pre_vasopressor_count',
  levels: [
    { id: 'v0_1', label: '0–1', when: { column: 'pre_vasopressor_count', op: 'lt', value: 2 } },
    { id: 'v2', label: '2', when: { column: 'pre_vasopressor_count', op: 'eq', value: 2 } },
    { id: 'v3_plus', label: '≥ 3', when: { column: 'pre_vasopressor_count', op: 'gte', value: 3 } },
  ],
};
const ventilation = yes('pre_mechanical_ventilation', 'Pre-ECMO mechanical ventilation');

const adjustment: VariableSpec[] = [age, male, bmi, ...historyVariables, cardiacArrest, vasopressors];

const continuous = (
  id: string,
  label: string,
  column: string,
  unit: string,
  skewed = false,
): VariableSpec => ({
  kind: 'continuous',
  id,
  label,
  column,
  unit,
  skewed,
});

const diagnoses = [
  ['myocarditis', 'Myocarditis'],
  ['pcs', 'Post-cardiotomy shock'],
  ['ami', 'Acute myocardial infarction'],
  ['chronic_hf', 'Chronic heart failure'],
  ['sepsis', 'Sepsis'],
  ['other', 'Other diagnosis'],
] as const;

const diagnosis: VariableSpec = {
  kind: 'categorical',
  id: 'diagnosis',
  label: 'Pre-ECMO diagnosis',
  column: 'diagnosis',
  levels: diagnoses.map(([value, label]) => ({
    id: value,
    label,
    when: { column: 'diagnosis', op: 'eq' as const, value },
  })),
};

const categoryLabels: Record<string, string> = {
  mechanical: 'Mechanical complications',
  bleeding: 'Bleeding',
  neurological: 'Neurological complications',
  renal: 'Renal complications',
  pulmonary: 'Pulmonary complications',
  metabolic: 'Metabolic complications',
  limb: 'Limb complications',
};

const twoLevels = (
  id: string,
  label: string,
  column: string,
  cut: number,
  labels: [string, string],
): ReportSpec['subgroups'][number] => ({
  id,
  label,
  levels: [
    { id: 'below', label: labels[0], when: { column, op: 'lt', value: cut } },
    { id: 'at_or_above', label: labels[1], when: { column, op: 'gte', value: cut } },
  ],
});

const yesNo = (
  id: string,
  label: string,
  when: ReportSpec['subgroups'][number]['levels'][number]['when'],
) => ({
  id,
  label,
  levels: [
    { id: 'yes', label: 'Yes', when },
    { id: 'no', label: 'No', when: { not: when } },
  ],
});

/** An adult VA-ECMO run (any indication): what a center's volume counts. */
const adultVaEcmo = {
  all: [
    { column: 'ecmo_mode', op: 'eq', value: 'VA' },
    { column: 'age', op: 'gte', value: 18 },
  ],
} as const satisfies NonNullable<ReportSpecInput['centerVolume']>['when'];

/** The source study's spec, as written (before zod defaults). */
export const defaultReportSpecInput = {
  id: 'iabp_after_ecmo',
  title: 'IABP after VA-ECMO vs ECMO only',
  cohort: { steps: [...studyExclusionSteps] },
  exposure: { label: 'IABP after ECMO', when: studyComparison.exposure },
  comparator: { label: 'ECMO only', when: studyComparison.comparator },
  baseline: [
    age,
    male,
    bmi,
    ...historyVariables,
    cardiacArrest,
    vasopressors,
    ventilation,
    diagnosis,
    continuous('pre_sbp', 'SBP', 'pre_sbp_mmhg', 'mmHg'),
    continuous('pre_dbp', 'DBP', 'pre_dbp_mmhg', 'mmHg'),
    continuous('pre_map', 'MAP', 'pre_map_mmhg', 'mmHg'),
    continuous('pre_ph', 'pH', 'pre_ph', ''),
    continuous('pre_paco2', 'PaCO2', 'pre_paco2_mmhg', 'mmHg', true),
    continuous('pre_pao2', 'PaO2', 'pre_pao2_mmhg', 'mmHg', true),
    continuous('pre_lactate', 'Lactate before ECMO', 'pre_lactate_mmol_l', 'mmol/L', true),
    continuous('lactate_4h', 'Lactate at 4 h', 'lactate_4h_mmol_l', 'mmol/L', true),
    continuous('lactate_24h', 'Lactate at 24 h', 'lactate_24h_mmol_l', 'mmol/L', true),
    {
      kind: 'binary',
      id: 'fewer_vasopressors',
      label: 'Fewer vasopressor types during ECMO',
      column: 'vasopressor_change',
      value: 'fewer',
    },
  ],
  adjustment,
  sensitivityModels: [
    {
      id: 'blood_gases',
      label: 'Blood gases added',
      addCovariates: ['pre_ph', 'pre_paco2_mmhg', 'pre_pao2_mmhg'],
    },
  ],
  propensity: [...adjustment, ventilation],
  outcomes: [
    yes('in_hospital_death', 'In-hospital mortality', 'died_in_hospital'),
    {
      kind: 'binary',
      id: 'on_support_death',
      label: 'On-support mortality (not weaned alive 48 h)',
      column: 'survived_ecmo',
      value: false,
    },
    ...complicationCategoryNames.map((category) =>
      yes(category, categoryLabels[category] ?? category, `complication_${category}`),
    ),
  ],
  durations: [
    { id: 'ecmo_hours', label: 'ECMO duration', column: 'ecmo_hours', unit: 'h' },
    { id: 'icu_days', label: 'ICU stay', column: 'icu_days', unit: 'days' },
    { id: 'ventilation_hours', label: 'Mechanical ventilation', column: 'ventilation_hours', unit: 'h' },
    { id: 'hospital_days', label: 'Hospital stay', column: 'hospital_days', unit: 'days' },
  ],
  subgroups: [
    {
      id: 'sex',
      label: 'Sex',
      levels: [
        { id: 'male', label: 'Male', when: { column: 'sex', op: 'eq', value: 'male' } },
        { id: 'female', label: 'Female', when: { column: 'sex', op: 'eq', value: 'female' } },
      ],
    },
    twoLevels('age', 'Age', 'age', 65, ['< 65', '≥ 65']),
    twoLevels('bmi', 'BMI', 'bmi_derived', 28, ['< 28', '≥ 28']),
    ...diagnoses
      .filter(([value]) => value !== 'other')
      .map(([value, label]) => yesNo(`diagnosis_${value}`, label, { column: 'diagnosis', op: 'eq', value })),
    twoLevels('ph', 'pH (imputed)', 'pre_ph', 7.2, ['< 7.2', '≥ 7.2']),
    yesNo('cardiac_arrest', 'Pre-ECMO cardiac arrest', {
      column: 'pre_cardiac_arrest',
      op: 'eq',
      value: true,
    }),
    {
      id: 'vasopressors',
      label: 'Pre-ECMO vasopressor types',
      levels: [
        { id: 'v0_1', label: '0–1', when: { column: 'pre_vasopressor_count', op: 'lt', value: 2 } },
        { id: 'v2_plus', label: '≥ 2', when: { column: 'pre_vasopressor_count', op: 'gte', value: 2 } },
      ],
    },
    {
      id: 'large_center',
      label: 'Large center (> 30 runs a year)',
      levels: [
        { id: 'yes', label: 'Yes', when: { column: 'center_runs_per_year', op: 'gt', value: 30 } },
        { id: 'no', label: 'No', when: { column: 'center_runs_per_year', op: 'lte', value: 30 } },
      ],
    },
  ],
  matching: { method: 'nearest', ratio: 1, replace: false, order: 'largest' },
  imputation: {
    m: 5,
    maxit: 5,
    seed: 20240101,
    method: 'pmm',
    variables: ['pre_ph', 'pre_paco2_mmhg', 'pre_pao2_mmhg'],
  },
  survival: {
    horizonDays: 30,
    atRiskDays: [0, 5, 10, 15, 20, 25, 30],
    liveDischarge: 'alive-at-horizon',
    competingRisks: true,
  },
  centerVolume: { runs: 'submitted', when: adultVaEcmo },
  tests: { categorical: 'per-variable' },
  benchmark: {
    riskModel: [...adjustment, ventilation, diagnosis],
    rollingQuarters: 4,
    limits: [0.95, 0.998],
  },
  suppression: { threshold: 11 },
} satisfies ReportSpecInput;

/** The source study's spec, validated. */
export const defaultReportSpec: ReportSpec = ReportSpecSchema.parse(defaultReportSpecInput);

/** The source study's window: ECMO started from January 2017 to July 2023 (inclusive). */
export const paperWindow = { from: '2017-01-01', to: '2023-07-31' } as const;

/**
 * The source study's spec pinned to its own window (January 2017 – July 2023), for a report that reproduces the
 * paper on the registry's data; the default spec instead takes every run up to each quarter's cut-off.
 */
export const paperWindowReportSpecInput = {
  ...defaultReportSpecInput,
  id: 'iabp_after_ecmo_paper_window',
  title: 'IABP after VA-ECMO vs ECMO only, January 2017 – July 2023',
  cohort: { ...defaultReportSpecInput.cohort, ...paperWindow },
} satisfies ReportSpecInput;

/** {@link paperWindowReportSpecInput}, validated. */
export const paperWindowReportSpec: ReportSpec = ReportSpecSchema.parse(paperWindowReportSpecInput);

/** The specs a committee can select by id: the rolling quarterly default and the paper-window one. */
export const reportSpecsById: Readonly<Record<string, ReportSpec>> = {
  [defaultReportSpec.id]: defaultReportSpec,
  [paperWindowReportSpec.id]: paperWindowReportSpec,
};
