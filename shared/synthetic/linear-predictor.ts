/**
 * The logit-scale linear predictor of one of the synthetic registry's outcome models for one patient.
 */
import { CENTER, type HistoryColumn, type OutcomeModel } from './calibration.js';

/** A patient's pre-ECMO covariates as the outcome models read them. */
export interface PatientCovariates {
  age: number;
  female: boolean;
  bmi: number;
  cardiacArrest: boolean;
  /** Vasopressor types before ECMO. */
  vasopressors: number;
  mechanicalVentilation: boolean;
  lactate: number;
  history: Record<HistoryColumn, boolean>;
  diagnosis: string;
}

/**
 * intercept + β_iabp·iabp + Σ β_k·x_k (+ a center effect), with age, BMI and lactate centered on CENTER.
 *
 * @example linearPredictor(MORTALITY_MODEL, patient, true, 0) // logit of P(in-hospital death)
 */
export function linearPredictor(
  model: OutcomeModel,
  x: PatientCovariates,
  iabpAfterEcmo: boolean,
  centerEffect: number,
): number {
  let eta = model.intercept + centerEffect;
  if (iabpAfterEcmo) eta += model.iabp;
  eta += (model.agePerYear ?? 0) * (x.age - CENTER.age);
  if (x.female) eta += model.female ?? 0;
  eta += (model.bmiPerUnit ?? 0) * (x.bmi - CENTER.bmi);
  if (x.cardiacArrest) eta += model.cardiacArrest ?? 0;
  if (x.vasopressors === 2) eta += model.vasopressorsTwo ?? 0;
  if (x.vasopressors >= 3) eta += model.vasopressorsThree ?? 0;
  if (x.mechanicalVentilation) eta += model.mechanicalVentilation ?? 0;
  eta += (model.lactatePerUnit ?? 0) * (x.lactate - CENTER.lactate);
  for (const [column, beta] of Object.entries(model.history ?? {})) {
    if (x.history[column as HistoryColumn]) eta += beta;
  }
  eta += model.diagnosis?.[x.diagnosis] ?? 0;
  return eta;
}
