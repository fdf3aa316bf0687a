/**
 * The synthetic registry's parameters, calibrated to the published figures of the source study (STUDY.md,
 * "Published figures"; Wang et al., Crit Care 2024). Where the paper is silent (its Table 1 is not in the text we
 * hold, nor are the flowchart's counts) the values are our own plausible choices, marked "ours".
 *
 * Intercepts marked "calibrated" were tuned by simulation on the default seed so that crude rates land near the
 * published ones; test/shared/synthetic/generate-registry.test.ts checks them with stated tolerances.
 */
import { SOURCE_STUDY } from '../config/source-study.js';

/** ECMO starts run from the study's first date to its last (Jan 2017 – Jul 2023). */
export const STUDY_START = Date.UTC(2017, 0, 1);
/** Exclusive end of the ECMO start window (the end of July 2023). */
export const STUDY_END = Date.UTC(2023, 7, 1);
/**
 * The data cut-off of the synthetic export: a run whose discharge (or ECMO end) falls after it is still in
 * progress, so its discharge and outcomes are blank.
 */
export const DATA_CUTOFF = Date.UTC(2023, 7, 1);

/** Relative ECMO volume per calendar year 2017..2023 (ours: VA-ECMO use in China grew over the period). */
export const YEAR_VOLUME_WEIGHTS: readonly number[] = [0.62, 0.75, 0.88, 0.92, 1.08, 1.15, 1.25];

/**
 * Runs in the whole registry at scale 1 (all active centers, every mode and age). Chosen so that, after the
 * cohort exclusions, about 5,492 *completed* runs remain: the paper analysed outcomes on all 5,492, so the target
 * is the outcome-analysis cohort. In-progress runs (about 45 in the cohort, ECMO started in the last weeks before
 * DATA_CUTOFF) pass the exclusions too, so a flowchart that counts them shows about 5,516.
 */
export const TOTAL_RUNS = 10_640;

/** Log-normal spread of center volumes (σ of log volume): a few large centers, many small ones. */
export const CENTER_VOLUME_LOG_SD = 1.1;
/** Smallest center, in runs over the whole period at scale 1. */
export const MIN_CENTER_RUNS = 4;

/**
 * What each run is, by the first cohort step that would exclude it (ours; the paper's flowchart counts are not in
 * the text). Proportions of all runs; `cohort` takes the rest.
 */
export const RUN_KIND_PROPORTIONS = {
  child: 0.05,
  non_va_mode: 0.07,
  non_cardiogenic: 0.05,
  pregnancy: 0.006,
  missing_key_data: 0.07,
  mode_conversion: 0.025,
  central_cannulation: 0.05,
  other_lv_unloading: 0.04,
  iabp_before_ecmo: 0.12,
} as const;

/** Pre-ECMO diagnosis shares (STUDY.md); `other` takes the rest (51.3%). */
export const DIAGNOSIS_SHARES = {
  myocarditis: 0.099,
  pcs: 0.09,
  ami: 0.244,
  chronic_hf: 0.004,
  sepsis: 0.05,
} as const;

/**
 * Age (years) by diagnosis: mean and SD of a normal truncated to 18–90. Myocarditis patients are younger and AMI
 * patients older; the mixture gives the published 54.7 ± 15.1.
 */
export const AGE_BY_DIAGNOSIS: Record<string, { mean: number; sd: number }> = {
  myocarditis: { mean: 38, sd: 14 },
  pcs: { mean: 56, sd: 15.8 },
  ami: { mean: 60.5, sd: 12.5 },
  chronic_hf: { mean: 55, sd: 15.8 },
  sepsis: { mean: 55, sd: 15.8 },
  other: { mean: 55.4, sd: 15.8 },
};

/** P(male) by diagnosis; overall 71.3% (STUDY.md). */
export const MALE_BY_DIAGNOSIS: Record<string, number> = {
  myocarditis: 0.55,
  pcs: 0.7,
  ami: 0.8,
  chronic_hf: 0.7,
  sepsis: 0.7,
  other: 0.705,
};

