/**
 * Every figure of the quarterly report, drawn from the report model with the figure library. A section the
 * model marks not estimable gives a figure entry without SVG and with the reason, so the page can say why.
 */
import type { OddsRatioEstimate } from '../analyses/adjusted-odds-ratios.js';
import type { CenterCompleteness, DataQualityRow } from '../analyses/data-quality.js';
import type { SurvivalAnalysis } from '../analyses/survival-curves.js';
import { flowchartSvg } from '../figures/flowchart.js';
import { forestPlotSvg, type ForestPlotRow } from '../figures/forest-plot.js';
import { funnelPlotSvg } from '../figures/funnel-plot.js';
import { kaplanMeierSvg } from '../figures/kaplan-meier.js';
import { lovePlotSvg } from '../figures/love-plot.js';
import { trendsSvg } from '../figures/trends-plot.js';
import { completenessHeatmapSvg } from '../figures/completeness-heatmap.js';
import type { PublishedBenchmarkRow, RegistryReport } from '../registry-report.js';
import { outcomeLabels, survivalDefinitionNote } from './report-tables.js';
import { median } from '../../stats/index.js';

/** A figure of the report: its SVG, or why it could not be drawn. */
export interface ReportFigure {
  /** File name stem of `figures/{id}.svg` and the page anchor. */
  id: string;
  caption: string;
  /** Alternative text of the figure (also its SVG `<desc>`). */
  description: string;
  svg: string | null;
  reason?: string;
}

/** What the funnel plot shows: every center with a shown O/E, and which one (if any) is the reader's. */
export interface FunnelView {
  centers: readonly PublishedBenchmarkRow[];
  highlightCenterId?: string;
}

/** How many trend series to draw: mortality and on-support mortality read best without the complications. */
const TREND_SERIES = 2;

function notEstimable(id: string, caption: string, reason: string): ReportFigure {
  return { id, caption, description: reason, svg: null, reason };
}

/** Where the funnel plot goes among the figures in page order: after the subgroups, before the trends. */
const FUNNEL_POSITION = 'trends';

/**
 * Draws every figure of the report for one audience, in page order.
 * @param funnel the centers of the funnel plot; their ids never reach the SVG.
 * @param centerId the reader's center in a private report (its completeness row beside the registry median).
 */
export async function reportFigures(
  report: RegistryReport,
  funnel: FunnelView,
  centerId?: string,
): Promise<ReportFigure[]> {
  return [
    ...withFunnel(await sharedFigures(report), await funnelFigure(report, funnel)),
    await completenessFigure(report, centerId),
  ];
}

/**
 * Puts the audience's funnel figure into the shared figures at its place in page order.
 * @example withFunnel(await sharedFigures(report), await funnelFigure(report, view.funnel))
 */
export function withFunnel(shared: readonly ReportFigure[], funnel: ReportFigure): ReportFigure[] {
  const at = shared.findIndex((f) => f.id === FUNNEL_POSITION);
  return at === -1 ? [...shared, funnel] : [...shared.slice(0, at), funnel, ...shared.slice(at)];
}

/**
 * The figures that are the same for every audience (everything but the funnel plot), in page order. They read
 * only the registry-wide sections of the model, which a center's view leaves unchanged, so a publisher can draw
 * them once per report and reuse the same SVG strings in every site.
 */
export async function sharedFigures(report: RegistryReport): Promise<ReportFigure[]> {
  return [
    await flowchartFigure(report),
    await adjustedOddsRatiosFigure(report),
    await lovePlotFigure(report),
    await survivalFigure(
      report,
      'survival-before-matching',
      'before matching',
      report.survival.beforeMatching,
    ),
    await survivalFigure(report, 'survival-after-matching', 'after matching', report.survival.afterMatching),
    await subgroupsFigure(report),
    await trendsFigure(report),
  ];
}

/** Figure 1: the cohort selection flowchart, split into the two groups under its last step. */
async function flowchartFigure(report: RegistryReport): Promise<ReportFigure> {
  const { comparator, exposure } = report.groups;
  const caption = 'Figure 1. Cohort selection';
  const description = `Flowchart of cohort selection from ${report.flowchart.length} steps; the cohort is split into ${exposure.label} and ${comparator.label}.`;
  return {
    id: 'flowchart',
    caption,
    description,
    svg: await flowchartSvg({
      title: caption,
      description,
      steps: report.flowchart,
      groups: report.flowchart.length > 0 ? [exposure, comparator] : [],
    }),
  };
}

