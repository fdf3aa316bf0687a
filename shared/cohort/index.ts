/** The study cohort and the variables derived from a run. */
export {
  buildCohort,
  hasMissingKeyData,
  keyVariables,
  type Cohort,
  type CohortGroup,
  type CohortOptions,
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
