/**
 * The two-group comparisons of Tables 1–3: a binary or categorical variable as n (%) with Pearson's chi-square
 * (Fisher's exact test when an expected count is below 5), and a continuous variable as mean (SD) and median [IQR]
 * with Student's t or, for skewed variables, Mann–Whitney U. Each carries its standardized mean difference.
 *
 * Privacy: counts go through small-cell suppression with complementary suppression (the group sizes and the
 * overall column are published margins). A percentage, a test or an SMD computed from a table with a hidden cell
 * would let the hidden count be worked out, so it is hidden too. A continuous summary of fewer runs than the
 * threshold is hidden whole.
 */
import {
  chiSquareTest,
  fisherExact,
  mannWhitneyU,
  mean,
  quantiles,
  sd,
  standardizedMeanDifference,
  studentTTest,
  StatsError,
} from '../../stats/index.js';
import { suppressTable, type SuppressedCell } from '../small-cell-suppression.js';
import { plainReason } from './fit-logistic.js';

/** A test of the difference between the groups. */
export interface GroupTest {
  method: 'chi_square' | 'fisher_exact' | 'student_t' | 'mann_whitney';
  statistic: number | null;
  pValue: number;
}

/** A count and its share of the group (null when hidden). */
export interface PublishedCount {
  count: SuppressedCell;
  percent: number | null;
}

export interface BinaryComparison {
  comparator: PublishedCount;
  exposure: PublishedCount;
  overall: PublishedCount;
  /** Runs with the variable recorded, per group. */
  n: { comparator: SuppressedCell; exposure: SuppressedCell };
  test: GroupTest | null;
  smd: number | null;
  /** Why the test or SMD is absent, when it is. */
  note?: string;
}

const percent = (cell: SuppressedCell, total: SuppressedCell): number | null =>
  cell.value === null || total.value === null || total.value === 0 ? null : (100 * cell.value) / total.value;

/**
 * Compares a yes/no variable between the groups: n (%) per group and overall, Pearson's chi-square without Yates'
 * correction (R's `chisq.test(tab, correct = FALSE)`, as STUDY.md's example p-values are computed), or Fisher's
 * exact test (R's `fisher.test(tab)`) when an expected count is below 5, and the SMD of the proportions (Austin
 * 2009, as `tableone`).
 * @param yes runs with the value, [comparator, exposure]. @param n runs with the variable recorded, same order.
 */
export function compareBinary(
  yes: readonly [number, number],
  n: readonly [number, number],
  threshold: number,
): BinaryComparison {
  const table = [
    [yes[0], n[0] - yes[0]],
    [yes[1], n[1] - yes[1]],
  ];
  const hidden = suppressTable(table, threshold);
  const anyHidden = [...hidden.cells.flat(), ...hidden.rowTotals, ...hidden.columnTotals].some(
    (c) => c.value === null,
  );
  const result: BinaryComparison = {
    comparator: { count: hidden.cells[0]![0]!, percent: percent(hidden.cells[0]![0]!, hidden.rowTotals[0]!) },
    exposure: { count: hidden.cells[1]![0]!, percent: percent(hidden.cells[1]![0]!, hidden.rowTotals[1]!) },
    overall: { count: hidden.columnTotals[0]!, percent: percent(hidden.columnTotals[0]!, hidden.grandTotal) },
    n: { comparator: hidden.rowTotals[0]!, exposure: hidden.rowTotals[1]! },
    test: null,
    smd: null,
  };
  if (anyHidden) return { ...result, note: 'test and SMD hidden: a count in the table is suppressed' };
  if (n[0] === 0 || n[1] === 0) return { ...result, note: 'a group has no runs' };
  result.smd = proportionSmd(yes[1] / n[1], yes[0] / n[0]);
  if (yes[0] + yes[1] === 0 || yes[0] + yes[1] === n[0] + n[1]) {
    return { ...result, note: 'no test: every run has the same value' };
  }
  const chi = chiSquareTest(table, { correct: false });
  if (chi.minExpected < 5) {
    result.test = { method: 'fisher_exact', statistic: null, pValue: fisherExact(table).pValue };
  } else {
    result.test = { method: 'chi_square', statistic: chi.statistic, pValue: chi.pValue };
  }
  return result;
}

/** SMD of two proportions, (p₁ − p₀) / sqrt((p₁(1 − p₁) + p₀(1 − p₀)) / 2); 0 when both are 0 or 1 alike. */
function proportionSmd(p1: number, p0: number): number {
  const v = (p1 * (1 - p1) + p0 * (1 - p0)) / 2;
  if (v === 0) return p1 === p0 ? 0 : Math.sign(p1 - p0) * Infinity;
  return (p1 - p0) / Math.sqrt(v);
}

/** Mean (SD) and median [IQR] of one group, or null when hidden (fewer runs than the threshold). */
export interface ContinuousSummary {
  n: SuppressedCell;
  mean: number | null;
  sd: number | null;
  median: number | null;
  q1: number | null;
  q3: number | null;
}

export interface ContinuousComparison {
  comparator: ContinuousSummary;
  exposure: ContinuousSummary;
  test: GroupTest | null;
  smd: number | null;
  note?: string;
}

function summarize(values: readonly number[], threshold: number): ContinuousSummary {
  if (values.length < threshold || values.length < 2) {
    const n: SuppressedCell = values.length === 0 ? { value: 0 } : { value: null, suppressed: true };
    return { n, mean: null, sd: null, median: null, q1: null, q3: null };
  }
  const [q1, median, q3] = quantiles(values, [0.25, 0.5, 0.75]);
  return {
    n: { value: values.length },
    mean: mean(values),
    sd: sd(values),
    median: median!,
    q1: q1!,
    q3: q3!,
  };
}

/**
 * Compares a continuous variable between the groups: Student's t-test (R's `t.test(x, y, var.equal = TRUE)`) or,
 * when `skewed`, the Mann–Whitney U test (R's `wilcox.test(x, y, exact = FALSE, correct = TRUE)`), and the SMD
 * with the pooled SD (R's `tableone::ExtractSmd`).
 * @param comparator the comparator group's recorded values. @param exposure the exposure group's.
 */
export function compareContinuous(
  comparator: readonly number[],
  exposure: readonly number[],
  skewed: boolean,
  threshold: number,
): ContinuousComparison {
  const result: ContinuousComparison = {
    comparator: summarize(comparator, threshold),
    exposure: summarize(exposure, threshold),
    test: null,
    smd: null,
  };
  if (result.comparator.mean === null || result.exposure.mean === null) {
    return { ...result, note: 'test and SMD hidden: a group has fewer runs than the threshold' };
  }
  try {
    if (skewed) {
      const w = mannWhitneyU(exposure, comparator);
      result.test = { method: 'mann_whitney', statistic: w.statistic, pValue: w.pValue };
    } else {
      const t = studentTTest(exposure, comparator);
      result.test = { method: 'student_t', statistic: t.statistic, pValue: t.pValue };
    }
    const values = [...comparator, ...exposure];
    const treated = values.map((_, i) => (i >= comparator.length ? 1 : 0));
    result.smd = standardizedMeanDifference(values, treated, { binary: false });
  } catch (error) {
    if (!(error instanceof StatsError)) throw error;
    return { ...result, test: null, smd: null, note: `no test: ${plainReason(error)}` };
  }
  return result;
}