/** A forest-plot row of an estimable odds ratio, or none. */
function forestRow(group: string, label: string, e: OddsRatioEstimate): ForestPlotRow[] {
  return e.estimable
    ? [{ group, label, estimate: e.oddsRatio, lower: e.ciLower, upper: e.ciUpper, pValue: e.pValue }]
    : [];
}

/**
 * Figure 2: per outcome, the main model's adjusted odds ratio, then each sensitivity model's (pooled over the
 * imputations, and complete case).
 */
async function adjustedOddsRatiosFigure(report: RegistryReport): Promise<ReportFigure> {
  const { comparator, exposure } = report.groups;
  const firth = (e: OddsRatioEstimate) => (e.estimable && e.method === 'firth' ? ' (Firth)' : '');
  const rows = report.adjustedOddsRatios.flatMap((a) => [
    ...forestRow(a.label, `Main model${firth(a.main)}`, a.main),
    ...a.sensitivity.flatMap((m) => [
      ...forestRow(a.label, `${m.label} (imputed)${firth(m.imputed)}`, m.imputed),
      ...forestRow(a.label, `${m.label} (complete)${firth(m.completeCase)}`, m.completeCase),
    ]),
  ]);
  const caption = `Figure 2. Adjusted odds ratios of ${exposure.label} vs ${comparator.label}: main model and sensitivity models`;
  const description = `Forest plot of ${rows.length} adjusted odds ratios with 95% confidence intervals on a log scale; for each outcome the main model (the source study's covariates) is drawn first, then each sensitivity model pooled over the imputations by Rubin's rules (imputed) and on the runs with its added covariates recorded (complete). A label marked Firth was fitted by Firth's penalised likelihood because a covariate separates the outcome.`;
  if (rows.length === 0)
    return notEstimable('adjusted-odds-ratios', caption, 'No adjusted odds ratio could be estimated.');
  return {
    id: 'adjusted-odds-ratios',
    caption,
    description,
    svg: await forestPlotSvg({
      title: 'Adjusted odds ratios',
      description,
      rows,
      xLabel: 'Adjusted odds ratio (95% CI)',
      labelHeading: 'Outcome',
      estimateHeading: 'aOR (95% CI)',
      favours: [exposure.label, comparator.label],
    }),
  };
}

/** The Love plot: covariate balance before and after propensity matching. */
async function lovePlotFigure(report: RegistryReport): Promise<ReportFigure> {
  const caption = 'Love plot. Covariate balance before and after propensity matching';
  const m = report.matching;
  if (!m.estimable) return notEstimable('love-plot', caption, m.reason);
  const balanced = m.balance.filter((b) => Math.abs(b.smdAfter) < 0.1).length;
  const description = `Absolute standardized mean differences of ${m.balance.length} covariates before and after matching; ${balanced} are below 0.1 after matching.`;
  return {
    id: 'love-plot',
    caption,
    description,
    svg: await lovePlotSvg({
      title: 'Covariate balance',
      description,
      rows: m.balance.map((b) => ({ label: b.label, smdBefore: b.smdBefore, smdAfter: b.smdAfter })),
    }),
  };
}

/** Figure 3: Kaplan–Meier curves by group with numbers at risk, before or after matching. */
async function survivalFigure(
  report: RegistryReport,
  id: string,
  when: string,
  s: SurvivalAnalysis,
): Promise<ReportFigure> {
  const { comparator, exposure } = report.groups;
  const caption = `Figure 3. ${report.survival.horizonDays}-day survival by group, ${when}. ${survivalDefinitionNote(report)}`;
  if (!s.estimable) return notEstimable(id, caption, s.reason);
  const maxTime = Math.max(...s.curves.flatMap((c) => c.points.map((p) => p.time)));
  const description = `Kaplan–Meier curves of ${comparator.label} and ${exposure.label} ${when} over ${maxTime} days, with numbers at risk; log-rank p = ${s.logRank.pValue.toPrecision(3)}.`;
  return {
    id,
    caption,
    description,
    svg: await kaplanMeierSvg({
      title: `30-day survival, ${when}`,
      description,
      xLabel: 'Days from ECMO start',
      maxTime,
      curves: s.curves.map((c) => ({
        label: report.groups[c.group].label,
        points: c.points,
        atRisk: c.atRisk.map((a) => ({ time: a.time, n: a.n.value })),
      })),
    }),
  };
}

