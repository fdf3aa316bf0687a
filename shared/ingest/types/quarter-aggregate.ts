import type { ComplicationCategory } from '../../dictionary/index.js';

/** A calendar quarter, `YYYY-Qn` (e.g. `2023-Q3`); sorts in time order as a string. */
export type Quarter = `${number}-Q${1 | 2 | 3 | 4}`;

/** Count, sum and sum of squares of one field's recorded values: enough for its mean and SD across centers. */
export interface FieldSums {
  n: number;
  sum: number;
  sumSquares: number;
}

/** Cells where the field is filled, over the cells where a value is expected. */
export interface FieldCompleteness {
  filled: number;
  applicable: number;
}

/**
 * One center's figures for one quarter. A completed run (it has a discharge, or a death in hospital) belongs to
 * the quarter of that discharge or death, and every figure except `inProgressRuns` counts completed runs only,
 * since in-progress runs stay out of outcome analyses (STUDY.md). In-progress runs are counted in the quarter of
 * their ECMO start, in `inProgressRuns` alone.
 */
export interface QuarterAggregate {
  centerId: string;
  quarter: Quarter;
  /** Completed runs whose discharge or in-hospital death fell in the quarter. */
  runs: number;
  /** Runs with no discharge yet, by quarter of ECMO start. */
  inProgressRuns: number;
  /** Completed runs with an IABP started before ECMO start. */
  iabpBeforeEcmo: number;
  /** Completed runs with an IABP started after ECMO start (the study's exposure). */
  iabpAfterEcmo: number;
  inHospitalDeaths: number;
  /** Runs not weaned alive from ECMO (`survived_ecmo` = no). */
  onSupportDeaths: number;
  /** Runs with any complication of each category. */
  complications: Record<ComplicationCategory, number>;
  /** Total ECMO hours (per-1,000-hour complication rates divide by this). */
  ecmoHours: number;
  /** Per numeric and yes/no column (yes = 1): n, sum and sum of squares of the recorded values. */
  sums: Record<string, FieldSums>;
  /** Per dictionary column: filled over applicable cells. */
  completeness: Record<string, FieldCompleteness>;
}