/** P(cardiac arrest before ECMO) by diagnosis; overall 43% (STUDY.md). */
export const CARDIAC_ARREST_BY_DIAGNOSIS: Record<string, number> = {
  myocarditis: 0.35,
  pcs: 0.3,
  ami: 0.55,
  chronic_hf: 0.4,
  sepsis: 0.3,
  other: 0.424,
};

/** History prevalences in the whole adult population before IABP assignment (ours, except as noted). */
export const HISTORY_PREVALENCE = {
  // 13.9% vs 16.7% after the propensity model below (STUDY.md)
  hx_cardiac_intervention: 0.143,
  // 12.0% vs 14.8% (STUDY.md)
  hx_myocardial_infarction: 0.124,
  hx_hypertension: 0.36,
  hx_diabetes: 0.17,
  hx_hyperlipidemia: 0.09,
  hx_heart_failure: 0.07,
  hx_ckd: 0.05,
  hx_cirrhosis: 0.012,
  hx_smoking: 0.28,
} as const;

export type HistoryColumn = keyof typeof HISTORY_PREVALENCE;
export const historyColumns = Object.keys(HISTORY_PREVALENCE) as HistoryColumn[];

/** Vasopressor types before ECMO: shares of 0–1, 2 and ≥ 3 (ours). */
export const VASOPRESSOR_SHARES = { low: 0.34, two: 0.35, three: 0.31 } as const;

/**
 * Propensity of IABP after ECMO (logit scale). Log-odds ratios reproduce the paper's group differences:
 * ln((.167/.833)/(.139/.861)) = 0.217 for prior intervention, 0.242 for prior MI; more cirrhosis, smoking and
 * vasopressors, less CA and mechanical ventilation in the IABP group (its Table 1 directions).
 */
export const IABP_PROPENSITY = {
  intercept: -1.73, // calibrated: 15.1% of the cohort (832 of 5,492)
  hx_cardiac_intervention: 0.217,
  hx_myocardial_infarction: 0.242,
  hx_cirrhosis: 0.5,
  hx_smoking: 0.15,
  cardiac_arrest: -0.2,
  mechanical_ventilation: -0.18,
  vasopressors_two: 0.12,
  vasopressors_three: 0.25,
  centerSd: 0.35,
} as const;

/** Covariate effects shared by the outcome models (log-odds per unit, covariates centered). */
export interface OutcomeModel {
  intercept: number;
  /** True conditional log-odds ratio of IABP after ECMO. */
  iabp: number;
  agePerYear?: number;
  female?: number;
  bmiPerUnit?: number;
  cardiacArrest?: number;
  vasopressorsTwo?: number;
  vasopressorsThree?: number;
  mechanicalVentilation?: number;
  lactatePerUnit?: number;
  history?: Partial<Record<HistoryColumn, number>>;
  diagnosis?: Partial<Record<string, number>>;
  /** SD of a center random effect on the logit scale. */
  centerSd?: number;
}

/**
 * In-hospital mortality: aOR of IABP after ECMO 0.823 (STUDY.md). Covariates of plausible size; lactate and
 * diagnosis are outside the paper's adjustment set but do not drive IABP use, so they add no confounding.
 */
export const MORTALITY_MODEL: OutcomeModel = {
  intercept: -0.61, // calibrated: 52.5% (ECMO only) vs 48.0% (IABP after)
  iabp: Math.log(SOURCE_STUDY.primary.oddsRatio),
  agePerYear: 0.025,
  female: 0.05,
  bmiPerUnit: 0.02,
  cardiacArrest: 0.65,
  vasopressorsTwo: 0.25,
  vasopressorsThree: 0.6,
  lactatePerUnit: 0.035,
  history: {
    hx_cardiac_intervention: 0.05,
    hx_myocardial_infarction: 0.1,
    hx_hypertension: 0.05,
    hx_diabetes: 0.15,
    hx_hyperlipidemia: -0.05,
    hx_heart_failure: 0.25,
    hx_ckd: 0.45,
    hx_cirrhosis: 0.6,
    hx_smoking: 0.05,
  },
  diagnosis: { myocarditis: -0.5, pcs: 0.2, ami: 0.1, sepsis: 0.5, chronic_hf: 0.3 },
  centerSd: 0.2,
};