/** Figure 4: subgroup odds ratios for in-hospital mortality, each subgrouping with its p for interaction. */
async function subgroupsFigure(report: RegistryReport): Promise<ReportFigure> {
  const { comparator, exposure } = report.groups;
  const subgroups = report.subgroups;
  const rows = subgroups.flatMap((s) => s.levels.flatMap((l) => forestRow(s.label, l.label, l.estimate)));
  const interactionPValues: Record<string, number> = {};
  for (const s of subgroups)
    if (s.interaction.pValue !== null) interactionPValues[s.label] = s.interaction.pValue;
  const caption =
    'Figure 4. Adjusted odds ratios for in-hospital mortality by subgroup, with p for interaction';
  const description = `Forest plot of ${rows.length} subgroup odds ratios in ${subgroups.length} subgroupings, each with its interaction p-value.`;
  if (rows.length === 0)
    return notEstimable('subgroups', caption, 'No subgroup odds ratio could be estimated.');
  return {
    id: 'subgroups',
    caption,
    description,
    svg: await forestPlotSvg({
      title: 'Subgroups: in-hospital mortality',
      description,
      rows,
      interactionPValues,
      xLabel: 'Adjusted odds ratio (95% CI)',
      labelHeading: 'Subgroup',
      estimateHeading: 'aOR (95% CI)',
      favours: [exposure.label, comparator.label],
    }),
  };
}

/** Quarterly trends: runs per quarter, and the rates of the first outcomes (mortality). */
async function trendsFigure(report: RegistryReport): Promise<ReportFigure> {
  const trends = report.quarterlyTrends;
  const labels = outcomeLabels(report);
  const ids = (trends[0]?.outcomes ?? []).slice(0, TREND_SERIES).map((o) => o.id);
  const caption = 'Quarterly trends. Runs per quarter and mortality';
  const description = `Runs per quarter from ${trends[0]?.quarter ?? '–'} to ${trends.at(-1)?.quarter ?? '–'}, and the quarterly rate of ${ids.map((id) => labels.get(id) ?? id).join(' and ')}; suppressed values are left out.`;
  if (trends.length === 0) return notEstimable('trends', caption, 'No quarter has runs in the cohort.');
  return {
    id: 'trends',
    caption,
    description,
    svg: await trendsSvg({
      title: 'Quarterly trends',
      description,
      quarters: trends.map((q) => q.quarter),
      volume: trends.map((q) => q.volume),
      series: ids.map((id) => ({
        label: labels.get(id) ?? id,
        values: trends.map((q) => q.outcomes.find((o) => o.id === id)?.ratePercent ?? null),
      })),
    }),
  };
}

/** A benchmark row the funnel plot can draw: its O/E is shown. */
type ShownBenchmarkRow = PublishedBenchmarkRow & { observedToExpected: number };

/**
 * The center funnel plot for one audience: anonymous grey points, and in a center's private report its own
 * point highlighted and labelled.
 * @param funnel the centers of the funnel plot; their ids never reach the SVG.
 */
