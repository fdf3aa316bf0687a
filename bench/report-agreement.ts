/**
 * Agreement of a registry report (report.json) with R's recomputation of it (bench/report-analysis.R): every
 * number R gives is set beside the report's, and agrees when they differ by at most 1e-6, absolutely or relative
 * to R's value. A count hidden by small-cell suppression in the report (null) is not compared but listed as
 * skipped, with why. Pure, so test/bench/report-agreement.test.ts can feed it a small R-shaped object; the bench
 * (bench/report.bench.ts) feeds it the real one.
 */
import type { OddsRatioEstimate } from '../shared/report/analyses/adjusted-odds-ratios.js';
import type { RegistryReport } from '../shared/report/index.js';
import type {
  BinaryComparison,
  ContinuousComparison,
  GroupTest,
} from '../shared/report/analyses/group-comparison.js';
import type { SuppressedCell } from '../shared/report/small-cell-suppression.js';

/** Both absolute and relative tolerance: the report agrees with R to 1e-6. */
export const AGREEMENT_TOLERANCE = 1e-6;

/** A two-group test as R gives it (statistic absent for Fisher's exact test). */
export interface RTest {
  method: string;
  statistic?: number | null;
  pValue: number;
}

export interface RContinuousSummary {
  n: number;
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
}

export interface RBinaryRow {
  comparator: number;
  exposure: number;
  smd: number;
  test?: RTest;
}

export interface RContinuousRow {
  comparator: RContinuousSummary;
  exposure: RContinuousSummary;
  smd: number;
  test: RTest;
}

export interface ROddsRatio {
  /** `glm`, or `firth` when R found the outcome separated and fitted brglm2 (AS_mean). */
  method?: string;
  oddsRatio: number;
  ciLower: number;
  ciUpper: number;
  pValue: number;
  n: number;
  events: number;
}

export interface ROutcomeTable {
  outcomes: Record<string, RBinaryRow>;
  durations: Record<string, RContinuousRow>;
}

export interface RCurve {
  /** S(t), lower and upper limits at days 0, 1, …, horizon (null where R gives NA). */
  survival: number[];
  lower: (number | null)[];
  upper: (number | null)[];
  /** Runs at risk at the report's at-risk days. */
  atRisk: number[];
}

export interface RSurvival {
  curves: { comparator: RCurve; exposure: RCurve };
  logRank: { statistic: number; pValue: number };
}

/** The Aalen–Johansen curves of one group at days 0..horizon (null where R gives NA). */
export interface RCompetingCurve {
  death: number[];
  lower: (number | null)[];
  upper: (number | null)[];
  discharged: number[];
}

/** What bench/report-analysis.R writes (its values; timing fields are the bench's business). */
export interface RReportValues {
  flowchart: { id: string; excluded: number; remaining: number }[];
  groups: { comparator: number; exposure: number };
  tableOne: Record<string, RBinaryRow | RContinuousRow>;
  tableTwo: ROutcomeTable;
  adjustedOddsRatios: Record<
    string,
    { main: ROddsRatio; sensitivity: Record<string, { completeCase: ROddsRatio; imputed: ROddsRatio }> }
  >;
  subgroups: Record<string, { levels: ROddsRatio[]; interactionP: number }>;
  matching: {
    /** Matched pairs as run keys `center/run` (never published). */
    pairs: [string, string][];
    balance: Record<string, { smdBefore: number; smdAfter: number }>;
    tableThree: ROutcomeTable;
  };
  survival: {
    beforeMatching: RSurvival;
    afterMatching: RSurvival;
    competingRisks?: {
      beforeMatching: { comparator: RCompetingCurve; exposure: RCompetingCurve };
      afterMatching: { comparator: RCompetingCurve; exposure: RCompetingCurve };
    };
  };
}

/** One compared value. */
export interface AgreementCheck {
  name: string;
  ts: number | string | null;
  r: number | string | null;
  /** |ts − r| (null when either is not a number). */
  difference: number | null;
  agrees: boolean;
}

