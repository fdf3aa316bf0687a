/**
 * Cross-field rules of the data dictionary: checks that need more than one column of a row. Each rule has a
 * stable id (used in verdicts and their per-rule counts), a severity, and a finding that names the column to fix
 * and the facts of the case. The wording, in English and Chinese, is in shared/i18n/problem-messages.ts, which
 * has a message for every rule id below (the compiler checks it).
 *
 * An IABP started before ECMO is valid data (a cohort exclusion, not an error), so no rule forbids it; the rules
 * only make sure "before" or "after" can be derived.
 */
import { formatDateTime } from './cell-parsers.js';
import type { ColumnName, RunRow } from './run-row-schema.js';

export type Severity = 'error' | 'warning';

type None = Record<string, never>;

/** The facts each rule's finding carries (dates as `YYYY-MM-DD HH:MM`); messages are rendered from them. */
export type CrossFieldParams = {
  'age-or-birth-year': None;
  'age-matches-birth-year': { age: number; birthYear: number; implied: number };
  'bmi-or-height-weight': None;
  'bmi-matches-height-weight': { bmi: number; height: number; weight: number; derived: string };
  'pregnancy-requires-female': None;
  'ecmo-end-after-start': { end: string; start: string };
  'discharge-after-admission': { discharge: string; admission: string };
  'ecmo-within-admission':
    | { case: 'start-before-admission'; start: string; admission: string }
    | { case: 'start-after-discharge'; start: string; discharge: string }
    | { case: 'end-after-discharge'; end: string; discharge: string };
  'completed-run-has-ecmo-end': None;
  'completed-run-has-outcome': None;
  'death-ends-admission': None;
  'death-time-matches-flag': { case: 'death-time-missing' | 'death-time-without-death' };
  'death-time-is-discharge-time': { death: string; discharge: string };
  'death-consistent-with-survival-on-ecmo':
    { case: 'left-alive' } | { case: 'died-within-48h' | 'died-after-48h'; hours: string };
  'ecmo-hours-match-times': { hours: number; computed: string };
  'hospital-days-match-times': { days: number; computed: string };
  'icu-days-within-stay': { icu: number; hospital: number };
  'ventilation-within-stay': { ventilation: number; hospital: number };
  'iabp-start-given': { case: 'start-missing' | 'start-without-iabp' };
  'iabp-start-not-ecmo-start': { start: string };
  'iabp-start-before-discharge': { iabp: string; discharge: string };
  'blood-pressure-order': { dbp: number; sbp: number };
  'map-between-dbp-and-sbp': { map: number; dbp: number; sbp: number };
  'lactate-plausible': { column: string; lactate: number };
};

/** Cross-field rule ids. */
export type CrossFieldRuleId = keyof CrossFieldParams;

/** A cross-field rule's finding on one row: the column to point at, and the facts its message is made from. */
export interface RuleFinding<Id extends CrossFieldRuleId = CrossFieldRuleId> {
  column: ColumnName;
  params: CrossFieldParams[Id];
}

interface RuleOf<Id extends CrossFieldRuleId> {
  id: Id;
  severity: Severity;
  description: string;
  /** Returns a finding when the row breaks the rule; a row missing the fields a rule needs passes it. */
  check(row: Partial<RunRow>): RuleFinding<Id> | undefined;
}

/** One cross-field rule; its id decides the shape of its finding's parameters. */
export type CrossFieldRule = { [Id in CrossFieldRuleId]: RuleOf<Id> }[CrossFieldRuleId];

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

const fmt = formatDateTime;
const none: None = {};

/** Derived BMI from height and weight, or undefined when either is missing. */
export function bmiFromHeightWeight(
  heightCm: number | undefined,
  weightKg: number | undefined,
): number | undefined {
  if (heightCm === undefined || weightKg === undefined) return undefined;
  return weightKg / (heightCm / 100) ** 2;
}

/** Builds a rule, tying its id to its parameters' shape. */
const rule = <Id extends CrossFieldRuleId>(r: RuleOf<Id>): CrossFieldRule => r as unknown as CrossFieldRule;

