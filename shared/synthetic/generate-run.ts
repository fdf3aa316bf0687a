/**
 * Builds one synthetic run (one CSV row as typed values) of a given kind at a given center and ECMO start:
 * patient, pre-ECMO state, IABP decision, timeline, outcomes and complications, then the blanks a real export has.
 * Every value is drawn from the injected generator, so a run is reproducible from its seed.
 */
import type { RunRow } from '../dictionary/index.js';
import type { Random } from '../random/seeded-random.js';
import {
  AGE_BY_DIAGNOSIS,
  BLOOD_GAS_MISSING,
  CARDIAC_ARREST_BY_DIAGNOSIS,
  COMPLICATION_MODELS,
  DATA_CUTOFF,
  DIAGNOSIS_SHARES,
  ECMO_HOURS,
  FEWER_VASOPRESSORS,
  HISTORY_PREVALENCE,
  historyColumns,
  IABP_PROPENSITY,
  LACTATE_FALLING,
  MALE_BY_DIAGNOSIS,
  MORTALITY_MODEL,
  ON_SUPPORT_SHARE_MODEL,
  VASOPRESSOR_SHARES,
  type HistoryColumn,
} from './calibration.js';
import type { CenterProfile } from './center-profile.js';
import { expandComplication } from './complication-components.js';
import { clamp, expit, roundTo } from './logistic.js';
import { linearPredictor, type PatientCovariates } from './linear-predictor.js';
import type { RunKind } from './run-kind.js';
import { complicationCategoryNames } from '../dictionary/index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Diagnosis = NonNullable<RunRow['diagnosis']>;

/** Picks a key of `weights` with probability proportional to its weight. */
function pickWeighted<K extends string>(random: Random, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((s, [, w]) => s + w, 0);
  let u = random.next() * total;
  for (const [key, w] of entries) {
    u -= w;
    if (u < 0) return key;
  }
  return entries[entries.length - 1]![0];
}

function logNormal(random: Random, mu: number, sigma: number): number {
  return Math.exp(mu + sigma * random.normal());
}

/** A duration rounded to whole minutes, so times survive the CSV's `YYYY-MM-DD HH:MM` format. */
function minutes(ms: number): number {
  return Math.round(ms / MINUTE) * MINUTE;
}

function drawDiagnosis(random: Random, kind: RunKind): Diagnosis {
  const base = { ...DIAGNOSIS_SHARES, other: 1 - Object.values(DIAGNOSIS_SHARES).reduce((a, b) => a + b, 0) };
  switch (kind) {
    case 'child':
      return pickWeighted(random, { myocarditis: 0.3, pcs: 0.35, other: 0.35 });
    case 'pregnancy':
      return pickWeighted(random, { myocarditis: 0.15, other: 0.85 });
    case 'non_cardiogenic':
    case 'non_va_mode':
      return pickWeighted(random, { sepsis: 0.3, other: 0.7 });
    case 'central_cannulation':
      return pickWeighted(random, { ...base, pcs: 0.5 });
    case 'iabp_before_ecmo':
      return pickWeighted(random, { ...base, ami: 0.5 });
    default:
      return pickWeighted(random, base);
  }
}

function drawAge(random: Random, kind: RunKind, diagnosis: Diagnosis): number {
  if (kind === 'child') return random.bernoulli(0.35) ? 0 : 1 + random.int(16); // ≤ 16, so an age derived from the birth year stays < 18
  if (kind === 'pregnancy') return 20 + random.int(23);
  const { mean, sd } = AGE_BY_DIAGNOSIS[diagnosis]!;
  for (;;) {
    const age = mean + sd * random.normal();
    if (age >= 18 && age < 91) return Math.floor(age);
  }
}

function drawVasopressors(random: Random): number {
  const group = pickWeighted(random, VASOPRESSOR_SHARES);
  if (group === 'low') return random.bernoulli(0.35) ? 0 : 1;
  if (group === 'two') return 2;
  const u = random.next();
  return u < 0.7 ? 3 : u < 0.92 ? 4 : 5;
}

/** Lactate before ECMO: skewed (log-normal), higher after CA and with more vasopressors; kept ≤ 30 mmol/L. */
function drawLactate(random: Random, cardiacArrest: boolean, vasopressors: number): number {
  const mu = 1.87 + (cardiacArrest ? 0.25 : 0) + (vasopressors >= 3 ? 0.15 : 0);
  for (let i = 0; i < 50; i++) {
    const value = logNormal(random, mu, 0.72);
    if (value <= 30 && value >= 0.5) return roundTo(value, 1);
  }
  return 30;
}

interface Body {
  height: number;
  weight: number;
  bmi: number;
}