export interface AgreementReport {
  tolerance: string;
  checks: AgreementCheck[];
  /** Values the report does not publish (suppressed, not estimable), so they were not compared. */
  skipped: { name: string; reason: string }[];
  checked: number;
  failed: number;
  allAgree: boolean;
}

/** Whether two values agree: equal strings, both null, or numbers within 1e-6 absolutely or relatively. */
export function valuesAgree(ts: number | string | null, r: number | string | null): boolean {
  if (ts === null || r === null) return ts === r;
  if (typeof ts === 'string' || typeof r === 'string') return ts === r;
  if (ts === r) return true;
  if (!Number.isFinite(ts) || !Number.isFinite(r)) return false;
  const difference = Math.abs(ts - r);
  return difference <= AGREEMENT_TOLERANCE || difference <= AGREEMENT_TOLERANCE * Math.abs(r);
}

/** Collects checks and skips. */
class Checker {
  readonly checks: AgreementCheck[] = [];
  readonly skipped: { name: string; reason: string }[] = [];

  /** Compares a value; a report value of null (hidden) is skipped unless `nullIsValue`. */
  value(
    name: string,
    ts: number | string | null | undefined,
    r: number | string | null | undefined,
    nullIsValue = false,
  ): void {
    if ((ts === null || ts === undefined) && !nullIsValue) {
      this.skipped.push({ name, reason: 'not published (suppressed or not estimable)' });
      return;
    }
    const a = ts ?? null;
    const b = r ?? null;
    this.checks.push({
      name,
      ts: a,
      r: b,
      difference: typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) : null,
      agrees: valuesAgree(a, b),
    });
  }

  skip(name: string, reason: string): void {
    this.skipped.push({ name, reason });
  }
}

/** A row of Table 1, 2 or 3 as report.json holds it: counts (binary, level) or summaries (continuous). */
type TsRow = { id: string; kind?: string } & (BinaryComparison | ContinuousComparison);

function compareTest(c: Checker, name: string, ts: GroupTest | null, r: RTest | undefined): void {
  if (ts === null) {
    c.skip(`${name} test`, 'no test published (a count is suppressed, or nothing to test)');
    return;
  }
  c.value(`${name} test method`, ts.method, r?.method);
  if (ts.statistic !== null) c.value(`${name} test statistic`, ts.statistic, r?.statistic);
  c.value(`${name} test p`, ts.pValue, r?.pValue);
}

function compareBinaryRow(c: Checker, name: string, ts: TsRow, r: RBinaryRow | undefined): void {
  c.value(`${name} comparator n`, (ts as BinaryComparison).comparator.count.value, r?.comparator);
  c.value(`${name} exposure n`, (ts as BinaryComparison).exposure.count.value, r?.exposure);
  compareTest(c, name, ts.test, r?.test);
  c.value(`${name} SMD`, ts.smd, r?.smd);
}

function compareContinuousRow(c: Checker, name: string, ts: TsRow, r: RContinuousRow | undefined): void {
  for (const group of ['comparator', 'exposure'] as const) {
    const s = (ts as ContinuousComparison)[group];
    const rs = r?.[group];
    c.value(`${name} ${group} n`, s.n.value, rs?.n);
    for (const stat of ['mean', 'sd', 'median', 'q1', 'q3'] as const) {
      c.value(`${name} ${group} ${stat}`, s[stat], rs?.[stat]);
    }
  }
  compareTest(c, name, ts.test, r?.test);
  c.value(`${name} SMD`, ts.smd, r?.smd);
}

function compareOutcomeTable(c: Checker, table: string, ts: unknown, r: ROutcomeTable | undefined): void {
  const t = ts as { outcomes: TsRow[]; durations: TsRow[] };
  for (const row of t.outcomes) compareBinaryRow(c, `${table} ${row.id}`, row, r?.outcomes[row.id]);
  for (const row of t.durations) compareContinuousRow(c, `${table} ${row.id}`, row, r?.durations[row.id]);
}