export async function funnelFigure(report: RegistryReport, funnel: FunnelView): Promise<ReportFigure> {
  const b = report.centerBenchmark;
  const caption =
    'Center benchmark. Risk-adjusted mortality (O/E) against expected deaths, with 95% and 99.8% control limits';
  if (!b.estimable) return notEstimable('funnel', caption, b.reason);
  // Ordered by position, not by id: the drawing order of anonymous points must not follow the centers' ids.
  const shown = funnel.centers
    .filter((c): c is ShownBenchmarkRow => c.observedToExpected !== null)
    .sort((x, y) => x.expectedDeaths - y.expectedDeaths || x.observedToExpected - y.observedToExpected);
  if (shown.length === 0) {
    return notEstimable(
      'funnel',
      caption,
      'No center has an observed/expected ratio to show: every center’s counts are suppressed or empty.',
    );
  }
  const limits = b.funnel.map((l) => ({
    volume: l.expected,
    lower95: l.limits['0.95']![0],
    upper95: l.limits['0.95']![1],
    lower998: l.limits['0.998']![0],
    upper998: l.limits['0.998']![1],
  }));
  // An anonymous point has no id: compare only with a reader's center, never undefined with undefined.
  const isOwn = (c: PublishedBenchmarkRow) =>
    funnel.highlightCenterId !== undefined && c.centerId === funnel.highlightCenterId;
  const own = shown.find(isOwn);
  const description =
    `Funnel plot of ${shown.length} centers' observed/expected mortality against expected deaths over ${b.quarters[0]} to ${b.quarters.at(-1)}; centers are anonymous grey points.` +
    (funnel.highlightCenterId === undefined
      ? ''
      : own
        ? ` Your center is the large vermilion diamond labelled “Your center”, O/E ${own.observedToExpected.toFixed(2)}.`
        : ' Your center is not drawn: its counts are suppressed or it had no runs in the window.');
  return {
    id: 'funnel',
    caption,
    description,
    svg: await funnelPlotSvg({
      title: 'Risk-adjusted mortality by center',
      description,
      xLabel: 'Expected deaths',
      // Anonymous ids: the funnel function never draws them, but they need not be real ones either.
      points: shown.map((c, i) => ({
        id: `p${i}`,
        volume: c.expectedDeaths,
        ratio: c.observedToExpected,
        ...(isOwn(c) ? { highlight: true } : {}),
      })),
      limits,
      highlightLabel: 'Your center',
    }),
  };
}

/** At most this many fields in the completeness heat map: the least complete across the registry. */
const COMPLETENESS_FIELDS = 24;

/**
 * The completeness heat map for one audience: the committee sees every center with data (by id); a center sees
 * its own row beside the registry's median center. The fields are the same for both: those incomplete somewhere,
 * least complete (by the median over centers) first, at most {@link COMPLETENESS_FIELDS}.
 * @param report the full model (every center's row). @param centerId the reader's center, if a private report.
 */
export async function completenessFigure(report: RegistryReport, centerId?: string): Promise<ReportFigure> {
  const caption = 'Data completeness: share of each center’s runs that record each optional field';
  const withData = report.dataQuality.filter(
    (d): d is DataQualityRow & { completeness: CenterCompleteness } => d.completeness !== null,
  );
  if (withData.length === 0)
    return notEstimable('completeness', caption, 'No center has data in this report yet.');
  const byField = new Map<string, number[]>();
  for (const d of withData) {
    for (const f of d.completeness.fields) {
      const values = byField.get(f.column);
      if (values) values.push(f.completeness);
      else byField.set(f.column, [f.completeness]);
    }
  }
  const fields = [...byField.entries()]
    .filter(([, values]) => values.some((v) => v < 1))
    .map(([column, values]) => ({ column, median: median(values) }))
    .sort((a, b) => a.median - b.median || a.column.localeCompare(b.column))
    .slice(0, COMPLETENESS_FIELDS)
    .map((f) => f.column);
  if (fields.length === 0) {
    return notEstimable('completeness', caption, 'Every optional field is complete at every center.');
  }
  const valuesOf = (d: (typeof withData)[number]) =>
    fields.map((column) => d.completeness.fields.find((f) => f.column === column)?.completeness ?? null);
  let rows: string[];
  let values: (number | null)[][];
  if (centerId === undefined) {
    rows = withData.map((d) => d.centerId);
    values = withData.map(valuesOf);
  } else {
    const own = withData.find((d) => d.centerId === centerId);
    rows = [...(own ? [`${centerId} (your center)`] : []), 'Registry median'];
    values = [...(own ? [valuesOf(own)] : []), fields.map((column) => median(byField.get(column)!))];
  }
  const description =
    `Heat map of the completeness of the ${fields.length} least complete optional fields ` +
    (centerId === undefined
      ? `at each of ${rows.length} centers`
      : `at your center beside the registry's median over ${withData.length} centers`) +
    `; darker blue is more complete, the lightest blue is empty. Fields complete everywhere are left out. Least complete: ${fields.slice(0, 3).join(', ')}.`;
  return {
    id: 'completeness',
    caption,
    description,
    svg: await completenessHeatmapSvg({ title: 'Completeness by field', description, rows, fields, values }),
  };
}
