/**
 * Propensity-score matching (the paper's Table 3 and Love plot): a logistic propensity model of the exposure on
 * the spec's propensity covariates (R's `glm(exposure ~ ..., family = binomial)`), greedy 1:1 nearest-neighbour
 * matching on the score without replacement (MatchIt's `matchit(method = "nearest", distance = "glm")`; see
 * stats/nearest-neighbor-match.ts), and the standardized mean difference of every covariate column before and
 * after matching (`cobalt::bal.tab` / `tableone::ExtractSmd` convention).
 */
import { nearestNeighborMatch, standardizedMeanDifference, StatsError } from '../../stats/index.js';
import type { ReportSpec, VariableSpec } from '../spec/index.js';
import {
  fitLogisticDroppingAliased,
  notEstimableReason,
  predictColumnProbabilities,
} from './fit-logistic.js';
import { encodeColumns, encodeVariable, type AnalysisRow } from './model-variables.js';
import type { GroupedRow } from './table-one.js';

/** One covariate column's balance (a Love-plot row). Categorical variables give one row per level. */
export interface BalanceRow {
  id: string;
  label: string;
  smdBefore: number;
  smdAfter: number;
}

export type PropensityMatching<R> =
  | {
      estimable: true;
      /** The matched runs (never published; Table 3 and the matched survival curves are computed from them). */
      matched: R[];
      pairs: number;
      unmatchedExposed: number;
      balance: BalanceRow[];
    }
  | { estimable: false; reason: string };

/** One 0/1 column per level of a categorical variable, so every level appears in the Love plot. */
function balanceColumns(
  specs: readonly VariableSpec[],
): { id: string; label: string; value: (r: AnalysisRow) => number }[] {
  return specs.flatMap((spec) => {
    if (spec.kind !== 'categorical') {
      return [{ id: spec.id, label: spec.label, value: (r: AnalysisRow) => encodeVariable(r, spec)![0]! }];
    }
    return spec.levels.map((level, k) => ({
      id: `${spec.id}:${level.id}`,
      label: `${spec.label}: ${level.label}`,
      value: (r: AnalysisRow) => {
        const encoded = encodeVariable(r, spec)!;
        return k === 0 ? (encoded.every((v) => v === 0) ? 1 : 0) : encoded[k - 1]!;
      },
    }));
  });
}

/**
 * Estimates the propensity score, matches, and measures balance.
 * @param rows the cohort's runs; runs with a propensity covariate missing are left out of matching.
 */
export function propensityMatch<R extends GroupedRow>(
  rows: readonly R[],
  spec: Pick<ReportSpec, 'propensity' | 'matching'>,
): PropensityMatching<R> {
  // Each covariate encoded once as a column; the model reads the complete runs' positions in place.
  const encoded = encodeColumns(rows, spec.propensity);
  const positions: number[] = [];
  for (let i = 0; i < rows.length; i++) if (encoded.complete[i] === 1) positions.push(i);
  const subset = Int32Array.from(positions);
  const complete = positions.map((i) => rows[i]!);
  const treated = complete.map((r) => (r.group === 'exposure' ? 1 : 0));
  const names = encoded.names;
  const fitted = fitLogisticDroppingAliased({ columns: encoded.columns, subset }, treated, names, new Set());
  if (!fitted.ok) return { estimable: false, reason: fitted.reason };
  const keptColumns = fitted.kept.map((name) => encoded.columns[names.indexOf(name)]!);
  const score = predictColumnProbabilities(fitted.fit, keptColumns, subset);
  try {
    const pairs = nearestNeighborMatch(score, treated, {
      caliper: spec.matching.caliper,
      order: spec.matching.order,
    });
    const matchedIndex = pairs.flatMap((p) => [p.treated, p.control]);
    const matched = matchedIndex.map((i) => complete[i]!);
    const matchedTreated = matchedIndex.map((i) => treated[i]!);
    const balance = balanceColumns(spec.propensity).map((column) => {
      const before = complete.map(column.value);
      const after = matchedIndex.map((i) => before[i]!);
      return {
        id: column.id,
        label: column.label,
        smdBefore: standardizedMeanDifference(before, treated),
        smdAfter: standardizedMeanDifference(after, matchedTreated),
      };
    });
    return {
      estimable: true,
      matched,
      pairs: pairs.length,
      unmatchedExposed: treated.filter((t) => t === 1).length - pairs.length,
      balance,
    };
  } catch (error) {
    if (error instanceof StatsError) return { estimable: false, reason: notEstimableReason(error) };
    throw error;
  }
}