function compareOddsRatio(c: Checker, name: string, ts: OddsRatioEstimate, r: ROddsRatio | undefined): void {
  if (!ts.estimable) {
    c.skip(name, ts.reason);
    return;
  }
  c.value(`${name} method`, ts.method, r?.method ?? 'glm');
  for (const k of ['oddsRatio', 'ciLower', 'ciUpper', 'pValue'] as const)
    c.value(`${name} ${k}`, ts[k], r?.[k]);
  c.value(`${name} n`, ts.n.value, r?.n);
  c.value(`${name} events`, ts.events.value, r?.events);
}

interface TsSurvival {
  estimable: boolean;
  reason?: string;
  curves?: {
    group: 'comparator' | 'exposure';
    points: { time: number; survival: number; lower: number | null; upper: number | null }[];
    atRisk: { time: number; n: SuppressedCell }[];
  }[];
  logRank?: { statistic: number; pValue: number };
}

function compareSurvival(c: Checker, name: string, ts: TsSurvival, r: RSurvival | undefined): void {
  if (!ts.estimable || !ts.curves || !ts.logRank) {
    c.skip(name, ts.reason ?? 'not estimable');
    return;
  }
  c.value(`${name} log-rank statistic`, ts.logRank.statistic, r?.logRank.statistic);
  c.value(`${name} log-rank p`, ts.logRank.pValue, r?.logRank.pValue);
  for (const curve of ts.curves) {
    const rc = r?.curves[curve.group];
    curve.points.forEach((p, i) => {
      const at = `${name} ${curve.group} day ${p.time}`;
      c.value(`${at} S(t)`, p.survival, rc?.survival[i]);
      c.value(`${at} lower`, p.lower, rc?.lower[i], true);
      c.value(`${at} upper`, p.upper, rc?.upper[i], true);
    });
    curve.atRisk.forEach((a, i) =>
      c.value(`${name} ${curve.group} at risk day ${a.time}`, a.n.value, rc?.atRisk[i]),
    );
  }
}

interface TsCompeting {
  estimable: boolean;
  reason?: string;
  curves?: {
    group: 'comparator' | 'exposure';
    points: { time: number; death: number; lower: number | null; upper: number | null; discharged: number }[];
  }[];
}

function compareCompeting(
  c: Checker,
  name: string,
  ts: TsCompeting | undefined,
  r: { comparator: RCompetingCurve; exposure: RCompetingCurve } | undefined,
): void {
  if (ts === undefined) return;
  if (!ts.estimable || !ts.curves) {
    c.skip(name, ts.reason ?? 'not estimable');
    return;
  }
  for (const curve of ts.curves) {
    const rc = r?.[curve.group];
    curve.points.forEach((p, i) => {
      const at = `${name} ${curve.group} day ${p.time}`;
      c.value(`${at} death CIF`, p.death, rc?.death[i]);
      c.value(`${at} death CIF lower`, p.lower, rc?.lower[i], true);
      c.value(`${at} death CIF upper`, p.upper, rc?.upper[i], true);
      c.value(`${at} discharged CIF`, p.discharged, rc?.discharged[i]);
    });
  }
}

/**
 * Compares every value R recomputed with the report's.
 * @param report the report model (report.json).
 * @param r what bench/report-analysis.R printed.
 * @param tsPairs the report's matched pairs as run keys (`center/run`), which report.json does not publish.
 */
