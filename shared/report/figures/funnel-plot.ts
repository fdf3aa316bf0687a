/**
 * Funnel plot of risk-adjusted observed/expected (O/E) mortality against center volume, with 95% and 99.8%
 * control limits around the target (the registry benchmark, STUDY.md). Centers are anonymous dots: no center
 * id reaches the SVG, and a point is labelled only when the caller gives it a label. A center's private report
 * highlights its own point.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FigureInputError } from './figure-input-error.js';
import { renderVegaLiteSvgWithData, type RenderOptions } from './render-vega-lite.js';
import { CONTEXT_GREY, REFERENCE_GREY, SERIES_COLORS, vegaLiteTheme } from './theme.js';

export interface FunnelPoint {
  /** Used only to check for duplicates; never drawn or written into the SVG. */
  id: string;
  /** Drawn next to the point when given. */
  label?: string;
  volume: number;
  ratio: number;
  highlight?: boolean;
}

/** The control limits at one volume; the lines join these in order of volume. */
export interface FunnelLimit {
  volume: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

export interface FunnelPlotInput {
  title: string;
  description: string;
  points: readonly FunnelPoint[];
  limits: readonly FunnelLimit[];
  target?: number;
  xLabel?: string;
  yLabel?: string;
  /** Label of a highlighted point that has none of its own. */
  highlightLabel?: string;
}

const WIDTH = 520;
const HEIGHT = 320;
const LIMIT_95 = '95% control limits';
const LIMIT_998 = '99.8% control limits';
/** The highlighted center: Okabe–Ito vermilion, far from the grey of the anonymous points in colour and grey. */
const HIGHLIGHT_COLOR = SERIES_COLORS[2]!;
/** The named data source of the points: the one part of the spec that changes from one center's plot to another. */
const DOTS = 'dots';

function checkFinite(value: number, what: string): void {
  if (!Number.isFinite(value))
    throw new FigureInputError('funnelPlotSvg', `${what} is ${value}, not a number`);
}

/**
 * Draws the funnel plot: grey dots per center, dashed 95% and dotted 99.8% limits, a solid target line, and the
 * highlighted center as a large vermilion diamond with a black outline, drawn over the others, and its label.
 * The points are the spec's named data, so plots that differ only in which point is highlighted (one per center)
 * share one compiled spec.
 * @throws {FigureInputError} on a duplicate center id, a negative volume or ratio, a non-finite value, or
 *   limits that are not ordered lower99.8 ≤ lower95 ≤ upper95 ≤ upper99.8.
 * @example await funnelPlotSvg({ title: 'O/E mortality', description: '…', points: [{ id: 'c1', volume: 40,
 *   ratio: 1.1 }], limits: [{ volume: 10, lower95: 0.4, upper95: 1.7, lower998: 0.2, upper998: 2.1 }] })
 */
export async function funnelPlotSvg(input: FunnelPlotInput, options: RenderOptions = {}): Promise<string> {
  const target = input.target ?? 1;
  checkFinite(target, 'target');
  const seen = new Set<string>();
  input.points.forEach((p, i) => {
    if (seen.has(p.id))
      throw new FigureInputError('funnelPlotSvg', `point ${i + 1}: center id appears twice`);
    seen.add(p.id);
    checkFinite(p.volume, `point ${i + 1} volume`);
    checkFinite(p.ratio, `point ${i + 1} ratio`);
    if (p.volume < 0 || p.ratio < 0) {
      throw new FigureInputError('funnelPlotSvg', `point ${i + 1}: volume and ratio must not be negative`);
    }
  });
  input.limits.forEach((l, i) => {
    for (const key of ['volume', 'lower95', 'upper95', 'lower998', 'upper998'] as const) {
      checkFinite(l[key], `limit ${i + 1} ${key}`);
    }
    if (!(l.lower998 <= l.lower95 && l.lower95 <= l.upper95 && l.upper95 <= l.upper998)) {
      throw new FigureInputError(
        'funnelPlotSvg',
        `limit ${i + 1} (volume ${l.volume}): expected lower99.8 ≤ lower95 ≤ upper95 ≤ upper99.8`,
      );
    }
  });
  // Only what is drawn goes into the spec: never the center id.
  const dots = input.points.map((p) => ({
    volume: p.volume,
    ratio: p.ratio,
    highlight: p.highlight === true,
    label: p.label ?? (p.highlight ? (input.highlightLabel ?? 'This center') : null),
  }));
  const limits = [...input.limits]
    .sort((a, b) => a.volume - b.volume)
    .flatMap((l) => [
      { volume: l.volume, value: l.lower95, limit: LIMIT_95, line: '95 lower' },
      { volume: l.volume, value: l.upper95, limit: LIMIT_95, line: '95 upper' },
      { volume: l.volume, value: l.lower998, limit: LIMIT_998, line: '99.8 lower' },
      { volume: l.volume, value: l.upper998, limit: LIMIT_998, line: '99.8 upper' },
    ]);
  // Cap the y axis so a tiny center's huge upper limit does not flatten everyone else.
  const maxDot = Math.max(target, ...dots.map((d) => d.ratio));
  const yMax = Math.max(maxDot * 1.1, target * 2);
  const x = {
    field: 'volume',
    type: 'quantitative' as const,
    title: input.xLabel ?? 'Runs in the last four quarters',
    scale: { zero: true, nice: true },
    axis: { tickCount: 8 },
  };
  const y = {
    field: 'ratio',
    type: 'quantitative' as const,
    title: input.yLabel ?? 'Observed / expected mortality',
    scale: { domain: [0, yMax], nice: true },
  };

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    width: WIDTH,
    height: HEIGHT,
    layer: [
      {
        name: 'limit',
        data: { values: limits },
        mark: { type: 'line', clip: true, strokeWidth: 1.5, color: REFERENCE_GREY },
        encoding: {
          x,
          y: { ...y, field: 'value' },
          detail: { field: 'line' },
          strokeDash: {
            field: 'limit',
            type: 'nominal',
            scale: {
              domain: [LIMIT_95, LIMIT_998],
              range: [
                [6, 3],
                [2, 2],
              ],
            },
            legend: { title: null, orient: 'top', symbolType: 'stroke', symbolStrokeColor: REFERENCE_GREY },
          },
        },
      },
      {
        data: { values: [{ target }] },
        mark: { type: 'rule', color: '#000', strokeWidth: 1 },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
      {
        data: { name: DOTS },
        layer: [
          {
            name: 'center',
            transform: [{ filter: '!datum.highlight' }],
            mark: {
              type: 'point',
              shape: 'circle',
              filled: true,
              size: 36,
              color: CONTEXT_GREY,
              opacity: 0.9,
            },
            encoding: { x, y },
          },
          {
            name: 'highlight',
            transform: [{ filter: 'datum.highlight' }],
            mark: {
              type: 'point',
              shape: 'diamond',
              filled: true,
              size: 220,
              color: HIGHLIGHT_COLOR,
              stroke: '#000',
              strokeWidth: 1.5,
              opacity: 1,
            },
            encoding: { x, y },
          },
          {
            name: 'label',
            transform: [{ filter: 'isValid(datum.label)' }],
            mark: {
              type: 'text',
              align: 'left',
              baseline: 'middle',
              dx: 11,
              fontWeight: 'bold',
              fontSize: 12,
            },
            encoding: {
              x,
              y,
              text: { field: 'label' },
              color: {
                condition: { test: 'datum.highlight', value: HIGHLIGHT_COLOR },
                value: '#000',
              },
            },
          },
        ],
      },
    ],
  };
  return renderVegaLiteSvgWithData(
    spec,
    { [DOTS]: dots },
    { title: input.title, description: input.description },
    options,
  );
}
