/**
 * Which of the registry's analyses (STUDY.md, "Analyses in every registry report" and "Beyond the paper") need
 * each column, and what happens to a file that has no such column at all. A blank cell only lowers completeness;
 * a whole column left out of an export silently takes a center out of analyses, so the validator warns about it
 * (rule `missing-analysis-column`) and says which analyses lose it.
 *
 * The record is keyed by every column name, so a new dictionary column does not compile until it is given here.
 */
import { columnNames, type ColumnName } from './run-row-schema.js';

/** The registry's analyses a column can feed, as the quarterly report names them. */
export const analysisIds = [
  'cohort',
  'exposure-groups',
  'table-1',
  'table-2',
  'adjusted-models',
  'propensity-matching',
  'survival',
  'subgroups',
  'ph-subgroup',
  'imputation',
  'complication-rates',
  'center-benchmark',
  'trends',
] as const;

export type AnalysisId = (typeof analysisIds)[number];

/**
 * What a file without the column means for the analyses that need it:
 * - `reject`: the column is required; the file is rejected (`missing-required-columns`).
 * - `exclude-runs`: a run without the value is left out of those analyses, so every run of the file is.
 * - `impute`: the value is imputed (pH, PaCO2, PaO2), so the file's runs get imputed values only.
 * - `omit`: the analyses run without the file's values for this column.
 * - `ignore`: no analysis reads the column (it only feeds consistency checks); no warning.
 */
export type MissingColumnEffect = 'reject' | 'exclude-runs' | 'impute' | 'omit' | 'ignore';

export interface AnalysisColumn {
  /** The analyses that read the column (directly or through a derived variable such as age or BMI). */
  analyses: readonly AnalysisId[];
  whenMissing: MissingColumnEffect;
  /**
   * Sets of columns that stand in for this one: when every column of one set is in the file, this column is not
   * needed (age is derived from the birth year and ECMO start; BMI from height and weight).
   */
  standIns?: readonly (readonly ColumnName[])[];
}

/** Analyses fed by a key variable: a run missing it is excluded from the study cohort ("missing key data"). */
const cohortAnalyses: readonly AnalysisId[] = [
  'cohort',
  'table-1',
  'table-2',
  'adjusted-models',
  'propensity-matching',
  'survival',
  'subgroups',
];

/** Adjustment covariates (age, sex, BMI, history, pre-ECMO CA, vasopressors) also feed the benchmark's risk model. */
const covariate: AnalysisColumn = {
  analyses: [...cohortAnalyses, 'center-benchmark'],
  whenMissing: 'exclude-runs',
};

const history: AnalysisColumn = covariate;

/** Complication components: a category is "any of", so a missing component undercounts its category. */
const complication: AnalysisColumn = {
  analyses: ['table-2', 'adjusted-models', 'complication-rates', 'trends'],
  whenMissing: 'omit',
};

const required = (analyses: readonly AnalysisId[]): AnalysisColumn => ({ analyses, whenMissing: 'reject' });

const baselineOnly: AnalysisColumn = { analyses: ['table-1'], whenMissing: 'omit' };

const duration: AnalysisColumn = { analyses: ['table-2'], whenMissing: 'omit' };