function drawBody(random: Random, age: number, female: boolean): Body {
  let height: number;
  let bmiTrue: number;
  if (age < 18) {
    height = Math.round(clamp(50 + 6.5 * age + 5 * random.normal(), 45, 185));
    bmiTrue = clamp(16.5 + 2 * random.normal(), 12, 30);
  } else {
    height = Math.round(
      female ? clamp(159 + 6 * random.normal(), 140, 182) : clamp(170 + 6.5 * random.normal(), 150, 196),
    );
    bmiTrue = clamp(24.4 + 3.6 * random.normal(), 16, 42);
  }
  const m = height / 100;
  const weight = roundTo(bmiTrue * m * m, 1);
  return { height, weight, bmi: roundTo(weight / (m * m), 1) };
}

/** Where the run sits in its center and time, and what it is. */
export interface RunContext {
  center: CenterProfile;
  runId: string;
  ecmoStartAt: number;
  kind: RunKind;
}

/**
 * Generates one clean run. The row passes `RunRowSchema` and every cross-field rule of severity error; the only
 * warning it may raise is `bmi-or-height-weight`, on runs of kind `missing_key_data` whose body size is blank.
 */
export function generateRun(random: Random, context: RunContext): RunRow {
  const { center, kind, ecmoStartAt } = context;
  const diagnosis = drawDiagnosis(random, kind);
  const age = drawAge(random, kind, diagnosis);
  const female = kind === 'pregnancy' ? true : !random.bernoulli(MALE_BY_DIAGNOSIS[diagnosis]!);
  const body = drawBody(random, age, female);
  const childScale = age < 18 ? 0.05 : 1;
  const history = Object.fromEntries(
    historyColumns.map((c) => [c, random.bernoulli(HISTORY_PREVALENCE[c] * childScale)]),
  ) as Record<HistoryColumn, boolean>;
  const cardiacArrest = random.bernoulli(CARDIAC_ARREST_BY_DIAGNOSIS[diagnosis]!);
  const vasopressors = drawVasopressors(random);
  const mechanicalVentilation = random.bernoulli(cardiacArrest ? 0.78 : 0.4);
  const lactate = drawLactate(random, cardiacArrest, vasopressors);
  const x: PatientCovariates = {
    age,
    female,
    bmi: body.bmi,
    cardiacArrest,
    vasopressors,
    mechanicalVentilation,
    lactate,
    history,
    diagnosis,
  };

  // IABP: before ECMO only for that exclusion kind; otherwise after ECMO by the propensity model.
  const iabpBefore = kind === 'iabp_before_ecmo';
  const p = IABP_PROPENSITY;
  const propensity =
    p.intercept +
    center.iabpEffect +
    (history.hx_cardiac_intervention ? p.hx_cardiac_intervention : 0) +
    (history.hx_myocardial_infarction ? p.hx_myocardial_infarction : 0) +
    (history.hx_cirrhosis ? p.hx_cirrhosis : 0) +
    (history.hx_smoking ? p.hx_smoking : 0) +
    (cardiacArrest ? p.cardiac_arrest : 0) +
    (mechanicalVentilation ? p.mechanical_ventilation : 0) +
    (vasopressors === 2 ? p.vasopressors_two : 0) +
    (vasopressors >= 3 ? p.vasopressors_three : 0) +
    (age < 18 ? -1.5 : 0);
  const iabpAfter = !iabpBefore && random.bernoulli(expit(propensity));

  // Timeline.
  const gapMedianHours =
    diagnosis === 'pcs' ? 96 : diagnosis === 'ami' ? 8 : diagnosis === 'myocarditis' ? 24 : 18;
  let gapHours = clamp(logNormal(random, Math.log(gapMedianHours), 1.1), 0.5, 30 * 24);
  if (iabpBefore) gapHours = Math.max(gapHours, 2 + 10 * random.next());
  const admissionAt = ecmoStartAt - minutes(gapHours * HOUR);
  const hoursModel = iabpAfter ? ECMO_HOURS.iabp : ECMO_HOURS.control;
  const ecmoHoursTrue = clamp(logNormal(random, hoursModel.mu, hoursModel.sigma), 3, 1400);
  const ecmoEndAt = ecmoStartAt + minutes(ecmoHoursTrue * HOUR);
  let iabpStartAt: number | undefined;
  if (iabpAfter) {
    const latest = Math.min(24, 0.5 * ecmoHoursTrue);
    iabpStartAt = ecmoStartAt + minutes((0.25 + (latest - 0.25) * random.next()) * HOUR);
  } else if (iabpBefore) {
    iabpStartAt = ecmoStartAt - minutes((0.25 + (gapHours - 0.25) * (0.1 + 0.8 * random.next())) * HOUR);
  }

  // Outcomes.
  const died = random.bernoulli(
    expit(linearPredictor(MORTALITY_MODEL, x, iabpAfter, center.mortalityEffect)),
  );
  const diedOnSupport =
    died && random.bernoulli(expit(linearPredictor(ON_SUPPORT_SHARE_MODEL, x, iabpAfter, 0)));
  let dischargeAt: number;
  if (diedOnSupport) {
    dischargeAt = random.bernoulli(0.7)
      ? ecmoEndAt
      : ecmoEndAt + minutes((0.5 + 46.5 * random.next()) * HOUR);
  } else if (died) {
    dischargeAt = ecmoEndAt + 48 * HOUR + minutes(clamp(logNormal(random, Math.log(5), 0.9), 0.1, 90) * DAY);
  } else {
    dischargeAt = ecmoEndAt + minutes(clamp(logNormal(random, Math.log(9), 0.7), 1, 120) * DAY);
  }
  const postEcmoDays = (dischargeAt - ecmoEndAt) / DAY;
  const hospitalDays = roundTo((dischargeAt - admissionAt) / DAY, 1);
  const icuDays = roundTo(
    Math.min(
      hospitalDays,
      Math.min(gapHours / 24, 2 * random.next()) +
        ecmoHoursTrue / 24 +
        (died ? postEcmoDays : postEcmoDays * (0.3 + 0.5 * random.next())),
    ),
    1,
  );
  const ventilated = mechanicalVentilation || random.bernoulli(0.6);
  const ventilationHours = ventilated
    ? roundTo(Math.min(hospitalDays * 24, ecmoHoursTrue + postEcmoDays * 24 * (0.1 + 0.5 * random.next())), 1)
    : 0;

  // During ECMO: lactate at 4 h and 24 h (blank when the patient had died by then), vasopressor change.
  const lactate4h =
    dischargeAt - ecmoStartAt >= 4 * HOUR || !died
      ? roundTo(clamp(lactate * Math.exp(-0.12 + 0.4 * random.normal()), 0.5, 30), 1)
      : undefined;
  let lactate24h: number | undefined;
  if (lactate4h !== undefined && (dischargeAt - ecmoStartAt >= 24 * HOUR || !died)) {
    const falling = random.bernoulli(iabpAfter ? LACTATE_FALLING.iabp : LACTATE_FALLING.control);
    if (falling) {
      const factor = Math.min(0.97, Math.exp(-1.45 + 0.45 * random.normal()));
      lactate24h = Math.max(0.1, Math.min(roundTo(lactate4h * factor, 1), roundTo(lactate4h - 0.1, 1)));
    } else {
      lactate24h = Math.min(
        30,
        Math.max(lactate4h, roundTo(lactate4h * Math.exp(Math.abs(0.1 * random.normal())), 1)),
      );
    }
  }
  const fewerTarget = iabpAfter ? FEWER_VASOPRESSORS.iabp : FEWER_VASOPRESSORS.control;
  const u = random.next();
  const vasopressorChange: RunRow['vasopressor_change'] =
    vasopressors >= 1 && u < fewerTarget / 0.88 ? 'fewer' : u > 0.8 ? 'more' : 'same';

  // Pre-ECMO haemodynamics and blood gases.
  const sbp = Math.round(clamp(82 + 18 * random.normal(), 35, 170));
  const dbp = Math.min(sbp - 5, Math.round(sbp * (0.5 + 0.22 * random.next())));
  const map = Math.round(dbp + (sbp - dbp) / 3);
  const ph = roundTo(clamp(7.22 - 0.008 * (lactate - 8) + 0.11 * random.normal(), 6.75, 7.6), 2);
  const paco2 = Math.round(clamp(44 + 12 * random.normal(), 18, 110));
  const pao2 = Math.round(clamp(logNormal(random, Math.log(95), 0.6), 25, 550));

  const startYear = new Date(ecmoStartAt).getUTCFullYear();
  const row: RunRow = {
    center_id: center.centerId,
    run_id: context.runId,
    birth_year: center.ageColumns === 'age' ? undefined : startYear - age - (random.bernoulli(0.5) ? 1 : 0),
    age_years: center.ageColumns === 'birth_year' ? undefined : age,
    sex: female ? 'female' : 'male',
    height_cm: center.bodySizeColumns === 'bmi' ? undefined : body.height,
    weight_kg: center.bodySizeColumns === 'bmi' ? undefined : body.weight,
    bmi: center.bodySizeColumns === 'height_weight' ? undefined : body.bmi,
    pregnant: kind === 'pregnancy',
    admission_at: admissionAt,
    ecmo_start_at: ecmoStartAt,
    ecmo_end_at: ecmoEndAt,
    discharge_at: dischargeAt,
    iabp: iabpStartAt !== undefined,
    iabp_start_at: iabpStartAt,
    indication: 'cardiogenic_shock',
    ecmo_mode: 'VA',
    mode_conversion: kind === 'mode_conversion',
    cannulation: kind === 'central_cannulation' ? 'central' : 'peripheral',
    lv_unloading:
      kind === 'other_lv_unloading'
        ? pickWeighted(random, { impella: 0.45, atrial_septostomy: 0.2, surgical_lv_vent: 0.25, other: 0.1 })
        : 'none',
    diagnosis,
    ...history,
    pre_cardiac_arrest: cardiacArrest,
    pre_vasopressor_count: vasopressors,
    pre_mechanical_ventilation: mechanicalVentilation,
    pre_sbp_mmhg: sbp,
    pre_dbp_mmhg: dbp,
    pre_map_mmhg: map,
    pre_ph: ph,
    pre_paco2_mmhg: paco2,
    pre_pao2_mmhg: pao2,
    pre_lactate_mmol_l: lactate,
    lactate_4h_mmol_l: lactate4h,
    lactate_24h_mmol_l: lactate24h,
    vasopressor_change: vasopressorChange,
    died_in_hospital: died,
    survived_ecmo: !diedOnSupport,
    death_at: died ? dischargeAt : undefined,
    ecmo_hours: roundTo((ecmoEndAt - ecmoStartAt) / HOUR, 1),
    icu_days: icuDays,
    ventilation_hours: ventilationHours,
    hospital_days: hospitalDays,
  };
  for (const category of complicationCategoryNames) {
    const present = random.bernoulli(expit(linearPredictor(COMPLICATION_MODELS[category]!, x, iabpAfter, 0)));
    Object.assign(row, expandComplication(random, category, present, died));
  }

  applyModeAndIndication(random, row, kind);
  applyBloodGasMissingness(random, row, center, startYear);
  if (kind === 'missing_key_data') blankKeyData(random, row);
  if (dischargeAt > DATA_CUTOFF) markInProgress(row);
  return row;
}

