/** The study cohort, the predicate language its rules are written in, and the variables derived from a run. */
export {
  buildCohort,
  hasMissingKeyData,
  keyVariables,
  missingKeyDataPredicate,
  studyComparison,
  studyExclusionSteps,
  type Cohort,
  type CohortGroup,
  type CohortOptions,
  type Comparison,
  type ExclusionStep,
  type FlowStep,
  type RegistryRun,
} from './cohort.js';
export {
  ageAtEcmo,
  bmiOf,
  iabpTiming,
  isInProgress,
  quarterOf,
  runQuarter,
  yearsBetween,
  type IabpTiming,
} from './derived-variables.js';
export {
  analysisVariableNames,
  complicationVariable,
  derivedVariableNames,
  readVariable,
  type VariableValue,
} from './analysis-variables.js';
export {
  PredicateSchema,
  evaluatePredicate,
  predicateColumns,
  type VariableComparison,
  type Predicate,
} from './predicate.js';
