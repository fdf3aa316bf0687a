/**
 * The variables a report spec can name: every dictionary column, plus the variables derived from a run (age, BMI,
 * IABP timing, in progress, each complication category). One lookup, so cohort rules, covariates, outcomes and
 * subgroups all read a run the same way.
 */
import {
  columnNames,
  complicationCategoryNames,
  hasComplication,
  type ComplicationCategory,
  type RunRow,
} from '../dictionary/index.js';
import { ageAtEcmo, bmiOf, iabpBeforeEcmoEnd, iabpTiming, isInProgress } from './derived-variables.js';

/** A value a variable can take; undefined is missing. */
export type VariableValue = string | number | boolean | undefined;

const derived = {
  age: (r: Partial<RunRow>) => ageAtEcmo(r),
  bmi_derived: (r: Partial<RunRow>) => bmiOf(r),
  iabp_timing: (r: Partial<RunRow>) => iabpTiming(r),
  iabp_before_ecmo_end: (r: Partial<RunRow>) => iabpBeforeEcmoEnd(r),
  in_progress: (r: Partial<RunRow>) => isInProgress(r),
  // Attached by the report builder (center volume is a property of the registry, not of the row).
  center_runs_per_year: (r: Partial<RunRow>) => (r as { center_runs_per_year?: number }).center_runs_per_year,
  ...Object.fromEntries(
    complicationCategoryNames.map((category) => [
      `complication_${category}`,
      (r: Partial<RunRow>) => hasComplication(r, category),
    ]),
  ),
} as Record<string, (row: Partial<RunRow>) => VariableValue>;

/**
 * Names of the derived variables: `age`, `bmi_derived`, `iabp_timing`, `iabp_before_ecmo_end`, `in_progress`,
 * `center_runs_per_year` (the run's center's runs a year, present only once the report builder attaches it),
 * `complication_<category>`.
 */
export const derivedVariableNames = Object.keys(derived);

/** Every variable a spec may name: dictionary columns first, then derived variables. */
export const analysisVariableNames: readonly string[] = [...columnNames, ...derivedVariableNames];

/** The derived variable holding "any complication of the category". */
export function complicationVariable(category: ComplicationCategory): string {
  return `complication_${category}`;
}

/**
 * Reads a variable of a run: a dictionary column as recorded, or a derived variable computed from the row.
 * @throws {RangeError} when `name` is neither a dictionary column nor a derived variable.
 */
export function readVariable(row: Partial<RunRow>, name: string): VariableValue {
  const read = readers.get(name);
  if (read === undefined) throw new RangeError(`unknown analysis variable '${name}'`);
  return read(row);
}

/**
 * One reader per variable, looked up in a Map: reports read variables by name tens of millions of times, and a
 * miss on the `derived` object (every dictionary column) took V8's slow path.
 */
const readers = new Map<string, (row: Partial<RunRow>) => VariableValue>([
  ...columnNames.map(
    (column) => [column, (row: Partial<RunRow>) => (row as Record<string, VariableValue>)[column]] as const,
  ),
  ...Object.entries(derived),
]);