function applyModeAndIndication(random: Random, row: RunRow, kind: RunKind): void {
  if (kind === 'non_va_mode') {
    row.ecmo_mode = pickWeighted(random, { VV: 0.6, VAV: 0.15, VVA: 0.1, other: 0.15 });
    row.indication =
      row.ecmo_mode === 'VV'
        ? random.bernoulli(0.95)
          ? 'respiratory_failure'
          : 'other'
        : pickWeighted(random, { cardiogenic_shock: 0.5, respiratory_failure: 0.4, other: 0.1 });
  } else if (kind === 'non_cardiogenic') {
    row.indication = random.bernoulli(0.4) ? 'respiratory_failure' : 'other';
  }
}

/** pH, PaCO2 and PaO2 missing at random given center size and year (BLOOD_GAS_MISSING). */
function applyBloodGasMissingness(random: Random, row: RunRow, center: CenterProfile, year: number): void {
  const m = BLOOD_GAS_MISSING;
  const logit =
    m.intercept + (center.runsPerYear < 10 ? m.smallCenter : 0) + m.perYearSince2020 * (year - 2020);
  if (!random.bernoulli(expit(logit))) return;
  if (random.bernoulli(m.allThree)) {
    row.pre_ph = row.pre_paco2_mmhg = row.pre_pao2_mmhg = undefined;
    return;
  }
  const pattern = random.int(3);
  if (pattern === 0) row.pre_ph = undefined;
  else if (pattern === 1) row.pre_pao2_mmhg = undefined;
  else row.pre_paco2_mmhg = row.pre_pao2_mmhg = undefined;
}

