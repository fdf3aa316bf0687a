/**
 * The study cohort (STUDY.md, "Cohort", the paper's Fig. 1): inclusion of adult VA-ECMO runs for cardiogenic
 * shock, then exclusions in the paper's order, each counted. The exposure is IABP started after ECMO start; the
 * comparator is ECMO only. The steps, exposure and comparator are data (predicates, see predicate.ts), so a report
 * spec can define another comparison; the defaults below are the source study's.
 *
 * Our one addition to the paper's flow: runs still in progress (no discharge yet) are excluded from outcome
 * analyses until the center updates them, so they get their own counted step right after inclusion.
 */
import { columnNames, historyColumns, type RunRow } from '../dictionary/index.js';
import { ageAtEcmo, bmiOf } from './derived-variables.js';
import { evaluatePredicate, type Predicate } from './predicate.js';

/** `exposure` (e.g. IABP after ECMO) or `comparator` (e.g. ECMO only). */
export type CohortGroup = 'exposure' | 'comparator';

/** A run with the center it came from. */
export type RegistryRun = Partial<RunRow> & Pick<RunRow, 'center_id' | 'run_id'>;

/** One step of the flowchart: the runs it removed, and the runs left after it. */
export interface FlowStep {
  id: string;
  label: string;
  excluded: number;
  remaining: number;
}

/** One exclusion step: runs matching `excludeWhen` are removed, in order. */
export interface ExclusionStep {
  id: string;
  label: string;
  excludeWhen: Predicate;
}

/** How the two compared groups are defined. */
export interface Comparison {
  exposure: Predicate;
  comparator: Predicate;
}

export interface CohortOptions {
  /** ECMO start from (inclusive), ms of wall-clock time. Default: no lower bound. */
  from?: number;
  /** ECMO start up to (inclusive), ms; the report's data cut-off. Default: no upper bound. */
  to?: number;
  /** Exclusion steps in order. Default: the source study's, {@link studyExclusionSteps}. */
  steps?: readonly ExclusionStep[];
  /** Exposure and comparator. Default: IABP after ECMO vs ECMO only, {@link studyComparison}. */
  comparison?: Comparison;
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
  ...historyColumns,
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

/** The "missing key data" rule as a predicate: any key variable, derived age or derived BMI missing. */
export const missingKeyDataPredicate: Predicate = {
  any: [
    { column: 'age', op: 'missing' },
    { column: 'bmi_derived', op: 'missing' },
    ...keyVariables.map((column) => ({ column, op: 'missing' as const })),
  ],
};

/** The source study's exclusion steps, in the paper's order, plus our "in progress" step after inclusion. */
export const studyExclusionSteps: readonly ExclusionStep[] = [
  {
    id: 'not-adult-va-cardiogenic-shock',
    label: 'Not VA-ECMO for cardiogenic shock in an adult (age < 18, other mode or indication)',
    excludeWhen: {
      not: {
        all: [
          { column: 'ecmo_mode', op: 'eq', value: 'VA' },
          { column: 'indication', op: 'eq', value: 'cardiogenic_shock' },
          { column: 'age', op: 'gte', value: 18 },
        ],
      },
    },
  },
  {
    id: 'in-progress',
    label: 'In progress (not yet discharged)',
    excludeWhen: { column: 'in_progress', op: 'eq', value: true },
  },
  { id: 'pregnancy', label: 'Pregnancy', excludeWhen: { column: 'pregnant', op: 'eq', value: true } },
  { id: 'missing-key-data', label: 'Missing key data', excludeWhen: missingKeyDataPredicate },
  {
    id: 'mode-conversion',
    label: 'ECMO mode conversion',
    excludeWhen: { column: 'mode_conversion', op: 'eq', value: true },
  },
  {
    id: 'central-or-other-lv-unloading',
    label: 'Central cannulation or other LV unloading',
    excludeWhen: {
      any: [
        { column: 'cannulation', op: 'eq', value: 'central' },
        {
          all: [
            { column: 'lv_unloading', op: 'present' },
            { not: { column: 'lv_unloading', op: 'eq', value: 'none' } },
          ],
        },
      ],
    },
  },
  {
    id: 'iabp-before-ecmo',
    label: 'IABP started before ECMO',
    excludeWhen: { column: 'iabp_timing', op: 'eq', value: 'before' },
  },
];

/**
 * The source study's comparison: IABP started after ECMO start and before ECMO end vs no IABP (ECMO only). A run
 * whose IABP started after decannulation is neither, and leaves the cohort at the last counted step.
 */
export const studyComparison: Comparison = {
  exposure: {
    all: [
      { column: 'iabp_timing', op: 'eq', value: 'after' },
      { column: 'iabp_before_ecmo_end', op: 'eq', value: true },
    ],
  },
  comparator: { column: 'iabp_timing', op: 'eq', value: 'none' },
};

/**
 * Builds the cohort and its flowchart from every submitted run. Runs whose ECMO start falls outside
 * [from, to] are not counted at all (they are outside the study period). After the exclusion steps, a last
 * counted step removes runs that are neither exposed nor comparators (e.g. IABP with an unknown start time), so
 * every run left is in exactly one group; a run matching both predicates counts as exposed.
 */
export function buildCohort<R extends RegistryRun>(
  runs: Iterable<R>,
  options: CohortOptions = {},
): Cohort<R> {
  const { steps = studyExclusionSteps, comparison = studyComparison } = options;
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
  const count = (id: string, label: string, kept: R[]): void => {
    flow.push({ id, label, excluded: remaining.length - kept.length, remaining: kept.length });
    remaining = kept;
  };
  for (const step of steps) {
    count(
      step.id,
      step.label,
      remaining.filter((r) => !evaluatePredicate(step.excludeWhen, r)),
    );
  }
  const grouped: (R & { group: CohortGroup })[] = [];
  for (const r of remaining) {
    if (evaluatePredicate(comparison.exposure, r)) grouped.push(groupedCopy(r, 'exposure'));
    else if (evaluatePredicate(comparison.comparator, r)) grouped.push(groupedCopy(r, 'comparator'));
  }
  count(
    'neither-exposure-nor-comparator',
    'Neither exposure nor comparator (e.g. IABP start time unknown)',
    grouped,
  );
  return { flow, runs: grouped };
}

const dictionaryColumns = new Set<string>(columnNames);

/**
 * A copy of a run with its group. Every dictionary column is set, in the dictionary's order (undefined when the
 * run lacks it), then the run's other own properties, then `group`: runs that omit different columns would
 * otherwise each get a shape of their own, and reading a variable by name across thousands of shapes is several
 * times slower than across one. Values are the run's: `copy[c] === run[c]` for every column c.
 */
function groupedCopy<R extends RegistryRun>(run: R, group: CohortGroup): R & { group: CohortGroup } {
  const source = run as Record<string, unknown>;
  const copy = copyColumns(source);
  for (const key of Object.keys(source)) if (!dictionaryColumns.has(key)) copy[key] = source[key];
  copy.group = group;
  return copy as R & { group: CohortGroup };
}

/**
 * `{ [column]: source[column], … }` for every dictionary column in order, as one object literal: V8 creates it
 * with its final shape at once, where ~80 keyed stores each moved the copy to a new shape (a tenth of a
 * 200,000-run report's time). Generated from the column names, which are the dictionary's own constants.
 */
const copyColumns = new Function(
  'source',
  `return { ${columnNames.map((c) => `${JSON.stringify(c)}: source[${JSON.stringify(c)}]`).join(', ')} };`,
) as (source: Record<string, unknown>) => Record<string, unknown>;
