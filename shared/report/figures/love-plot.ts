/**
 * Love plot of covariate balance (the matched cohort of Table 3): the absolute standardized mean difference of
 * every covariate before and after propensity matching, one row per covariate, with a dashed line at the
 * balance threshold (|SMD| = 0.1, Austin 2009). Before and after differ in shape and fill as well as colour, so
 * the plot survives black-and-white printing.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FigureInputError } from './figure-input-error.js';
import { renderVegaLiteSvg, type RenderOptions } from './render-vega-lite.js';
import { CONTEXT_GREY, REFERENCE_GREY, seriesStyle, vegaLiteTheme } from './theme.js';

/** One covariate's balance. */
export interface LovePlotRow {
  label: string;
  smdBefore: number;
  smdAfter: number;
}

export interface LovePlotInput {
  title: string;
  description: string;
  rows: readonly LovePlotRow[];
  /** |SMD| below which a covariate counts as balanced; 0.1 by default. */
  threshold?: number;
  /** Legend names of the two series; "Before matching" and "After matching" by default. */
  seriesLabels?: readonly [string, string];
}

const ROW_STEP = 18;
const PLOT_WIDTH = 280;
const LABEL_LIMIT = 290;

/**
 * Draws the Love plot: rows in the order given (put the most imbalanced first), |SMD| on the x axis from 0.
 * @throws {FigureInputError} on no rows or a non-finite SMD.
 * @example await lovePlotSvg({ title: 'Balance', description: '…', rows: [
 *   { label: 'Age', smdBefore: 0.21, smdAfter: 0.03 }] })
 */
export async function lovePlotSvg(input: LovePlotInput, options: RenderOptions = {}): Promise<string> {
  if (input.rows.length === 0) throw new FigureInputError('lovePlotSvg', 'no covariates to draw');
  input.rows.forEach((row, i) => {
    for (const key of ['smdBefore', 'smdAfter'] as const) {
      if (!Number.isFinite(row[key])) {
        throw new FigureInputError(
          'lovePlotSvg',
          `row ${i + 1} ("${row.label}"): ${key} is ${row[key]}, expected a finite number`,
        );
      }
    }
  });
  const threshold = input.threshold ?? 0.1;
  const [beforeLabel, afterLabel] = input.seriesLabels ?? ['Before matching', 'After matching'];
  // Row keys are indices, so two covariates with the same label still get two rows.
  const labels = input.rows.map((r) => r.label);
  const points = input.rows.flatMap((r, i) => [
    { row: i, series: beforeLabel, smd: Math.abs(r.smdBefore) },
    { row: i, series: afterLabel, smd: Math.abs(r.smdAfter) },
  ]);
  const segments = input.rows.map((r, i) => ({
    row: i,
    from: Math.abs(r.smdBefore),
    to: Math.abs(r.smdAfter),
  }));
  const xMax = Math.max(threshold * 1.5, ...points.map((p) => p.smd)) * 1.05;
  const before = seriesStyle(0);
  const after = seriesStyle(1);
  const y = {
    field: 'row',
    type: 'ordinal' as const,
    scale: { domain: labels.map((_, i) => i), padding: 0.5 },
    axis: {
      title: null,
      labelExpr: `${JSON.stringify(labels)}[datum.value]`,
      labelLimit: LABEL_LIMIT,
      ticks: false,
      domain: false,
      grid: true,
    },
  };
  const x = {
    type: 'quantitative' as const,
    scale: { domain: [0, xMax], nice: false },
    axis: { title: 'Absolute standardized mean difference', format: '.2~f', tickCount: 6 },
  };

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    width: PLOT_WIDTH,
    height: input.rows.length * ROW_STEP,
    layer: [
      {
        name: 'threshold',
        data: { values: [{ threshold }] },
        mark: { type: 'rule', strokeDash: [4, 3], color: REFERENCE_GREY },
        encoding: { x: { field: 'threshold', ...x } },
      },
      {
        name: 'shift',
        data: { values: segments },
        mark: { type: 'rule', color: CONTEXT_GREY },
        encoding: { y, x: { field: 'from', ...x }, x2: { field: 'to' } },
      },
      {
        name: 'smd',
        data: { values: points },
        mark: { type: 'point', size: 50, opacity: 1, strokeWidth: 1.5 },
        encoding: {
          y,
          x: { field: 'smd', ...x },
          color: {
            field: 'series',
            type: 'nominal',
            scale: { domain: [beforeLabel, afterLabel], range: [before.color, after.color] },
            legend: { title: null, orient: 'top' },
          },
          shape: {
            field: 'series',
            type: 'nominal',
            scale: { domain: [beforeLabel, afterLabel], range: ['circle', 'triangle-up'] },
            legend: { title: null, orient: 'top' },
          },
          fill: {
            field: 'series',
            type: 'nominal',
            scale: { domain: [beforeLabel, afterLabel], range: ['white', after.color] },
            legend: { title: null, orient: 'top' },
          },
        },
      },
    ],
  };
  return renderVegaLiteSvg(spec, { title: input.title, description: input.description }, options);
}
