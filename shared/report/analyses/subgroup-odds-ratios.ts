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
import type { BinaryVariableSpec, ReportSpec } from '../spec/index.js';
import {
  designOf,
  EncodedRuns,
  exposureOddsRatio,
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

/**
 * LRT p-value of exposure × subgroup in one data set, or a reason.
 * @param levels each run's level in this data set (-1 when in none), same order as `encoded`.
 */
function interactionPValue(
  encoded: EncodedRuns,
  levels: readonly number[],
  subgroup: Subgroup,
  outcome: BinaryVariableSpec,
): number | string {
  const k = subgroup.levels.length;
  const levelNames = subgroup.levels.slice(1).map((l) => `level:${l.id}`);
  const interactionNames = subgroup.levels.slice(1).map((l) => `exposure×${l.id}`);
  const y = encoded.outcome(outcome);
  // Runs in some level with the outcome and covariates recorded, in row order.
  const included: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    if (levels[i]! >= 0 && encoded.covariates[i] !== undefined && y[i] !== undefined) included.push(i);
  }
  const names = ['exposure', ...encoded.covariateNames, ...levelNames, ...interactionNames];
  const cols = names.length;
  const data = new Float64Array(included.length * cols);
  const events = new Array<number>(included.length);
  included.forEach((i, r) => {
    let at = r * cols;
    const exposure = encoded.exposure[i]!;
    data[at++] = exposure;
    for (const v of encoded.covariates[i]!) data[at++] = v;
    // Level dummies (the first level is the reference), then exposure × each dummy.
    for (let j = 1; j < k; j++) data[at++] = levels[i] === j ? 1 : 0;
    for (let j = 1; j < k; j++) data[at++] = levels[i] === j ? exposure : 0;
    events[r] = y[i]!;
  });
  const X = { rows: included.length, cols, data };
  const full = fitLogisticDroppingAliased(X, events, names, new Set(['exposure', ...interactionNames]));
  if (!full.ok) return full.reason;
  const reducedIndex = full.kept.filter((n) => !interactionNames.includes(n)).map((n) => names.indexOf(n));
  const reduced = fitLogisticDroppingAliased(X, events, names, new Set(['exposure']), reducedIndex);
  if (!reduced.ok) return reduced.reason;
  return likelihoodRatioTest(reduced.fit, full.fit).pValue;
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
  const encoded = new EncodedRuns(rows, spec.adjustment);
  if (imputed.some((data) => data.length !== rows.length)) {
    throw new RangeError('an imputed data set must have one row per run');
  }
  return spec.subgroups.map((subgroup) => {
    const usesImputed = subgroup.levels.some((l) =>
      predicateColumns(l.when).some((c) => imputedColumns.has(c)),
    );
    const levelsOf = (data: readonly GroupedRow[]): number[] => data.map((r) => levelIndexOf(r, subgroup));
    // Each run's level: in the data as recorded, or in each completed data set when the levels read an imputed
    // variable. Outcome and covariates are never imputed, so they are encoded once from `rows`.
    const perData = usesImputed ? imputed.map(levelsOf) : [levelsOf(rows)];
    const levelDesign = (levels: readonly number[], k: number): ModelData =>
      designOf(encoded, outcome, undefined, (i) => levels[i] === k);
    const levels = subgroup.levels.map((level, k) => ({
      id: level.id,
      label: level.label,
      estimate: usesImputed
        ? pooledExposureOddsRatio(
            perData.map((data) => levelDesign(data, k)),
            threshold,
          )
        : exposureOddsRatio(levelDesign(perData[0]!, k), threshold),
    }));
    let interaction: SubgroupResult['interaction'];
    if (usesImputed) {
      const ps = perData.map((data) => interactionPValue(encoded, data, subgroup, outcome));
      const reason = ps.find((p): p is string => typeof p === 'string');
      interaction =
        reason === undefined
          ? { pValue: median(ps as number[]), method: 'lrt_median_p' }
          : { pValue: null, reason };
    } else {
      const p = interactionPValue(encoded, perData[0]!, subgroup, outcome);
      interaction = typeof p === 'string' ? { pValue: null, reason: p } : { pValue: p, method: 'lrt' };
    }
    return { id: subgroup.id, label: subgroup.label, imputed: usesImputed, levels, interaction };
  });
}