/** The rules, in the order they are checked and documented. */
export const crossFieldRules: readonly CrossFieldRule[] = [
  rule({
    id: 'age-or-birth-year',
    severity: 'error',
    description: 'Age or year of birth is given',
    check: (r) =>
      r.age_years === undefined && r.birth_year === undefined
        ? { column: 'age_years', params: none }
        : undefined,
  }),
  rule({
    id: 'age-matches-birth-year',
    severity: 'error',
    description: 'Age agrees with year of birth and the ECMO start year (±1 year)',
    check: (r) => {
      if (r.age_years === undefined || r.birth_year === undefined || r.ecmo_start_at === undefined)
        return undefined;
      const implied = new Date(r.ecmo_start_at).getUTCFullYear() - r.birth_year;
      return Math.abs(implied - r.age_years) > 1
        ? { column: 'age_years', params: { age: r.age_years, birthYear: r.birth_year, implied } }
        : undefined;
    },
  }),
  rule({
    id: 'bmi-or-height-weight',
    severity: 'warning',
    description: 'BMI, or height and weight, is given (BMI is an adjustment variable)',
    check: (r) =>
      r.bmi === undefined && (r.height_cm === undefined || r.weight_kg === undefined)
        ? { column: 'bmi', params: none }
        : undefined,
  }),
  rule({
    id: 'bmi-matches-height-weight',
    severity: 'error',
    description: 'BMI agrees with weight / height² within 1 kg/m²',
    check: (r) => {
      const derived = bmiFromHeightWeight(r.height_cm, r.weight_kg);
      if (derived === undefined || r.bmi === undefined) return undefined;
      return Math.abs(derived - r.bmi) > 1
        ? {
            column: 'bmi',
            params: { bmi: r.bmi, height: r.height_cm!, weight: r.weight_kg!, derived: derived.toFixed(1) },
          }
        : undefined;
    },
  }),
  rule({
    id: 'pregnancy-requires-female',
    severity: 'error',
    description: 'Only a female patient can be pregnant',
    check: (r) =>
      r.pregnant === true && r.sex === 'male' ? { column: 'pregnant', params: none } : undefined,
  }),
  rule({
    id: 'ecmo-end-after-start',
    severity: 'error',
    description: 'ECMO end is at or after ECMO start',
    check: (r) =>
      r.ecmo_end_at !== undefined && r.ecmo_start_at !== undefined && r.ecmo_end_at < r.ecmo_start_at
        ? { column: 'ecmo_end_at', params: { end: fmt(r.ecmo_end_at), start: fmt(r.ecmo_start_at) } }
        : undefined,
  }),
  rule({
    id: 'discharge-after-admission',
    severity: 'error',
    description: 'Discharge (or death) is at or after admission',
    check: (r) =>
      r.discharge_at !== undefined && r.admission_at !== undefined && r.discharge_at < r.admission_at
        ? {
            column: 'discharge_at',
            params: { discharge: fmt(r.discharge_at), admission: fmt(r.admission_at) },
          }
        : undefined,
  }),
  rule({
    id: 'ecmo-within-admission',
    severity: 'error',
    description: 'ECMO starts and ends within the admission',
    check: (r) => {
      if (r.ecmo_start_at === undefined || r.admission_at === undefined) return undefined;
      if (r.ecmo_start_at < r.admission_at) {
        return {
          column: 'ecmo_start_at',
          params: {
            case: 'start-before-admission',
            start: fmt(r.ecmo_start_at),
            admission: fmt(r.admission_at),
          },
        };
      }
      if (r.discharge_at !== undefined && r.ecmo_start_at > r.discharge_at) {
        return {
          column: 'ecmo_start_at',
          params: {
            case: 'start-after-discharge',
            start: fmt(r.ecmo_start_at),
            discharge: fmt(r.discharge_at),
          },
        };
      }
      if (r.discharge_at !== undefined && r.ecmo_end_at !== undefined && r.ecmo_end_at > r.discharge_at) {
        return {
          column: 'ecmo_end_at',
          params: { case: 'end-after-discharge', end: fmt(r.ecmo_end_at), discharge: fmt(r.discharge_at) },
        };
      }
      return undefined;
    },
  }),
  rule({
    id: 'completed-run-has-ecmo-end',
    severity: 'error',
    description: 'A run with a discharge has an ECMO end',
    check: (r) =>
      r.discharge_at !== undefined && r.ecmo_end_at === undefined
        ? { column: 'ecmo_end_at', params: none }
        : undefined,
  }),
  rule({
    id: 'completed-run-has-outcome',
    severity: 'error',
    description: 'A run with a discharge says whether the patient died in hospital',
    check: (r) =>
      r.discharge_at !== undefined && r.died_in_hospital === undefined
        ? { column: 'died_in_hospital', params: none }
        : undefined,
  }),
  rule({
    id: 'death-ends-admission',
    severity: 'error',
    description: 'A death in hospital has its time in discharge_at',
    check: (r) =>
      r.died_in_hospital === true && r.discharge_at === undefined
        ? { column: 'discharge_at', params: none }
        : undefined,
  }),
  rule({
    id: 'death-time-matches-flag',
    severity: 'error',
    description: 'death_at is given exactly when died_in_hospital is yes',
    check: (r) => {
      if (r.died_in_hospital === true && r.death_at === undefined)
        return { column: 'death_at', params: { case: 'death-time-missing' } };
      if (r.died_in_hospital !== true && r.death_at !== undefined)
        return { column: 'death_at', params: { case: 'death-time-without-death' } };
      return undefined;
    },
  }),
  rule({
    id: 'death-time-is-discharge-time',
    severity: 'error',
    description: 'For a death in hospital, death_at and discharge_at agree within 24 h',
    check: (r) =>
      r.died_in_hospital === true &&
      r.death_at !== undefined &&
      r.discharge_at !== undefined &&
      Math.abs(r.death_at - r.discharge_at) > DAY
        ? { column: 'death_at', params: { death: fmt(r.death_at), discharge: fmt(r.discharge_at) } }
        : undefined,
  }),
  rule({
    id: 'death-consistent-with-survival-on-ecmo',
    severity: 'error',
    description: 'survived_ecmo agrees with the death flag and the time of death (48 h after weaning)',
    check: (r) => {
      if (r.survived_ecmo === false && r.died_in_hospital === false)
        return { column: 'survived_ecmo', params: { case: 'left-alive' } };
      if (r.died_in_hospital !== true || r.death_at === undefined || r.ecmo_end_at === undefined)
        return undefined;
      const hoursAfterWeaning = (r.death_at - r.ecmo_end_at) / HOUR;
      const hours = hoursAfterWeaning.toFixed(0);
      if (r.survived_ecmo === true && hoursAfterWeaning < 48)
        return { column: 'survived_ecmo', params: { case: 'died-within-48h', hours } };
      if (r.survived_ecmo === false && hoursAfterWeaning >= 48)
        return { column: 'survived_ecmo', params: { case: 'died-after-48h', hours } };
      return undefined;
    },
  }),
  rule({
    id: 'ecmo-hours-match-times',
    severity: 'error',
    description: 'ecmo_hours agrees with ECMO end − start (within 2 h or 5%)',
    check: (r) => {
      if (r.ecmo_hours === undefined || r.ecmo_start_at === undefined || r.ecmo_end_at === undefined)
        return undefined;
      const hours = (r.ecmo_end_at - r.ecmo_start_at) / HOUR;
      return Math.abs(hours - r.ecmo_hours) > Math.max(2, 0.05 * hours)
        ? { column: 'ecmo_hours', params: { hours: r.ecmo_hours, computed: hours.toFixed(1) } }
        : undefined;
    },
  }),
  rule({
    id: 'hospital-days-match-times',
    severity: 'error',
    description: 'hospital_days agrees with discharge − admission (within 1 day)',
    check: (r) => {
      if (r.hospital_days === undefined || r.admission_at === undefined || r.discharge_at === undefined)
        return undefined;
      const days = (r.discharge_at - r.admission_at) / DAY;
      return Math.abs(days - r.hospital_days) > 1
        ? { column: 'hospital_days', params: { days: r.hospital_days, computed: days.toFixed(1) } }
        : undefined;
    },
  }),
  rule({
    id: 'icu-days-within-stay',
    severity: 'error',
    description: 'ICU days do not exceed hospital days',
    check: (r) =>
      r.icu_days !== undefined && r.hospital_days !== undefined && r.icu_days > r.hospital_days + 1
        ? { column: 'icu_days', params: { icu: r.icu_days, hospital: r.hospital_days } }
        : undefined,
  }),
  rule({
    id: 'ventilation-within-stay',
    severity: 'warning',
    description: 'Ventilation hours do not exceed the hospital stay',
    check: (r) =>
      r.ventilation_hours !== undefined &&
      r.hospital_days !== undefined &&
      r.ventilation_hours > (r.hospital_days + 1) * 24
        ? {
            column: 'ventilation_hours',
            params: { ventilation: r.ventilation_hours, hospital: r.hospital_days },
          }
        : undefined,
  }),
  rule({
    id: 'iabp-start-given',
    severity: 'error',
    description: 'iabp_start_at is given exactly when iabp is yes (so IABP before/after ECMO is derivable)',
    check: (r) => {
      if (r.iabp === true && r.iabp_start_at === undefined)
        return { column: 'iabp_start_at', params: { case: 'start-missing' } };
      if (r.iabp === false && r.iabp_start_at !== undefined)
        return { column: 'iabp_start_at', params: { case: 'start-without-iabp' } };
      return undefined;
    },
  }),
  rule({
    id: 'iabp-start-not-ecmo-start',
    severity: 'error',
    description: 'IABP start differs from ECMO start, so the order is known',
    check: (r) =>
      r.iabp_start_at !== undefined && r.ecmo_start_at !== undefined && r.iabp_start_at === r.ecmo_start_at
        ? { column: 'iabp_start_at', params: { start: fmt(r.iabp_start_at) } }
        : undefined,
  }),
  rule({
    id: 'iabp-start-before-discharge',
    severity: 'error',
    description: 'IABP starts before discharge or death',
    check: (r) =>
      r.iabp_start_at !== undefined && r.discharge_at !== undefined && r.iabp_start_at > r.discharge_at
        ? { column: 'iabp_start_at', params: { iabp: fmt(r.iabp_start_at), discharge: fmt(r.discharge_at) } }
        : undefined,
  }),
  rule({
    id: 'blood-pressure-order',
    severity: 'error',
    description: 'Diastolic pressure does not exceed systolic',
    check: (r) =>
      r.pre_sbp_mmhg !== undefined && r.pre_dbp_mmhg !== undefined && r.pre_dbp_mmhg > r.pre_sbp_mmhg
        ? { column: 'pre_dbp_mmhg', params: { dbp: r.pre_dbp_mmhg, sbp: r.pre_sbp_mmhg } }
        : undefined,
  }),
  rule({
    id: 'map-between-dbp-and-sbp',
    severity: 'warning',
    description: 'Mean arterial pressure lies between DBP and SBP',
    check: (r) => {
      const { pre_sbp_mmhg: sbp, pre_dbp_mmhg: dbp, pre_map_mmhg: map } = r;
      if (sbp === undefined || dbp === undefined || map === undefined || dbp > sbp) return undefined;
      return map < dbp || map > sbp ? { column: 'pre_map_mmhg', params: { map, dbp, sbp } } : undefined;
    },
  }),
  rule({
    id: 'lactate-plausible',
    severity: 'warning',
    description: 'Lactate above 30 mmol/L is checked for units',
    check: (r) => {
      for (const column of ['pre_lactate_mmol_l', 'lactate_4h_mmol_l', 'lactate_24h_mmol_l'] as const) {
        const value = r[column];
        if (value !== undefined && value > 30) return { column, params: { column, lactate: value } };
      }
      return undefined;
    },
  }),
];

/** Every cross-field rule id, in the order the rules are checked. */
export const crossFieldRuleIds: readonly CrossFieldRuleId[] = crossFieldRules.map((r) => r.id);
