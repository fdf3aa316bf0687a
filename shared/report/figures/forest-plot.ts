/**
 * Forest plot of estimates with confidence intervals: the adjusted odds ratios of Fig. 2 and, with `group` and
 * interaction p-values, the subgroup plot of Fig. 4. Three aligned panels: labels, intervals, and the numbers
 * printed as text (so the figure is readable in print and without hovering).
 */
import type { TopLevelSpec } from 'vega-lite';
import { FigureInputError } from './figure-input-error.js';
import { formatEstimateWithInterval, formatPValue } from './format-number.js';
import { renderVegaLiteSvg, type RenderOptions } from './render-vega-lite.js';
import { REFERENCE_GREY, vegaLiteTheme } from './theme.js';

/** One estimate of the plot. */
export interface ForestPlotRow {
  label: string;
  estimate: number;
  lower: number;
  upper: number;
  pValue?: number;
  /** Rows with the same group are drawn together under a bold group heading, in the order first seen. */
  group?: string;
}

export interface ForestPlotInput {
  title: string;
  description: string;
  rows: readonly ForestPlotRow[];
  /** Vertical line of no effect: 1 for ratios, 0 for differences. */
  referenceLine?: number;
  /** Ratios belong on a log scale, where 0.5 and 2 are equally far from 1. */
  logScale?: boolean;
  xLabel: string;
  /** Heading of the label column, e.g. "Outcome" or "Subgroup". */
  labelHeading?: string;
  /** Heading of the estimate column, e.g. "aOR (95% CI)". */
  estimateHeading?: string;
  /** Interaction p-value per group name, printed on the group's heading row (Fig. 4). */
  interactionPValues?: Readonly<Record<string, number>>;
  /** Words under the axis saying which side favours which arm, e.g. ["Favours IABP", "Favours ECMO only"]. */
  favours?: readonly [string, string];
}

interface DisplayRow {
  row: number;
  label: string;
  indent: number;
  weight: 'bold' | 'normal';
  estimate: number | null;
  lower: number | null;
  upper: number | null;
  interval: string;
  p: string;
}

const ROW_STEP = 20;
const LABEL_WIDTH = 190;
const PLOT_WIDTH = 250;
const TEXT_WIDTH = 160;
/** Ticks offered on a log axis, coarse first; the first set with enough ticks inside the domain is drawn. */
const LOG_TICK_SETS = [
  [0.01, 0.02, 0.05, 0.1, 0.2, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 10, 20, 50, 100],
  [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.2, 1.4, 1.6, 1.8, 2, 2.5, 3, 4, 5, 7, 10],
];

/** Log-axis tick values inside the domain: the coarse set, or the fine one when the coarse has fewer than 4. */
function logTicks([lo, hi]: [number, number]): number[] {
  const inside = LOG_TICK_SETS.map((set) => set.filter((t) => t >= lo && t <= hi));
  return inside[0]!.length >= 4 ? inside[0]! : inside[1]!.length >= 2 ? inside[1]! : inside[0]!;
}

/** Checks a row and says which one is wrong. */
function checkRow(row: ForestPlotRow, i: number, logScale: boolean): void {
  const where = `row ${i + 1} ("${row.label}")`;
  for (const key of ['estimate', 'lower', 'upper'] as const) {
    if (!Number.isFinite(row[key])) {
      throw new FigureInputError(
        'forestPlotSvg',
        `${where}: ${key} is ${row[key]}, expected a finite number`,
      );
    }
    if (logScale && row[key] <= 0) {
      throw new FigureInputError(
        'forestPlotSvg',
        `${where}: ${key} is ${row[key]}, but a log scale needs positive values (pass logScale: false for differences)`,
      );
    }
  }
  if (!(row.lower <= row.estimate && row.estimate <= row.upper)) {
    throw new FigureInputError(
      'forestPlotSvg',
      `${where}: the interval ${row.lower}–${row.upper} does not contain the estimate ${row.estimate}`,
    );
  }
  if (row.pValue !== undefined && !(row.pValue >= 0 && row.pValue <= 1)) {
    throw new FigureInputError('forestPlotSvg', `${where}: p-value ${row.pValue} is not in [0, 1]`);
  }
}

/** Orders rows by group (first seen first) and inserts a heading row per group. */
function displayRows(input: ForestPlotInput): DisplayRow[] {
  const out: DisplayRow[] = [
    {
      row: 0,
      label: input.labelHeading ?? '',
      indent: 0,
      weight: 'bold',
      estimate: null,
      lower: null,
      upper: null,
      interval: input.estimateHeading ?? 'Estimate (95% CI)',
      p: input.rows.some((r) => r.pValue !== undefined) ? 'p' : '',
    },
  ];
  const groups = new Map<string | undefined, ForestPlotRow[]>();
  for (const row of input.rows) {
    const members = groups.get(row.group) ?? [];
    members.push(row);
    groups.set(row.group, members);
  }
  for (const [group, members] of groups) {
    if (group !== undefined) {
      const pInteraction = input.interactionPValues?.[group];
      out.push({
        row: out.length,
        label: group,
        indent: 0,
        weight: 'bold',
        estimate: null,
        lower: null,
        upper: null,
        interval: '',
        p: pInteraction === undefined ? '' : `p for interaction ${formatPValue(pInteraction)}`,
      });
    }
    for (const r of members) {
      out.push({
        row: out.length,
        label: r.label,
        indent: group === undefined ? 0 : 12,
        weight: 'normal',
        estimate: r.estimate,
        lower: r.lower,
        upper: r.upper,
        interval: formatEstimateWithInterval(r.estimate, r.lower, r.upper),
        p: r.pValue === undefined ? '' : formatPValue(r.pValue),
      });
    }
  }
  return out;
}

