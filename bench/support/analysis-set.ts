/**
 * The analysis set of STUDY.md ("Analyses in every registry report", items 4–8) on an analysis table, stage by
 * stage, with the engine in shared/stats. bench/stats-analysis.R runs the same set in R; keep the two in step
 * (same covariates in the same order, same subgroup models, same matching and survival calls).
 */
import {
  kaplanMeier,
  likelihoodRatioTest,
  logisticRegression,
  logRankTest,
  miceColumns as miceColumnsOf,
  nearestNeighborMatch,
  poolRubin,
  standardizedMeanDifference,
  type LogisticRegressionResult,
} from '../../shared/stats/index.js';
import { historyColumns, outcomeColumns, type AnalysisTable } from './analysis-table.js';

/** Adjustment covariates of the outcome models (STUDY.md item 4), in model order after the exposure. */
export const adjustment = ['age', 'male', 'bmi', ...historyColumns, 'ca', 'vaso2', 'vaso3'];
/** Covariates of the imputed models: the adjustment set plus the imputed blood gases. */
export const imputedAdjustment = [...adjustment, 'ph', 'paco2', 'pao2'];
/** Columns given to MICE: exposure, adjustment covariates and the three incomplete blood gases. */
export const miceColumns = ['exposure', ...imputedAdjustment];
/** Propensity-score covariates (STUDY.md item 6). */
export const propensityCovariates = ['male', 'age', 'bmi', ...historyColumns, 'ca', 'vaso2', 'vaso3', 'mv'];

/** Completed data sets of MICE (m). */
export const IMPUTATIONS = 5;

/** A subgrouping of Fig. 4: its 0/1 indicator, and the covariates each level's model drops (constant there). */
interface Subgrouping {
  name: string;
  indicator: (c: Record<string, Float64Array>, i: number) => number;
  /** Whether the indicator must be added to the interaction models (it is not already in the span of the model). */
  addMainEffect: boolean;
  drop: [readonly string[], readonly string[]];
}

export const subgroupings: Subgrouping[] = [
  { name: 'male', indicator: (c, i) => c.male![i]!, addMainEffect: false, drop: [['male'], ['male']] },
  { name: 'age_ge_65', indicator: (c, i) => (c.age![i]! >= 65 ? 1 : 0), addMainEffect: true, drop: [[], []] },
  { name: 'bmi_ge_28', indicator: (c, i) => (c.bmi![i]! >= 28 ? 1 : 0), addMainEffect: true, drop: [[], []] },
  { name: 'ca', indicator: (c, i) => c.ca![i]!, addMainEffect: false, drop: [['ca'], ['ca']] },
  {
    name: 'vaso_ge_2',
    indicator: (c, i) => c.vaso2![i]! + c.vaso3![i]!,
    addMainEffect: false,
    // 0–1 types: both dummies are 0; ≥ 2 types: vaso2 = 1 − vaso3, so keep vaso3 (≥ 3 vs 2) only.
    drop: [['vaso2', 'vaso3'], ['vaso2']],
  },
  { name: 'large_center', indicator: (c, i) => c.large_center![i]!, addMainEffect: true, drop: [[], []] },
];

/** What one pass of the set produced: the figures the bench compares with R. */
export interface AnalysisSetResult {
  completeCase: Record<string, { oddsRatio: number; ciLower: number; ciUpper: number }>;
  pooled: Record<string, { oddsRatio: number; lower: number; upper: number }>;
  subgroups: Record<string, { levels: [number, number]; interactionP: number }>;
  matchedPairs: number;
  pairs: [number, number][];
  maxAbsSmdBefore: number;
  maxAbsSmdAfter: number;
  logRank: { before: number; after: number };
  fits: number;
}

export interface StageTime {
  wallSeconds: number;
  cpuSeconds: number;
}

/** The named columns of `columns` (over `rows`, all rows when undefined) as a columnar design: nothing copied. */
function design(
  columns: Record<string, Float64Array>,
  names: readonly string[],
  rows?: Int32Array,
): { columns: Float64Array[]; subset?: Int32Array } {
  return {
    columns: names.map((name) => {
      const col = columns[name];
      if (!col) throw new Error(`no column ${name}`);
      return col;
    }),
    subset: rows,
  };
}

function pick(column: Float64Array, rows?: Int32Array): Float64Array {
  if (!rows) return column;
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = column[rows[i]!]!;
  return out;
}

function fit(
  columns: Record<string, Float64Array>,
  outcome: string,
  names: readonly string[],
  rows?: Int32Array,
): LogisticRegressionResult {
  return logisticRegression(design(columns, names, rows), pick(columns[outcome]!, rows), { names });
}

