/**
 * The study cohort (STUDY.md, "Cohort", the paper's Fig. 1): inclusion of adult VA-ECMO runs for cardiogenic
 * shock, then exclusions in the paper's order, each counted. The exposure is IABP started after ECMO start; the
 * comparator is ECMO only.
 *
 * Our one addition to the paper's flow: runs still in progress (no discharge yet) are excluded from outcome
 * analyses until the center updates them, so they get their own counted step right after inclusion.
 */
import type { RunRow } from '../dictionary/index.js';
import { ageAtEcmo, bmiOf, iabpTiming, isInProgress } from './derived-variables.js';

export type CohortGroup = 'ecmo_only' | 'iabp_after';

/** A run with the center it came from. */
export type RegistryRun = Partial<RunRow> & Pick<RunRow, 'center_id' | 'run_id'>;

/** One step of the flowchart: the runs it removed, and the runs left after it. */
export interface FlowStep {
  id: string;
  label: string;
  excluded: number;
  remaining: number;
}

export interface CohortOptions {
  /** ECMO start from (inclusive), ms of wall-clock time. Default: no lower bound. */
  from?: number;
  /** ECMO start up to (inclusive), ms; the report's data cut-off. Default: no upper bound. */
  to?: number;
}

export interface Cohort<R extends RegistryRun = RegistryRun> {
  flow: FlowStep[];
  runs: (R & { group: CohortGroup })[];
}

/**
 * Variables whose absence excludes a run ("missing key data"): every analysis variable except pH, PaCO2 and
 * PaO2, which are imputed. BMI counts as present when it can be derived from height and weight.
 */
export const keyVariables = [
  'sex',
  'hx_cardiac_intervention',
  'hx_myocardial_infarction',
  'hx_hypertension',
  'hx_diabetes',
  'hx_hyperlipidemia',
  'hx_heart_failure',
  'hx_ckd',
  'hx_cirrhosis',
  'hx_smoking',
  'pre_cardiac_arrest',
  'pre_vasopressor_count',
  'pre_mechanical_ventilation',
  'diagnosis',
  'died_in_hospital',
  'survived_ecmo',
] as const satisfies readonly (keyof RunRow)[];

/** Whether any key variable (or age, or BMI) is missing. */
export function hasMissingKeyData(row: Partial<RunRow>): boolean {
  if (ageAtEcmo(row) === undefined || bmiOf(row) === undefined) return true;
  return keyVariables.some((name) => row[name] === undefined);
}

interface Step {
  id: string;
  label: string;
  /** True when the run is removed at this step. */
  removes(row: Partial<RunRow>): boolean;
}

const steps: readonly Step[] = [
  {
    id: 'not-adult-va-cardiogenic-shock',
    label: 'Not VA-ECMO for cardiogenic shock in an adult (age < 18, other mode or indication)',
    removes: (r) => r.ecmo_mode !== 'VA' || r.indication !== 'cardiogenic_shock' || (ageAtEcmo(r) ?? 0) < 18,
  },
  { id: 'in-progress', label: 'In progress (not yet discharged)', removes: isInProgress },
  { id: 'pregnancy', label: 'Pregnancy', removes: (r) => r.pregnant === true },
  { id: 'missing-key-data', label: 'Missing key data', removes: hasMissingKeyData },
  { id: 'mode-conversion', label: 'ECMO mode conversion', removes: (r) => r.mode_conversion === true },
  {
    id: 'central-or-other-lv-unloading',
    label: 'Central cannulation or other LV unloading',
    removes: (r) =>
      r.cannulation === 'central' || (r.lv_unloading !== undefined && r.lv_unloading !== 'none'),
  },
  { id: 'iabp-before-ecmo', label: 'IABP started before ECMO', removes: (r) => iabpTiming(r) === 'before' },
];

/**
 * Builds the cohort and its flowchart from every submitted run. Runs whose ECMO start falls outside
 * [from, to] are not counted at all (they are outside the study period).
 */
export function buildCohort<R extends RegistryRun>(
  runs: Iterable<R>,
  options: CohortOptions = {},
): Cohort<R> {
  const inPeriod: R[] = [];
  for (const run of runs) {
    const start = run.ecmo_start_at;
    if (start === undefined) continue;
    if (options.from !== undefined && start < options.from) continue;
    if (options.to !== undefined && start > options.to) continue;
    inPeriod.push(run);
  }
  const flow: FlowStep[] = [
    { id: 'submitted', label: 'Runs submitted in the study period', excluded: 0, remaining: inPeriod.length },
  ];
  let remaining = inPeriod;
  for (const step of steps) {
    const kept = remaining.filter((r) => !step.removes(r));
    flow.push({
      id: step.id,
      label: step.label,
      excluded: remaining.length - kept.length,
      remaining: kept.length,
    });
    remaining = kept;
  }
  return {
    flow,
    runs: remaining.map((r) => ({ ...r, group: iabpTiming(r) === 'after' ? 'iabp_after' : 'ecmo_only' })),
  };
}