export function compareReportWithR(
  report: RegistryReport,
  r: RReportValues,
  tsPairs: readonly (readonly [string, string])[],
): AgreementReport {
  const c = new Checker();

  for (const step of r.flowchart) {
    const ts = report.flowchart.find((s) => s.id === step.id);
    if (!ts) {
      c.value(`flowchart ${step.id}`, 'missing', 'present');
      continue;
    }
    c.value(`flowchart ${step.id} excluded`, ts.excluded.value, step.excluded);
    c.value(`flowchart ${step.id} remaining`, ts.remaining.value, step.remaining);
  }
  c.value('cohort comparator n', report.groups.comparator.n.value, r.groups.comparator);
  c.value('cohort exposure n', report.groups.exposure.n.value, r.groups.exposure);

  for (const row of report.tableOne as unknown as TsRow[]) {
    const rRow = r.tableOne[row.id];
    if (row.kind === 'categorical') compareTest(c, `Table 1 ${row.id}`, row.test, (rRow as RBinaryRow)?.test);
    else if (row.kind === 'continuous')
      compareContinuousRow(c, `Table 1 ${row.id}`, row, rRow as RContinuousRow);
    else compareBinaryRow(c, `Table 1 ${row.id}`, row, rRow as RBinaryRow);
  }
  compareOutcomeTable(c, 'Table 2', report.tableTwo, r.tableTwo);

  for (const aor of report.adjustedOddsRatios) {
    const rAor = r.adjustedOddsRatios[aor.id];
    compareOddsRatio(c, `aOR ${aor.id} main`, aor.main, rAor?.main);
    for (const model of aor.sensitivity) {
      const rm = rAor?.sensitivity[model.id];
      compareOddsRatio(c, `aOR ${aor.id} ${model.id} complete case`, model.completeCase, rm?.completeCase);
      compareOddsRatio(c, `aOR ${aor.id} ${model.id} pooled`, model.imputed, rm?.imputed);
    }
  }

  for (const subgroup of report.subgroups) {
    const rs = r.subgroups[subgroup.id];
    (subgroup.levels as { id: string; estimate: OddsRatioEstimate }[]).forEach((level, i) =>
      compareOddsRatio(c, `subgroup ${subgroup.id} ${level.id} aOR`, level.estimate, rs?.levels[i]),
    );
    const interaction = subgroup.interaction as { pValue: number | null; reason?: string };
    if (interaction.pValue === null)
      c.skip(`subgroup ${subgroup.id} interaction p`, interaction.reason ?? '');
    else c.value(`subgroup ${subgroup.id} interaction p`, interaction.pValue, rs?.interactionP);
  }

  if (report.matching.estimable) {
    const m = report.matching as unknown as {
      pairs: SuppressedCell;
      balance: { id: string; smdBefore: number; smdAfter: number }[];
      tableThree: unknown;
    };
    c.value('matching pairs', m.pairs.value, r.matching.pairs.length);
    const rPairs = new Map(r.matching.pairs.map(([t, k]) => [t, k]));
    const identical = tsPairs.filter(([t, k]) => rPairs.get(t) === k).length;
    c.value('matching identical pairs (same exposed and control runs)', identical, r.matching.pairs.length);
    for (const b of m.balance) {
      c.value(`balance ${b.id} SMD before`, b.smdBefore, r.matching.balance[b.id]?.smdBefore);
      c.value(`balance ${b.id} SMD after`, b.smdAfter, r.matching.balance[b.id]?.smdAfter);
    }
    compareOutcomeTable(c, 'Table 3', m.tableThree, r.matching.tableThree);
  } else {
    c.skip('matching', report.matching.reason);
  }

  const survival = report.survival as { beforeMatching: TsSurvival; afterMatching: TsSurvival };
  compareSurvival(c, 'survival before matching', survival.beforeMatching, r.survival.beforeMatching);
  compareSurvival(c, 'survival after matching', survival.afterMatching, r.survival.afterMatching);
  const competing = report.survival.competingRisks as
    { beforeMatching: TsCompeting; afterMatching: TsCompeting } | undefined;
  compareCompeting(
    c,
    'competing risks before matching',
    competing?.beforeMatching,
    r.survival.competingRisks?.beforeMatching,
  );
  compareCompeting(
    c,
    'competing risks after matching',
    competing?.afterMatching,
    r.survival.competingRisks?.afterMatching,
  );

  const failed = c.checks.filter((k) => !k.agrees).length;
  return {
    tolerance: `|ts − r| ≤ ${AGREEMENT_TOLERANCE} or ≤ ${AGREEMENT_TOLERANCE} × |r|`,
    checks: c.checks,
    skipped: c.skipped,
    checked: c.checks.length,
    failed,
    allAgree: failed === 0 && c.checks.length > 0,
  };
}