/**
 * Among in-hospital deaths, the share that die on support or within 48 h of weaning. Its IABP log-odds (ln 0.852)
 * makes the marginal on-support mortality's aOR about 0.828 (STUDY.md): 24.6% vs 20.6% crude.
 */
export const ON_SUPPORT_SHARE_MODEL: OutcomeModel = {
  intercept: -0.39, // calibrated
  iabp: Math.log(0.852),
  agePerYear: 0.005,
  cardiacArrest: 0.35,
  vasopressorsThree: 0.2,
};

/** Complication category models: IABP log-odds are the published aORs (~1 where not significant). */
export const COMPLICATION_MODELS: Record<string, OutcomeModel> = {
  mechanical: { intercept: -3.2, iabp: Math.log(1.905), cardiacArrest: 0.2, bmiPerUnit: 0.02 },
  bleeding: {
    intercept: -2.02,
    iabp: Math.log(1.371),
    agePerYear: 0.005,
    cardiacArrest: 0.2,
    history: { hx_cirrhosis: 0.8, hx_ckd: 0.2 },
    diagnosis: { pcs: 0.9 },
  },
  neurological: { intercept: -3.4, iabp: Math.log(1.15), agePerYear: 0.01, cardiacArrest: 0.9 },
  renal: {
    intercept: -0.42,
    iabp: Math.log(1.252),
    agePerYear: 0.015,
    cardiacArrest: 0.2,
    lactatePerUnit: 0.03,
    history: { hx_ckd: 1.0, hx_diabetes: 0.2, hx_hypertension: 0.1 },
  },
  pulmonary: {
    intercept: -1.48,
    iabp: Math.log(1.768),
    agePerYear: 0.01,
    history: { hx_smoking: 0.25 },
    cardiacArrest: 0.2,
  },
  metabolic: {
    intercept: -0.53,
    iabp: Math.log(1.0),
    lactatePerUnit: 0.04,
    cardiacArrest: 0.25,
    history: { hx_diabetes: 0.4 },
  },
  limb: { intercept: -2.8, iabp: Math.log(1.15), bmiPerUnit: 0.03, female: 0.2 },
};

/** Centering constants for the models' covariates. */
export const CENTER = { age: 55, bmi: 24.5, lactate: 8 } as const;

/**
 * ECMO duration (hours): log-normal matching 96.5 (99.3) h ECMO only and 108 (112) h IABP after ECMO (STUDY.md,
 * matched cohort): σ² = ln(1 + SD²/mean²), μ = ln(mean) − σ²/2.
 */
export const ECMO_HOURS = {
  control: {
    mu: Math.log(96.5) - Math.log(1 + (99.3 / 96.5) ** 2) / 2,
    sigma: Math.sqrt(Math.log(1 + (99.3 / 96.5) ** 2)),
  },
  iabp: {
    mu: Math.log(108) - Math.log(1 + (112 / 108) ** 2) / 2,
    sigma: Math.sqrt(Math.log(1 + (112 / 108) ** 2)),
  },
} as const;

/** Lactate falling from 4 h to 24 h: 59.3% ECMO only vs 64.8% IABP after (STUDY.md). */
export const LACTATE_FALLING = { control: 0.593, iabp: 0.648 } as const;
/** Fewer vasopressor types during ECMO: 7.8% vs 10.6% (STUDY.md). */
export const FEWER_VASOPRESSORS = { control: 0.078, iabp: 0.106 } as const;

/**
 * pH, PaCO2 and PaO2 missing at random: logit P(missing) depends on center size and ECMO year (observed), so
 * about 1,747 of 5,492 cohort runs (31.8%) miss at least one (STUDY.md).
 */
export const BLOOD_GAS_MISSING = {
  intercept: -0.88, // calibrated
  smallCenter: 0.6,
  perYearSince2020: -0.2,
  /** Share of missing runs where all three are blank together. */
  allThree: 0.88,
} as const;

/** A center is "large" above this many runs a year (the paper's subgroup). */
export const LARGE_CENTER_RUNS_PER_YEAR = 30;
