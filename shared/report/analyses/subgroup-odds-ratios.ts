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
import { evaluatePredicate, predicateColumns, readVariable, type VariableValue } from '../../cohort/index.js';
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
import { inlineModels, type ModelRunner } from './model-runner.js';
import type { ImputedData } from './multiple-imputation.js';
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

/** The level a run is in (first matching level), or -1; `read` reads its variables (default readVariable). */
function levelIndexOf(
  row: GroupedRow,
  subgroup: Subgroup,
  read?: (row: GroupedRow, name: string) => VariableValue,
): number {
  return subgroup.levels.findIndex((level) => evaluatePredicate(level.when, row, read));
}

/**
 * LRT p-value of exposure × subgroup in one data set, or a reason.
 * @param levels each run's level in this data set (-1 when in none), same order as `encoded`.
 */
async function interactionPValue(
  encoded: EncodedRuns,
  levels: Int32Array,
  subgroup: Subgroup,
  outcome: BinaryVariableSpec,
  models: ModelRunner,
): Promise<number | string> {
  const k = subgroup.levels.length;
  const n = encoded.length;
  const levelNames = subgroup.levels.slice(1).map((l) => `level:${l.id}`);
  const interactionNames = subgroup.levels.slice(1).map((l) => `exposure×${l.id}`);
  const y = encoded.outcome(outcome);
  // Runs in some level with the outcome and covariates recorded, in row order.
  const subset = new Int32Array(n);
  let size = 0;
  for (let i = 0; i < n; i++) {
    if (levels[i]! >= 0 && encoded.complete[i] === 1 && !Number.isNaN(y[i]!)) subset[size++] = i;
  }
  const rows = subset.subarray(0, size);
  const events = new Float64Array(size);
  for (let r = 0; r < size; r++) events[r] = y[rows[r]!]!;
  // Level dummies (the first level is the reference), then exposure × each dummy.
  const dummies: Float64Array[] = [];
  const interactions: Float64Array[] = [];
  for (let j = 1; j < k; j++) {
    const dummy = new Float64Array(n);
    const interaction = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      if (levels[i] === j) {
        dummy[i] = 1;
        interaction[i] = encoded.exposure[i]!;
      }
    }
    dummies.push(dummy);
    interactions.push(interaction);
  }
  const names = ['exposure', ...encoded.covariateNames, ...levelNames, ...interactionNames];
  const X = { columns: [encoded.exposure, ...encoded.columns, ...dummies, ...interactions], subset: rows };
  // Maximum likelihood only: a likelihood-ratio test of penalised fits is not the test the paper reports.
  const full = await models.fitLogistic({ X, y: events, names, protect: ['exposure', ...interactionNames] });
  if (!full.ok) return full.reason;
  const columns = full.kept.filter((n) => !interactionNames.includes(n)).map((n) => names.indexOf(n));
  const reduced = await models.fitLogistic({ X, y: events, names, protect: ['exposure'], columns });
  if (!reduced.ok) return reduced.reason;
  if (full.method !== 'glm' || reduced.method !== 'glm')
    return 'not tested: the models were not fitted by maximum likelihood';
  return likelihoodRatioTest(reduced.fit, full.fit).pValue;
}

/**
 * Subgroup aORs and interaction p-values for every subgrouping of the spec. The subgroupings on recorded values
 * ask for their models at once; those that read an imputed variable wait for the imputations.
 * @param rows the cohort's runs (with `center_runs_per_year` attached). @param imputed their m completed data
 * sets (multiple-imputation.ts: imputed variables only, same order as `rows`), or their promise.
 * @param encoded the runs encoded on the adjustment covariates (`new EncodedRuns(rows, spec.adjustment)`).
 * @throws {RangeError} when an imputed data set is not the same length as `rows`.
 */
export async function subgroupOddsRatios(
  rows: readonly GroupedRow[],
  imputed: readonly ImputedData[] | Promise<readonly ImputedData[]>,
  spec: Pick<ReportSpec, 'outcomes' | 'adjustment' | 'imputation' | 'subgroups'>,
  threshold: number,
  models: ModelRunner = inlineModels,
  encoded: EncodedRuns = new EncodedRuns(rows, spec.adjustment),
): Promise<SubgroupResult[]> {
  const imputedColumns = new Set(spec.imputation.variables);
  const outcome = spec.outcomes[0]!;
  const completedData = Promise.resolve(imputed).then((sets) => {
    if (sets.some((data) => Object.values(data).some((column) => column.length !== rows.length))) {
      throw new RangeError('an imputed data set must have one value per run');
    }
    return sets;
  });
  // Handled here too: when no subgrouping reads an imputed variable, nothing else awaits it.
  completedData.catch(() => undefined);
  // Index of the run being read, for the reader of a completed data set.
  let at = 0;
  const readerOf =
    (data: ImputedData) =>
    (row: GroupedRow, name: string): VariableValue => {
      const column = imputedColumns.has(name) ? data[name] : undefined;
      return column === undefined ? readVariable(row, name) : column[at];
    };
  const analyse = async (subgroup: Subgroup): Promise<SubgroupResult> => {
    const usesImputed = subgroup.levels.some((l) =>
      predicateColumns(l.when).some((c) => imputedColumns.has(c)),
    );
    // Each run's level: in the data as recorded, or in each completed data set when the levels read an imputed
    // variable. Outcome and covariates are never imputed, so they are encoded once from `rows`.
    const levelsOf = (read?: (row: GroupedRow, name: string) => VariableValue): Int32Array => {
      const levels = new Int32Array(rows.length);
      for (at = 0; at < rows.length; at++) levels[at] = levelIndexOf(rows[at]!, subgroup, read);
      return levels;
    };
    const perData = usesImputed
      ? (await completedData).map((data) => levelsOf(readerOf(data)))
      : [levelsOf()];
    const levelDesign = (levels: Int32Array, k: number): ModelData =>
      designOf(encoded, outcome, undefined, (i) => levels[i] === k);
    // A level without runs (in the first data set when imputed) says so, rather than failing in the model.
    const estimates = subgroup.levels.map((_, k) =>
      !perData[0]!.includes(k)
        ? Promise.resolve<OddsRatioEstimate>({ estimable: false, reason: 'no runs in this level' })
        : usesImputed
          ? pooledExposureOddsRatio(
              perData.map((data) => levelDesign(data, k)),
              threshold,
              models,
            )
          : exposureOddsRatio(levelDesign(perData[0]!, k), threshold, models),
    );
    const pValues = Promise.all(
      perData.map((data) => interactionPValue(encoded, data, subgroup, outcome, models)),
    );
    const levels = await Promise.all(
      subgroup.levels.map(async (level, k) => ({
        id: level.id,
        label: level.label,
        estimate: await estimates[k]!,
      })),
    );
    const ps = await pValues;
    // An interaction is tested only across levels that all have an estimate.
    const missingLevel = levels.find((level) => !level.estimate.estimable);
    const reason =
      missingLevel !== undefined
        ? `not tested: no odds ratio in the level "${missingLevel.label}"`
        : ps.find((p): p is string => typeof p === 'string');
    const interaction: SubgroupResult['interaction'] =
      reason !== undefined
        ? { pValue: null, reason }
        : usesImputed
          ? { pValue: median(ps as number[]), method: 'lrt_median_p' }
          : { pValue: ps[0] as number, method: 'lrt' };
    return { id: subgroup.id, label: subgroup.label, imputed: usesImputed, levels, interaction };
  };
  return Promise.all(spec.subgroups.map(analyse));
}