/** The table's columns with the imputed blood gases of one completed data set. */
function completedColumns(
  table: AnalysisTable,
  completed: Readonly<Record<string, Float64Array>>,
): Record<string, Float64Array> {
  const columns: Record<string, Float64Array> = { ...table.columns };
  for (const name of ['ph', 'paco2', 'pao2']) columns[name] = completed[name]!;
  return columns;
}

/** MICE (m = 5, maxit = 5, pmm) on the MICE columns; `chains` runs only those chains (see `MiceOptions.chains`). */
export function imputeSet(
  table: AnalysisTable,
  seed: number,
  chains?: readonly number[],
): Record<string, Float64Array>[] {
  const c = table.columns;
  return miceColumnsOf(Object.fromEntries(miceColumns.map((name) => [name, c[name]!])), {
    m: IMPUTATIONS,
    maxit: 5,
    seed,
    method: 'pmm',
    chains,
  });
}

/** The complete-case adjusted model of one outcome: the exposure's odds ratio and Wald interval. */
export function completeCaseModel(
  table: AnalysisTable,
  outcome: string,
): AnalysisSetResult['completeCase'][string] {
  const e = fit(table.columns, outcome, ['exposure', ...adjustment]).coefficients[1]!;
  return { oddsRatio: e.oddsRatio, ciLower: e.ciLower, ciUpper: e.ciUpper };
}

const imputedNames = ['exposure', ...imputedAdjustment];

/** The imputed model of one outcome on one completed data set: the exposure's estimate and variance. */
export function imputedModel(
  table: AnalysisTable,
  completed: Readonly<Record<string, Float64Array>>,
  outcome: string,
): { estimate: number; variance: number } {
  const e = fit(completedColumns(table, completed), outcome, imputedNames).coefficients[1]!;
  return { estimate: e.estimate, variance: e.stdError ** 2 };
}

/** Rubin's rules over the m imputed models of one outcome, as odds ratios. */
export function pooledModel(
  table: AnalysisTable,
  perImputation: readonly { estimate: number; variance: number }[],
): AnalysisSetResult['pooled'][string] {
  const p = poolRubin(
    perImputation.map((e) => e.estimate),
    perImputation.map((e) => e.variance),
    { dfComplete: table.n - imputedNames.length - 1 },
  );
  return { oddsRatio: Math.exp(p.estimate), lower: Math.exp(p.lower), upper: Math.exp(p.upper) };
}

/** One subgrouping (index into `subgroupings`): the model within each level and the interaction LRT (4 fits). */
export function subgroupModels(table: AnalysisTable, index: number): AnalysisSetResult['subgroups'][string] {
  const c = table.columns;
  const s = subgroupings[index]!;
  const base = ['exposure', ...adjustment];
  const indicator = new Float64Array(table.n);
  for (let i = 0; i < table.n; i++) indicator[i] = s.indicator(c, i);
  const levelOr: number[] = [];
  for (const level of [0, 1] as const) {
    const rows: number[] = [];
    for (let i = 0; i < table.n; i++) if (indicator[i] === level) rows.push(i);
    const names = base.filter((name) => !s.drop[level].includes(name));
    levelOr.push(fit(c, 'death_hospital', names, Int32Array.from(rows)).coefficients[1]!.oddsRatio);
  }
  const interaction = new Float64Array(table.n);
  for (let i = 0; i < table.n; i++) interaction[i] = indicator[i]! * c.exposure![i]!;
  const columns = { ...c, subgroup: indicator, interaction };
  const reducedNames = s.addMainEffect ? [...base, 'subgroup'] : base;
  const reduced = fit(columns, 'death_hospital', reducedNames);
  const full = fit(columns, 'death_hospital', [...reducedNames, 'interaction']);
  return { levels: [levelOr[0]!, levelOr[1]!], interactionP: likelihoodRatioTest(reduced, full).pValue };
}

/** Fits per subgrouping in {@link subgroupModels}. */
const SUBGROUP_FITS = 4;

/** Propensity score (1 fit), 1:1 nearest-neighbour matching, and the largest |SMD| before and after. */
export function matchingStage(table: AnalysisTable): {
  pairs: { treated: number; control: number }[];
  matchedRows: Int32Array;
  before: number;
  after: number;
} {
  const c = table.columns;
  const ps = fit(c, 'exposure', propensityCovariates);
  const x = design(c, propensityCovariates).columns;
  // Fitted probabilities from the coefficients (the fit returns coefficients, not fitted values).
  const beta = ps.coefficients.map((b) => b.estimate);
  const eta = new Float64Array(table.n).fill(beta[0]!);
  x.forEach((column, j) => {
    const b = beta[j + 1]!;
    for (let i = 0; i < table.n; i++) eta[i]! += b * column[i]!;
  });
  const distance = new Array<number>(table.n);
  for (let i = 0; i < table.n; i++) distance[i] = 1 / (1 + Math.exp(-eta[i]!));
  const treated = Array.from(c.exposure!);
  const pairs = nearestNeighborMatch(distance, treated);
  const matchedRows = Int32Array.from(pairs.flatMap((p) => [p.treated, p.control])).sort();
  const matchedTreated = Array.from(pick(c.exposure!, matchedRows));
  let before = 0;
  let after = 0;
  for (const name of propensityCovariates) {
    const col = c[name]!;
    before = Math.max(before, Math.abs(standardizedMeanDifference(Array.from(col), treated)));
    after = Math.max(
      after,
      Math.abs(standardizedMeanDifference(Array.from(pick(col, matchedRows)), matchedTreated)),
    );
  }
  return { pairs, matchedRows, before, after };
}

