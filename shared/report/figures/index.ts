/**
 * The report figure library: pure functions from plain typed data to accessible, self-contained SVG strings.
 */
export { forestPlotSvg, type ForestPlotInput, type ForestPlotRow } from './forest-plot.js';
export {
  kaplanMeierSvg,
  timeTicks,
  type AtRisk,
  type KaplanMeierInput,
  type SurvivalCurve,
  type SurvivalPoint,
} from './kaplan-meier.js';
export { funnelPlotSvg, type FunnelLimit, type FunnelPlotInput, type FunnelPoint } from './funnel-plot.js';
export { lovePlotSvg, type LovePlotInput, type LovePlotRow } from './love-plot.js';
export { trendsSvg, type TrendSeries, type TrendsInput } from './trends-plot.js';
export { completenessHeatmapSvg, type CompletenessHeatmapInput } from './completeness-heatmap.js';
export {
  flowchartSvg,
  formatSuppressedCount,
  wrapText,
  type FlowchartInput,
  type FlowchartStep,
} from './flowchart.js';
export { FigureInputError } from './figure-input-error.js';
export { renderVegaLiteSvg, renderVegaSvg, type FigureText, type RenderOptions } from './render-vega-lite.js';
export { MAX_FIGURE_WIDTH } from './theme.js';