/** The x domain: all intervals and the reference line, padded a little. */
function xDomain(rows: readonly ForestPlotRow[], reference: number, logScale: boolean): [number, number] {
  const lo = Math.min(reference, ...rows.map((r) => r.lower));
  const hi = Math.max(reference, ...rows.map((r) => r.upper));
  if (logScale) {
    const pad = Math.max(Math.log(hi / lo) * 0.05, 0.05);
    return [lo * Math.exp(-pad), hi * Math.exp(pad)];
  }
  const pad = Math.max((hi - lo) * 0.05, 1e-9);
  return [lo - pad, hi + pad];
}

/**
 * Draws a forest plot: one line per row with its interval and a square at the estimate, a dashed line of no
 * effect, and the estimate, interval and p-value printed to the right.
 * @throws {FigureInputError} on no rows, a non-finite value, an interval that misses its estimate, or a
 *   non-positive value on a log scale.
 * @example await forestPlotSvg({ title: 'aOR', description: '…', xLabel: 'aOR', rows: [
 *   { label: 'In-hospital mortality', estimate: 0.823, lower: 0.686, upper: 0.987, pValue: 0.036 }] })
 */
export async function forestPlotSvg(input: ForestPlotInput, options: RenderOptions = {}): Promise<string> {
  const logScale = input.logScale ?? true;
  const reference = input.referenceLine ?? (logScale ? 1 : 0);
  if (input.rows.length === 0) throw new FigureInputError('forestPlotSvg', 'no rows to draw');
  input.rows.forEach((row, i) => checkRow(row, i, logScale));
  if (logScale && !(reference > 0)) {
    throw new FigureInputError(
      'forestPlotSvg',
      `reference line ${reference} must be positive on a log scale`,
    );
  }
  const rows = displayRows(input);
  const domain = xDomain(input.rows, reference, logScale);
  const height = rows.length * ROW_STEP;
  const y = {
    field: 'row',
    type: 'ordinal',
    axis: null,
    scale: { domain: rows.map((r) => r.row), padding: 0.5 },
  } as const;
  const hasEstimate = { filter: 'isValid(datum.estimate)' };
  // Non-breaking spaces: SVG collapses ordinary runs of spaces.
  const gap = '\u00a0'.repeat(6);
  const xTitle = input.favours
    ? [input.xLabel, `← ${input.favours[0]}${gap}${input.favours[1]} →`]
    : input.xLabel;
  const isBold = { filter: "datum.weight === 'bold'" };
  const isNormal = { filter: "datum.weight !== 'bold'" };

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    data: { values: rows },
    spacing: 6,
    bounds: 'flush',
    hconcat: [
      {
        width: LABEL_WIDTH,
        height,
        layer: [isNormal, isBold].map((filter) => ({
          transform: [filter],
          mark: {
            type: 'text',
            align: 'left',
            baseline: 'middle',
            limit: LABEL_WIDTH - 4,
            fontWeight: filter === isBold ? 'bold' : 'normal',
          },
          encoding: {
            y,
            x: { field: 'indent', type: 'quantitative', scale: null },
            text: { field: 'label' },
          },
        })),
      },
      {
        width: PLOT_WIDTH,
        height,
        layer: [
          {
            name: 'reference',
            mark: { type: 'rule', strokeDash: [4, 3], color: REFERENCE_GREY },
            data: { values: [{ reference }] },
            encoding: { x: { field: 'reference', type: 'quantitative' } },
          },
          {
            name: 'interval',
            transform: [hasEstimate],
            mark: { type: 'rule', color: '#000', strokeWidth: 1.5 },
            encoding: {
              y,
              x: {
                field: 'lower',
                type: 'quantitative',
                title: xTitle,
                scale: logScale ? { type: 'log', domain, nice: false } : { domain, nice: false, zero: false },
                axis: {
                  grid: false,
                  format: '~g',
                  ...(logScale ? { values: logTicks(domain) } : { tickCount: 6 }),
                },
              },
              x2: { field: 'upper' },
            },
          },
          {
            name: 'estimate',
            transform: [hasEstimate],
            mark: { type: 'point', shape: 'square', filled: true, color: '#000', size: 50, opacity: 1 },
            encoding: { y, x: { field: 'estimate', type: 'quantitative' } },
          },
        ],
      },
      {
        width: TEXT_WIDTH,
        height,
        layer: [isNormal, isBold].flatMap((filter) => {
          const fontWeight = filter === isBold ? 'bold' : 'normal';
          return [
            {
              transform: [filter],
              mark: { type: 'text', align: 'left', baseline: 'middle', x: 0, fontWeight },
              encoding: { y, text: { field: 'interval' } },
            },
            {
              transform: [filter],
              mark: { type: 'text', align: 'right', baseline: 'middle', x: TEXT_WIDTH, fontWeight },
              encoding: { y, text: { field: 'p' } },
            },
          ];
        }),
      },
    ],
  };
  return renderVegaLiteSvg(spec, { title: input.title, description: input.description }, options);
}