/** Blanks one block of the analysis variables (the "missing key data" exclusion). */
function blankKeyData(random: Random, row: RunRow): void {
  const block = pickWeighted(random, {
    history: 0.3,
    body: 0.25,
    arrest: 0.15,
    vasopressors: 0.15,
    ventilation: 0.15,
  });
  if (block === 'history') for (const c of historyColumns) row[c] = undefined;
  else if (block === 'body') row.bmi = row.height_cm = row.weight_kg = undefined;
  else if (block === 'arrest') row.pre_cardiac_arrest = undefined;
  else if (block === 'vasopressors') row.pre_vasopressor_count = undefined;
  else row.pre_mechanical_ventilation = undefined;
}

/** A run whose discharge falls after the data cut-off: no discharge, blank outcomes, durations and complications. */
function markInProgress(row: RunRow): void {
  row.discharge_at = undefined;
  row.died_in_hospital = row.survived_ecmo = row.death_at = undefined;
  row.icu_days = row.ventilation_hours = row.hospital_days = undefined;
  if (row.ecmo_end_at !== undefined && row.ecmo_end_at > DATA_CUTOFF) {
    row.ecmo_end_at = row.ecmo_hours = undefined;
  }
  for (const key of Object.keys(row) as (keyof RunRow)[]) {
    if (key.startsWith('comp_')) (row as Record<string, unknown>)[key] = undefined;
  }
}
