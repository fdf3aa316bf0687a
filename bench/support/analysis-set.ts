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
  mice,
  nearestNeighborMatch,
  poolRubin,
  standardizedMeanDifference,
  type CompletedRow,
  type LogisticRegressionResult,
  type MiceRow,
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

/** Row-major design of the named columns over `rows` (all rows when undefined), for logisticRegression. */
function design(
  columns: Record<string, Float64Array>,
  names: readonly string[],
  rows?: Int32Array,
): { rows: number; cols: number; data: Float64Array } {
  const n = rows ? rows.length : columns[names[0]!]!.length;
  const k = names.length;
  const data = new Float64Array(n * k);
  const cols = names.map((name) => {
    const col = columns[name];
    if (!col) throw new Error(`no column ${name}`);
    return col;
  });
  // Row by row, so the (large) output is written sequentially.
  for (let i = 0; i < n; i++) {
    const source = rows ? rows[i]! : i;
    const offset = i * k;
    for (let j = 0; j < k; j++) data[offset + j] = cols[j]![source]!;
  }
  return { rows: n, cols: k, data };
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

/** Columns of the completed data sets as typed arrays. */
function completedColumns(
  table: AnalysisTable,
  completed: readonly CompletedRow[],
): Record<string, Float64Array> {
  const columns: Record<string, Float64Array> = { ...table.columns };
  for (const name of ['ph', 'paco2', 'pao2']) {
    const col = new Float64Array(table.n);
    for (let i = 0; i < table.n; i++) col[i] = completed[i]![name]!;
    columns[name] = col;
  }
  return columns;
}

/**
 * Runs the analysis set once, timing each stage (wall and CPU seconds).
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
  const c = table.columns;
  let fits = 0;

  // 1. MICE, m = 5, maxit = 5, pmm.
  const imputations = timed('mice', () => {
    const rows: MiceRow[] = new Array<MiceRow>(table.n);
    for (let i = 0; i < table.n; i++) {
      const row: Record<string, number> = {};
      for (const name of miceColumns) row[name] = c[name]![i]!;
      rows[i] = row;
    }
    return mice(rows, { m: 5, maxit: 5, seed, method: 'pmm' });
  });

  // 2. Per outcome: complete-case adjusted model, and the imputed model on each imputation pooled by Rubin's rules.
  const { completeCase, pooled } = timed('models', () => {
    const completeCase: AnalysisSetResult['completeCase'] = {};
    const pooled: AnalysisSetResult['pooled'] = {};
    const names = ['exposure', ...adjustment];
    for (const outcome of outcomeColumns) {
      const e = fit(c, outcome, names).coefficients[1]!;
      fits++;
      completeCase[outcome] = { oddsRatio: e.oddsRatio, ciLower: e.ciLower, ciUpper: e.ciUpper };
    }
    const imputedNames = ['exposure', ...imputedAdjustment];
    const perImputation = imputations.map((completed) => completedColumns(table, completed));
    for (const outcome of outcomeColumns) {
      const estimates: number[] = [];
      const variances: number[] = [];
      for (const columns of perImputation) {
        const e = fit(columns, outcome, imputedNames).coefficients[1]!;
        fits++;
        estimates.push(e.estimate);
        variances.push(e.stdError ** 2);
      }
      const p = poolRubin(estimates, variances, { dfComplete: table.n - imputedNames.length - 1 });
      pooled[outcome] = {
        oddsRatio: Math.exp(p.estimate),
        lower: Math.exp(p.lower),
        upper: Math.exp(p.upper),
      };
    }
    return { completeCase, pooled };
  });

  // 3. Subgroups (in-hospital death): the model within each level, and the exposure × subgroup LRT.
  const subgroups = timed('subgroups', () => {
    const out: AnalysisSetResult['subgroups'] = {};
    const base = ['exposure', ...adjustment];
    for (const s of subgroupings) {
      const indicator = new Float64Array(table.n);
      for (let i = 0; i < table.n; i++) indicator[i] = s.indicator(c, i);
      const levelOr: number[] = [];
      for (const level of [0, 1] as const) {
        const rows: number[] = [];
        for (let i = 0; i < table.n; i++) if (indicator[i] === level) rows.push(i);
        const names = base.filter((name) => !s.drop[level].includes(name));
        levelOr.push(fit(c, 'death_hospital', names, Int32Array.from(rows)).coefficients[1]!.oddsRatio);
        fits++;
      }
      const interaction = new Float64Array(table.n);
      for (let i = 0; i < table.n; i++) interaction[i] = indicator[i]! * c.exposure![i]!;
      const columns = { ...c, subgroup: indicator, interaction };
      const reducedNames = s.addMainEffect ? [...base, 'subgroup'] : base;
      const reduced = fit(columns, 'death_hospital', reducedNames);
      const full = fit(columns, 'death_hospital', [...reducedNames, 'interaction']);
      fits += 2;
      out[s.name] = {
        levels: [levelOr[0]!, levelOr[1]!],
        interactionP: likelihoodRatioTest(reduced, full).pValue,
      };
    }
    return out;
  });

  // 4. Propensity score, 1:1 nearest-neighbour matching, SMDs before and after.
  const matching = timed('matching', () => {
    const ps = fit(c, 'exposure', propensityCovariates);
    fits++;
    const x = design(c, propensityCovariates);
    // Fitted probabilities from the coefficients (the fit returns coefficients, not fitted values).
    const beta = ps.coefficients.map((b) => b.estimate);
    const distance = new Array<number>(table.n);
    for (let i = 0; i < table.n; i++) {
      let eta = beta[0]!;
      for (let j = 0; j < x.cols; j++) eta += beta[j + 1]! * x.data[i * x.cols + j]!;
      distance[i] = 1 / (1 + Math.exp(-eta));
    }
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
  });

  // 5. 30-day Kaplan–Meier by group and log-rank, before and after matching.
  const logRank = timed('survival', () => {
    const survival = (rows?: Int32Array): number => {
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
    };
    return { before: survival(), after: survival(matching.matchedRows) };
  });

  return {
    stages,
    result: {
      completeCase,
      pooled,
      subgroups,
      matchedPairs: matching.pairs.length,
      pairs: matching.pairs.map((p) => [p.treated, p.control]),
      maxAbsSmdBefore: matching.before,
      maxAbsSmdAfter: matching.after,
      logRank,
      fits,
    },
  };
}
