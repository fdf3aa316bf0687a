/**
 * Cross-field rules of the data dictionary: checks that need more than one column of a row. Each rule has a
 * stable id (used in verdicts and their per-rule counts), a severity, and a message that says how to fix the row.
 *
 * An IABP started before ECMO is valid data (a cohort exclusion, not an error), so no rule forbids it; the rules
 * only make sure "before" or "after" can be derived.
 */
import { formatDateTime } from './cell-parsers.js';
import type { ColumnName, RunRow } from './run-row-schema.js';

export type Severity = 'error' | 'warning';

/** A cross-field rule's finding on one row: the column to point at, and what to do. */
export interface RuleFinding {
  column: ColumnName;
  message: string;
}

export interface CrossFieldRule {
  id: string;
  severity: Severity;
  description: string;
  /** Returns a finding when the row breaks the rule; a row missing the fields a rule needs passes it. */
  check(row: Partial<RunRow>): RuleFinding | undefined;
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const fmt = formatDateTime;

/** Derived BMI from height and weight, or undefined when either is missing. */
export function bmiFromHeightWeight(
  heightCm: number | undefined,
  weightKg: number | undefined,
): number | undefined {
  if (heightCm === undefined || weightKg === undefined) return undefined;
  return weightKg / (heightCm / 100) ** 2;
}

export const crossFieldRules: readonly CrossFieldRule[] = [
  {
    id: 'age-or-birth-year',
    severity: 'error',
    description: 'Age or year of birth is given',
    check: (r) =>
      r.age_years === undefined && r.birth_year === undefined
        ? { column: 'age_years', message: 'Give age_years (age at ECMO start) or birth_year.' }
        : undefined,
  },
  {
    id: 'age-matches-birth-year',
    severity: 'error',
    description: 'Age agrees with year of birth and the ECMO start year (±1 year)',
    check: (r) => {
      if (r.age_years === undefined || r.birth_year === undefined || r.ecmo_start_at === undefined)
        return undefined;
      const implied = new Date(r.ecmo_start_at).getUTCFullYear() - r.birth_year;
      return Math.abs(implied - r.age_years) > 1
        ? {
            column: 'age_years',
            message: `Age ${r.age_years} does not match birth year ${r.birth_year} (about ${implied} at ECMO start); correct one of them.`,
          }
        : undefined;
    },
  },
  {
    id: 'bmi-or-height-weight',
    severity: 'warning',
    description: 'BMI, or height and weight, is given (BMI is an adjustment variable)',
    check: (r) =>
      r.bmi === undefined && (r.height_cm === undefined || r.weight_kg === undefined)
        ? {
            column: 'bmi',
            message:
              'Give bmi, or both height_cm and weight_kg; without them the run is left out of adjusted analyses.',
          }
        : undefined,
  },
  {
    id: 'bmi-matches-height-weight',
    severity: 'error',
    description: 'BMI agrees with weight / height² within 1 kg/m²',
    check: (r) => {
      const derived = bmiFromHeightWeight(r.height_cm, r.weight_kg);
      if (derived === undefined || r.bmi === undefined) return undefined;
      return Math.abs(derived - r.bmi) > 1
        ? {
            column: 'bmi',
            message: `BMI ${r.bmi} does not match height ${r.height_cm} cm and weight ${r.weight_kg} kg (${derived.toFixed(1)}); check the units (cm, kg) or leave bmi blank.`,
          }
        : undefined;
    },
  },
  {
    id: 'pregnancy-requires-female',
    severity: 'error',
    description: 'Only a female patient can be pregnant',
    check: (r) =>
      r.pregnant === true && r.sex === 'male'
        ? { column: 'pregnant', message: 'pregnant is yes for a male patient; correct sex or pregnant.' }
        : undefined,
  },
  {
    id: 'ecmo-end-after-start',
    severity: 'error',
    description: 'ECMO end is at or after ECMO start',
    check: (r) =>
      r.ecmo_end_at !== undefined && r.ecmo_start_at !== undefined && r.ecmo_end_at < r.ecmo_start_at
        ? {
            column: 'ecmo_end_at',
            message: `ECMO end ${fmt(r.ecmo_end_at)} is before ECMO start ${fmt(r.ecmo_start_at)}; check the dates.`,
          }
        : undefined,
  },
  {
    id: 'discharge-after-admission',
    severity: 'error',
    description: 'Discharge (or death) is at or after admission',
    check: (r) =>
      r.discharge_at !== undefined && r.admission_at !== undefined && r.discharge_at < r.admission_at
        ? {
            column: 'discharge_at',
            message: `Discharge ${fmt(r.discharge_at)} is before admission ${fmt(r.admission_at)}; check the dates.`,
          }
        : undefined,
  },
  {
    id: 'ecmo-within-admission',
    severity: 'error',
    description: 'ECMO starts and ends within the admission',
    check: (r) => {
      if (r.ecmo_start_at === undefined || r.admission_at === undefined) return undefined;
      if (r.ecmo_start_at < r.admission_at) {
        return {
          column: 'ecmo_start_at',
          message: `ECMO start ${fmt(r.ecmo_start_at)} is before admission ${fmt(r.admission_at)}; ECMO must start during the admission.`,
        };
      }
      if (r.discharge_at !== undefined && r.ecmo_start_at > r.discharge_at) {
        return {
          column: 'ecmo_start_at',
          message: `ECMO start ${fmt(r.ecmo_start_at)} is after discharge ${fmt(r.discharge_at)}; check the dates.`,
        };
      }
      if (r.discharge_at !== undefined && r.ecmo_end_at !== undefined && r.ecmo_end_at > r.discharge_at) {
        return {
          column: 'ecmo_end_at',
          message: `ECMO end ${fmt(r.ecmo_end_at)} is after discharge or death ${fmt(r.discharge_at)}; check the dates.`,
        };
      }
      return undefined;
    },
  },
  {
    id: 'completed-run-has-ecmo-end',
    severity: 'error',
    description: 'A run with a discharge has an ECMO end',
    check: (r) =>
      r.discharge_at !== undefined && r.ecmo_end_at === undefined
        ? {
            column: 'ecmo_end_at',
            message: 'The patient has left hospital but ecmo_end_at is blank; give the ECMO end.',
          }
        : undefined,
  },
  {
    id: 'completed-run-has-outcome',
    severity: 'error',
    description: 'A run with a discharge says whether the patient died in hospital',
    check: (r) =>
      r.discharge_at !== undefined && r.died_in_hospital === undefined
        ? {
            column: 'died_in_hospital',
            message: 'The patient has left hospital but died_in_hospital is blank; give yes or no.',
          }
        : undefined,
  },
  {
    id: 'death-ends-admission',
    severity: 'error',
    description: 'A death in hospital has its time in discharge_at',
    check: (r) =>
      r.died_in_hospital === true && r.discharge_at === undefined
        ? {
            column: 'discharge_at',
            message:
              'died_in_hospital is yes but discharge_at is blank; a death ends the admission, so give its time in discharge_at.',
          }
        : undefined,
  },
  {
    id: 'death-time-matches-flag',
    severity: 'error',
    description: 'death_at is given exactly when died_in_hospital is yes',
    check: (r) => {
      if (r.died_in_hospital === true && r.death_at === undefined) {
        return {
          column: 'death_at',
          message: 'died_in_hospital is yes but death_at is blank; give the time of death.',
        };
      }
      if (r.died_in_hospital !== true && r.death_at !== undefined) {
        return {
          column: 'death_at',
          message: 'death_at is given but died_in_hospital is not yes; correct one of them.',
        };
      }
      return undefined;
    },
  },
  {
    id: 'death-time-is-discharge-time',
    severity: 'error',
    description: 'For a death in hospital, death_at and discharge_at agree within 24 h',
    check: (r) =>
      r.died_in_hospital === true &&
      r.death_at !== undefined &&
      r.discharge_at !== undefined &&
      Math.abs(r.death_at - r.discharge_at) > DAY
        ? {
            column: 'death_at',
            message: `death_at ${fmt(r.death_at)} and discharge_at ${fmt(r.discharge_at)} differ by more than a day; for a death in hospital both are the time of death.`,
          }
        : undefined,
  },
  {
    id: 'death-consistent-with-survival-on-ecmo',
    severity: 'error',
    description: 'survived_ecmo agrees with the death flag and the time of death (48 h after weaning)',
    check: (r) => {
      if (r.survived_ecmo === false && r.died_in_hospital === false) {
        return {
          column: 'survived_ecmo',
          message: 'survived_ecmo is no but the patient left hospital alive; one of them is wrong.',
        };
      }
      if (r.died_in_hospital !== true || r.death_at === undefined || r.ecmo_end_at === undefined)
        return undefined;
      const hoursAfterWeaning = (r.death_at - r.ecmo_end_at) / HOUR;
      if (r.survived_ecmo === true && hoursAfterWeaning < 48) {
        return {
          column: 'survived_ecmo',
          message: `survived_ecmo is yes but death came ${hoursAfterWeaning.toFixed(0)} h after ECMO end (survival on ECMO needs 48 h alive after weaning).`,
        };
      }
      if (r.survived_ecmo === false && hoursAfterWeaning >= 48) {
        return {
          column: 'survived_ecmo',
          message: `survived_ecmo is no but death came ${hoursAfterWeaning.toFixed(0)} h after ECMO end; a patient alive 48 h after weaning survived ECMO.`,
        };
      }
      return undefined;
    },
  },
  {
    id: 'ecmo-hours-match-times',
    severity: 'error',
    description: 'ecmo_hours agrees with ECMO end − start (within 2 h or 5%)',
    check: (r) => {
      if (r.ecmo_hours === undefined || r.ecmo_start_at === undefined || r.ecmo_end_at === undefined)
        return undefined;
      const hours = (r.ecmo_end_at - r.ecmo_start_at) / HOUR;
      return Math.abs(hours - r.ecmo_hours) > Math.max(2, 0.05 * hours)
        ? {
            column: 'ecmo_hours',
            message: `ecmo_hours is ${r.ecmo_hours} but ECMO start to end is ${hours.toFixed(1)} h; correct the duration or the times.`,
          }
        : undefined;
    },
  },
  {
    id: 'hospital-days-match-times',
    severity: 'error',
    description: 'hospital_days agrees with discharge − admission (within 1 day)',
    check: (r) => {
      if (r.hospital_days === undefined || r.admission_at === undefined || r.discharge_at === undefined)
        return undefined;
      const days = (r.discharge_at - r.admission_at) / DAY;
      return Math.abs(days - r.hospital_days) > 1
        ? {
            column: 'hospital_days',
            message: `hospital_days is ${r.hospital_days} but admission to discharge is ${days.toFixed(1)} days; correct the duration or the dates.`,
          }
        : undefined;
    },
  },
  {
    id: 'icu-days-within-stay',
    severity: 'error',
    description: 'ICU days do not exceed hospital days',
    check: (r) =>
      r.icu_days !== undefined && r.hospital_days !== undefined && r.icu_days > r.hospital_days + 1
        ? {
            column: 'icu_days',
            message: `icu_days ${r.icu_days} is longer than hospital_days ${r.hospital_days}; correct one of them.`,
          }
        : undefined,
  },
  {
    id: 'ventilation-within-stay',
    severity: 'warning',
    description: 'Ventilation hours do not exceed the hospital stay',
    check: (r) =>
      r.ventilation_hours !== undefined &&
      r.hospital_days !== undefined &&
      r.ventilation_hours > (r.hospital_days + 1) * 24
        ? {
            column: 'ventilation_hours',
            message: `ventilation_hours ${r.ventilation_hours} is longer than the hospital stay (${r.hospital_days} days); check the unit is hours.`,
          }
        : undefined,
  },
  {
    id: 'iabp-start-given',
    severity: 'error',
    description: 'iabp_start_at is given exactly when iabp is yes (so IABP before/after ECMO is derivable)',
    check: (r) => {
      if (r.iabp === true && r.iabp_start_at === undefined) {
        return {
          column: 'iabp_start_at',
          message:
            'iabp is yes but iabp_start_at is blank; give the IABP start so "before" or "after" ECMO can be derived.',
        };
      }
      if (r.iabp === false && r.iabp_start_at !== undefined) {
        return {
          column: 'iabp_start_at',
          message: 'iabp_start_at is given but iabp is no; set iabp to yes or clear the time.',
        };
      }
      return undefined;
    },
  },
  {
    id: 'iabp-start-not-ecmo-start',
    severity: 'error',
    description: 'IABP start differs from ECMO start, so the order is known',
    check: (r) =>
      r.iabp_start_at !== undefined && r.ecmo_start_at !== undefined && r.iabp_start_at === r.ecmo_start_at
        ? {
            column: 'iabp_start_at',
            message:
              'IABP start equals ECMO start, so it is unknown which came first; record the actual minute of each.',
          }
        : undefined,
  },
  {
    id: 'iabp-start-before-discharge',
    severity: 'error',
    description: 'IABP starts before discharge or death',
    check: (r) =>
      r.iabp_start_at !== undefined && r.discharge_at !== undefined && r.iabp_start_at > r.discharge_at
        ? {
            column: 'iabp_start_at',
            message: `IABP start ${fmt(r.iabp_start_at)} is after discharge or death ${fmt(r.discharge_at)}; check the dates.`,
          }
        : undefined,
  },
  {
    id: 'blood-pressure-order',
    severity: 'error',
    description: 'Diastolic pressure does not exceed systolic',
    check: (r) =>
      r.pre_sbp_mmhg !== undefined && r.pre_dbp_mmhg !== undefined && r.pre_dbp_mmhg > r.pre_sbp_mmhg
        ? {
            column: 'pre_dbp_mmhg',
            message: `DBP ${r.pre_dbp_mmhg} is above SBP ${r.pre_sbp_mmhg}; the columns may be swapped.`,
          }
        : undefined,
  },
  {
    id: 'map-between-dbp-and-sbp',
    severity: 'warning',
    description: 'Mean arterial pressure lies between DBP and SBP',
    check: (r) => {
      const { pre_sbp_mmhg: sbp, pre_dbp_mmhg: dbp, pre_map_mmhg: map } = r;
      if (sbp === undefined || dbp === undefined || map === undefined || dbp > sbp) return undefined;
      return map < dbp || map > sbp
        ? {
            column: 'pre_map_mmhg',
            message: `MAP ${map} is outside DBP–SBP (${dbp}–${sbp}); check the values.`,
          }
        : undefined;
    },
  },
  {
    id: 'lactate-plausible',
    severity: 'warning',
    description: 'Lactate above 30 mmol/L is checked for units',
    check: (r) => {
      for (const column of ['pre_lactate_mmol_l', 'lactate_4h_mmol_l', 'lactate_24h_mmol_l'] as const) {
        const value = r[column];
        if (value !== undefined && value > 30) {
          return {
            column,
            message: `Lactate ${value} mmol/L is very high; check it is in mmol/L, not mg/dL (divide mg/dL by 9.01).`,
          };
        }
      }
      return undefined;
    },
  },
];