/** Per column: the analyses that need it and what a file without it means. */
export const analysisColumns: Readonly<Record<ColumnName, AnalysisColumn>> = {
  center_id: required(['cohort', 'center-benchmark', 'subgroups', 'trends']),
  run_id: required(['cohort']),
  birth_year: { ...covariate, standIns: [['age_years']] },
  age_years: { ...covariate, standIns: [['birth_year']] },
  sex: required([...cohortAnalyses, 'center-benchmark']),
  height_cm: { ...covariate, standIns: [['bmi']] },
  weight_kg: { ...covariate, standIns: [['bmi']] },
  bmi: { ...covariate, standIns: [['height_cm', 'weight_kg']] },
  pregnant: required(['cohort']),
  admission_at: required(['table-2']),
  ecmo_start_at: required(['cohort', 'exposure-groups', 'survival', 'trends']),
  // Only the consistency checks read the ECMO end; ecmo_hours carries the duration the analyses use.
  ecmo_end_at: { analyses: [], whenMissing: 'ignore' },
  // Without a discharge every run counts as "in progress", which the cohort and the quarter both leave out.
  discharge_at: {
    analyses: [...cohortAnalyses, 'center-benchmark', 'complication-rates', 'trends'],
    whenMissing: 'exclude-runs',
  },
  iabp: required(['cohort', 'exposure-groups']),
  // Needed for runs with an IABP (the cross-field rule iabp-start-given flags each of them as an error).
  iabp_start_at: { analyses: ['cohort', 'exposure-groups'], whenMissing: 'omit' },
  indication: required(['cohort']),
  ecmo_mode: required(['cohort']),
  mode_conversion: required(['cohort']),
  cannulation: required(['cohort']),
  lv_unloading: required(['cohort']),
  diagnosis: { analyses: [...cohortAnalyses, 'center-benchmark'], whenMissing: 'exclude-runs' },
  hx_cardiac_intervention: history,
  hx_myocardial_infarction: history,
  hx_hypertension: history,
  hx_diabetes: history,
  hx_hyperlipidemia: history,
  hx_heart_failure: history,
  hx_ckd: history,
  hx_cirrhosis: history,
  hx_smoking: history,
  pre_cardiac_arrest: covariate,
  pre_vasopressor_count: covariate,
  // Not an adjustment covariate, but a propensity and risk-model variable and a key variable.
  pre_mechanical_ventilation: covariate,
  pre_sbp_mmhg: baselineOnly,
  pre_dbp_mmhg: baselineOnly,
  pre_map_mmhg: baselineOnly,
  pre_ph: { analyses: ['table-1', 'ph-subgroup', 'imputation'], whenMissing: 'impute' },
  pre_paco2_mmhg: { analyses: ['table-1', 'imputation'], whenMissing: 'impute' },
  pre_pao2_mmhg: { analyses: ['table-1', 'imputation'], whenMissing: 'impute' },
  pre_lactate_mmol_l: baselineOnly,
  lactate_4h_mmol_l: baselineOnly,
  lactate_24h_mmol_l: baselineOnly,
  vasopressor_change: baselineOnly,
  died_in_hospital: {
    analyses: [...cohortAnalyses, 'center-benchmark', 'trends'],
    whenMissing: 'exclude-runs',
  },
  survived_ecmo: { analyses: cohortAnalyses, whenMissing: 'exclude-runs' },
  // Survival reads the time of death from discharge_at when death_at is blank, so no analysis loses it.
  death_at: { analyses: [], whenMissing: 'ignore' },
  ecmo_hours: { analyses: ['table-2', 'complication-rates'], whenMissing: 'omit' },
  icu_days: duration,
  ventilation_hours: duration,
  hospital_days: duration,
  comp_oxygenator_failure: complication,
  comp_tubing_rupture: complication,
  comp_joint_cracking: complication,
  comp_heat_exchanger_malfunction: complication,
  comp_cannulation_problem: complication,
  comp_circuit_thrombosis: complication,
  comp_gi_bleeding: complication,
  comp_cannulation_site_bleeding: complication,
  comp_surgical_site_bleeding: complication,
  comp_hemolysis: complication,
  comp_dic: complication,
  comp_cerebral_hemorrhage: complication,
  comp_cerebral_infarction: complication,
  comp_seizures: complication,
  comp_brain_death: complication,
  comp_creatinine_rise: complication,
  comp_crrt: complication,
  comp_pneumothorax: complication,
  comp_pulmonary_hemorrhage: complication,
  comp_pulmonary_infection: complication,
  comp_glucose_low: complication,
  comp_glucose_high: complication,
  comp_ph_low: complication,
  comp_ph_high: complication,
  comp_limb_ischemia: complication,
  comp_limb_necrosis: complication,
  comp_fasciotomy: complication,
  comp_amputation: complication,
  comp_embolectomy: complication,
  comp_endoluminal_stripping: complication,
};

/**
 * The columns an analysis needs that a file's header lacks, with no complete set of stand-ins present either.
 * Required columns are left out: their absence is already an error.
 */
export function missingAnalysisColumns(present: ReadonlySet<ColumnName>): ColumnName[] {
  const missing: ColumnName[] = [];
  for (const name of columnNames) {
    const entry = analysisColumns[name];
    if (present.has(name) || entry.whenMissing === 'reject' || entry.whenMissing === 'ignore') continue;
    if (entry.standIns?.some((set) => set.every((c) => present.has(c)))) continue;
    missing.push(name);
  }
  return missing;
}