/** 30-day Kaplan–Meier by group and the log-rank statistic, on all rows or on `rows`. */
export function survivalStage(table: AnalysisTable, rows?: Int32Array): number {
  const c = table.columns;
  const time = Array.from(pick(c.time30!, rows));
  const event = Array.from(pick(c.event30!, rows));
  const group = Array.from(pick(c.exposure!, rows));
  for (const g of [0, 1]) {
    const idx = group.flatMap((v, i) => (v === g ? [i] : []));
    kaplanMeier(
      idx.map((i) => time[i]!),
      idx.map((i) => event[i]!),
    );
  }
  return logRankTest(time, event, group).statistic;
}

/** Times stages (wall and CPU seconds of the whole process, worker threads included) into `stages`. */
export function stageTimer(stages: Record<string, StageTime>) {
  return async <T>(name: string, work: () => T | Promise<T>): Promise<T> => {
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const value = await work();
    const used = process.cpuUsage(cpu);
    stages[name] = {
      wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
    return value;
  };
}

/** The result of the set from its stages' results. */
export function assembleResult(
  completeCase: AnalysisSetResult['completeCase'],
  pooled: AnalysisSetResult['pooled'],
  subgroups: AnalysisSetResult['subgroups'],
  matching: ReturnType<typeof matchingStage>,
  logRank: { before: number; after: number },
): AnalysisSetResult {
  return {
    completeCase,
    pooled,
    subgroups,
    matchedPairs: matching.pairs.length,
    pairs: matching.pairs.map((p) => [p.treated, p.control]),
    maxAbsSmdBefore: matching.before,
    maxAbsSmdAfter: matching.after,
    logRank,
    fits: outcomeColumns.length * (1 + IMPUTATIONS) + SUBGROUP_FITS * subgroupings.length + 1,
  };
}

/**
 * Runs the analysis set once on this thread, timing each stage (wall and CPU seconds).
 * @param seed MICE seed.
 */
export function runAnalysisSet(
  table: AnalysisTable,
  seed: number,
): { stages: Record<string, StageTime>; result: AnalysisSetResult } {
  const stages: Record<string, StageTime> = {};
  const timed = <T>(name: string, work: () => T): T => {
    const wall = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const value = work();
    const used = process.cpuUsage(cpu);
    stages[name] = {
      wallSeconds: Number(process.hrtime.bigint() - wall) / 1e9,
      cpuSeconds: (used.user + used.system) / 1e6,
    };
    return value;
  };

  // 1. MICE, m = 5, maxit = 5, pmm.
  const imputations = timed('mice', () => imputeSet(table, seed));

  // 2. Per outcome: complete-case adjusted model, and the imputed model on each imputation pooled by Rubin's rules.
  const { completeCase, pooled } = timed('models', () => {
    const completeCase: AnalysisSetResult['completeCase'] = {};
    const pooled: AnalysisSetResult['pooled'] = {};
    for (const outcome of outcomeColumns) completeCase[outcome] = completeCaseModel(table, outcome);
    for (const outcome of outcomeColumns) {
      pooled[outcome] = pooledModel(
        table,
        imputations.map((completed) => imputedModel(table, completed, outcome)),
      );
    }
    return { completeCase, pooled };
  });

  // 3. Subgroups (in-hospital death): the model within each level, and the exposure × subgroup LRT.
  const subgroups = timed('subgroups', () =>
    Object.fromEntries(subgroupings.map((s, index) => [s.name, subgroupModels(table, index)])),
  );

  // 4. Propensity score, 1:1 nearest-neighbour matching, SMDs before and after.
  const matching = timed('matching', () => matchingStage(table));

  // 5. 30-day Kaplan–Meier by group and log-rank, before and after matching.
  const logRank = timed('survival', () => ({
    before: survivalStage(table),
    after: survivalStage(table, matching.matchedRows),
  }));

  return { stages, result: assembleResult(completeCase, pooled, subgroups, matching, logRank) };
}
