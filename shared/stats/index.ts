/**
 * The statistics engine: pure TypeScript reproductions of the R functions the registry report uses.
 * Each export names, in its doc comment, the R call whose numbers it reproduces.
 */
export * from './errors.js';
export { pnorm, dnorm, qnorm, pt, qt, pchisq, lgamma } from './distributions.js';
export { mean, sd, median, quantile, quantiles } from './descriptive.js';
export { studentTTest, welchTTest, type TTestResult } from './t-test.js';
export { mannWhitneyU, type MannWhitneyResult } from './mann-whitney.js';
export { chiSquareTest, type ChiSquareOptions, type ChiSquareResult } from './chi-square.js';
export {
  fisherExact,
  InfeasibleComputationError,
  FISHER_EXACT_NODE_LIMIT,
  type FisherExactResult,
  type FisherExact2x2Result,
  type FisherExactRxcResult,
} from './fisher-exact.js';
export {
  logisticRegression,
  type LogisticRegressionOptions,
  type LogisticRegressionResult,
  type LogisticCoefficient,
  type DesignMatrix,
} from './logistic-regression.js';
export {
  firthLogisticRegression,
  type FirthLogisticOptions,
  type FirthLogisticResult,
} from './firth-logistic.js';
export { likelihoodRatioTest, type LikelihoodRatioResult } from './likelihood-ratio.js';
export { kaplanMeier, type KaplanMeierStep } from './kaplan-meier.js';
export {
  cumulativeIncidence,
  cumulativeIncidenceAt,
  cumulativeIncidenceByGroup,
  type CumulativeIncidenceCurve,
  type CumulativeIncidenceOptions,
  type CumulativeIncidencePoint,
  type CumulativeIncidenceStep,
} from './cumulative-incidence.js';
export { logRankTest, type LogRankResult } from './log-rank.js';
export {
  standardizedMeanDifference,
  type StandardizedMeanDifferenceOptions,
} from './standardized-mean-difference.js';
export {
  nearestNeighborMatch,
  type MatchedPair,
  type NearestNeighborMatchOptions,
} from './nearest-neighbor-match.js';
export { poolRubin, type PoolRubinOptions, type PoolRubinResult } from './pool-rubin.js';
export { mice, miceColumns, type MiceOptions, type MiceRow, type CompletedRow } from './mice.js';
export type { EventIndicator } from './survival-input.js';
export type { TreatmentIndicator } from './treatment-indicator.js';
