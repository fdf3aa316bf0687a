/**
 * Subgroup analyses (the paper's Fig. 4): the exposure's adjusted odds ratio for the primary outcome within each
 * level of each subgrouping, and the interaction p-value: the likelihood-ratio test of the model with
 * exposure × subgroup terms against the same model without them (R's
 * `anova(glm(y ~ exposure + subgroup + covariates), glm(y ~ exposure * subgroup + covariates), test = "Chisq")`).
 *
 * Models adjust for the spec's adjustment covariates; a covariate constant within a level is dropped (as R's NA
 * coefficient). A subgrouping that reads an imputed variable (pH) is analysed on each imputed data set: the level
 * aORs are pooled by Rubin's rules on the log-odds scale, and the interaction p-value is the median of the m
 * likelihood-ratio p-values (the "median P rule", Eekhout, van de Wiel & Heymans 2017), since LRT statistics do
 * not pool by Rubin's rules.
 */
import { evaluatePredicate, predicateColumns } from '../../cohort/index.js';
import { likelihoodRatioTest, median } from '../../stats/index.js';
import type { ReportSpec } from '../spec/index.js';
import {
  exposureOddsRatio,
  modelData,
  pooledExposureOddsRatio,
  type ModelData,
  type OddsRatioEstimate,
} from './adjusted-odds-ratios.js';
import { fitLogisticDroppingAliased } from './fit-logistic.js';
import type { GroupedRow } from './table-one.js';

export interface SubgroupResult {
  id: string;
  label: string;
  /** Whether the levels were evaluated on imputed data (pooled over the imputations). */
  imputed: boolean;
  levels: ({ id: string; label: string } & { estimate: OddsRatioEstimate })[];
  interaction: { pValue: number; method: 'lrt' | 'lrt_median_p' } | { pValue: null; reason: string };
}

type Subgroup = ReportSpec['subgroups'][number];

/** The level a run is in (first matching level), or -1. */
function levelIndexOf(row: GroupedRow, subgroup: Subgroup): number {
  return subgroup.levels.findIndex((level) => evaluatePredicate(level.when, row));
}

/** LRT p-value of exposure × subgroup in one data set, or a reason. */
function interactionPValue(
  rows: readonly GroupedRow[],
  subgroup: Subgroup,
  spec: Pick<ReportSpec, 'outcomes' | 'adjustment'>,
): number | string {
  // Rows in some level with the outcome and covariates recorded; base.X follows their order.
  const kept = rows.filter((r) => levelIndexOf(r, subgroup) >= 0 && isModelled(r, spec));
  const base = modelData(kept, spec.outcomes[0]!, spec.adjustment, []);
  const k = subgroup.levels.length;
  const levelNames = subgroup.levels.slice(1).map((l) => `level:${l.id}`);
  const interactionNames = subgroup.levels.slice(1).map((l) => `exposure×${l.id}`);
  const X = base.X.map((x, i) => {
    const level = levelIndexOf(kept[i]!, subgroup);
    const dummies = Array.from({ length: k - 1 }, (_, j) => (level === j + 1 ? 1 : 0));
    return [...x, ...dummies, ...dummies.map((d) => d * x[0]!)];
  });
  const names = [...base.names, ...levelNames, ...interactionNames];
  const full = fitLogisticDroppingAliased(X, base.y, names, new Set(['exposure', ...interactionNames]));
  if (!full.ok) return full.reason;
  const reducedNames = full.kept.filter((n) => !interactionNames.includes(n));
  const reducedIndex = reducedNames.map((n) => names.indexOf(n));
  const reduced = fitLogisticDroppingAliased(
    X.map((row) => reducedIndex.map((j) => row[j]!)),
    base.y,
    reducedNames,
    new Set(['exposure']),
  );
  if (!reduced.ok) return reduced.reason;
  return likelihoodRatioTest(reduced.fit, full.fit).pValue;
}

function isModelled(row: GroupedRow, spec: Pick<ReportSpec, 'outcomes' | 'adjustment'>): boolean {
  return modelData([row], spec.outcomes[0]!, spec.adjustment, []).y.length === 1;
}

/**
 * Subgroup aORs and interaction p-values for every subgrouping of the spec.
 * @param rows the cohort's runs (with `center_runs_per_year` attached). @param imputed their m completed copies.
 */
export function subgroupOddsRatios(
  rows: readonly GroupedRow[],
  imputed: readonly (readonly GroupedRow[])[],
  spec: Pick<ReportSpec, 'outcomes' | 'adjustment' | 'subgroups' | 'imputation'>,
  threshold: number,
): SubgroupResult[] {
  const imputedColumns = new Set(spec.imputation.variables);
  const outcome = spec.outcomes[0]!;
  return spec.subgroups.map((subgroup) => {
    const usesImputed = subgroup.levels.some((l) =>
      predicateColumns(l.when).some((c) => imputedColumns.has(c)),
    );
    const levelRows = (data: readonly GroupedRow[], k: number): ModelData =>
      modelData(
        data.filter((r) => levelIndexOf(r, subgroup) === k),
        outcome,
        spec.adjustment,
        [],
      );
    const levels = subgroup.levels.map((level, k) => ({
      id: level.id,
      label: level.label,
      estimate: usesImputed
        ? pooledExposureOddsRatio(
            imputed.map((data) => levelRows(data, k)),
            threshold,
          )
        : exposureOddsRatio(levelRows(rows, k), threshold),
    }));
    let interaction: SubgroupResult['interaction'];
    if (usesImputed) {
      const ps = imputed.map((data) => interactionPValue(data, subgroup, spec));
      const reason = ps.find((p): p is string => typeof p === 'string');
      interaction =
        reason === undefined
          ? { pValue: median(ps as number[]), method: 'lrt_median_p' }
          : { pValue: null, reason };
    } else {
      const p = interactionPValue(rows, subgroup, spec);
      interaction = typeof p === 'string' ? { pValue: null, reason: p } : { pValue: p, method: 'lrt' };
    }
    return { id: subgroup.id, label: subgroup.label, imputed: usesImputed, levels, interaction };
  });
}
