/**
 * Quarterly trends (STUDY.md, "Beyond the paper"): the cohort's volume per quarter as bars, and outcome rates
 * per quarter as lines, one panel above the other on a shared quarter axis. A suppressed volume (small-cell
 * rule or as a complement) is drawn as no bar with "hidden" printed in its place; a suppressed rate is a gap in its line, never an
 * interpolated value.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SuppressedCell } from '../small-cell-suppression.js';
import { formatSuppressedCount } from './flowchart.js';
import { FigureInputError } from './figure-input-error.js';
import { renderVegaLiteSvg, type RenderOptions } from './render-vega-lite.js';
import { CONTEXT_GREY, seriesStyle, vegaLiteTheme } from './theme.js';

/** One rate series: a value per quarter (in the order of `quarters`), null where it is hidden. */
export interface TrendSeries {
  label: string;
  values: readonly (number | null)[];
}

export interface TrendsInput {
  title: string;
  description: string;
  /** Quarter labels, oldest first, e.g. "2023-Q1". */
  quarters: readonly string[];
  /** Runs per quarter. */
  volume: readonly SuppressedCell[];
  series: readonly TrendSeries[];
  /** Y-axis title of the rate panel. */
  rateLabel?: string;
}

const WIDTH = 560;
const VOLUME_HEIGHT = 110;
const RATE_HEIGHT = 200;

/**
 * Draws the two-panel trends figure.
 * @throws {FigureInputError} on no quarters, a duplicate quarter or series label, a volume or series whose length
 *   differs from the quarters', or a negative or non-finite value.
 * @example await trendsSvg({ title: 'Trends', description: '…', quarters: ['2023-Q1', '2023-Q2'],
 *   volume: [{ value: 120 }, { value: null, suppressed: true }], series: [{ label: 'In-hospital mortality', values: [51.2, null] }] })
 */
export async function trendsSvg(input: TrendsInput, options: RenderOptions = {}): Promise<string> {
  const { quarters } = input;
  if (quarters.length === 0) throw new FigureInputError('trendsSvg', 'no quarters to draw');
  if (new Set(quarters).size !== quarters.length) {
    throw new FigureInputError('trendsSvg', 'quarter labels must be unique');
  }
  const labels = input.series.map((s) => s.label);
  if (new Set(labels).size !== labels.length) {
    throw new FigureInputError('trendsSvg', 'series labels must be unique: they name the legend entries');
  }
  const check = (values: readonly (number | null)[], what: string): void => {
    if (values.length !== quarters.length) {
      throw new FigureInputError(
        'trendsSvg',
        `${what} has ${values.length} values for ${quarters.length} quarters`,
      );
    }
    values.forEach((v, i) => {
      if (v !== null && !(Number.isFinite(v) && v >= 0)) {
        throw new FigureInputError('trendsSvg', `${what}, ${quarters[i]}: ${v} is not a non-negative number`);
      }
    });
  };
  check(
    input.volume.map((v) => v.value),
    'volume',
  );
  input.series.forEach((s) => check(s.values, `series "${s.label}"`));

  const volume = quarters.map((quarter, i) => ({
    quarter,
    n: input.volume[i]!.value,
    text: input.volume[i]!.value === null ? formatSuppressedCount(input.volume[i]!) : '',
  }));
  const rates = input.series.flatMap((s) =>
    quarters.map((quarter, i) => ({ quarter, series: s.label, rate: s.values[i] ?? null })),
  );
  const styles = input.series.map((_, i) => seriesStyle(i));
  const scaleOf = <T>(range: T[]) => ({ domain: labels, range });
  const x = {
    field: 'quarter',
    type: 'ordinal' as const,
    scale: { domain: [...quarters] },
    axis: { title: null, labelAngle: quarters.length > 8 ? -45 : 0 },
  };
  const legend = { title: null, orient: 'bottom' as const, columns: 2, symbolType: 'stroke' };

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    bounds: 'flush',
    spacing: 16,
    vconcat: [
      {
        width: WIDTH,
        height: VOLUME_HEIGHT,
        data: { values: volume },
        layer: [
          {
            name: 'volume',
            transform: [{ filter: 'isValid(datum.n)' }],
            mark: { type: 'bar', color: CONTEXT_GREY },
            encoding: {
              x: { ...x, axis: { ...x.axis, labels: false } },
              y: { field: 'n', type: 'quantitative', title: 'Runs', axis: { tickCount: 4 } },
            },
          },
          {
            name: 'suppressed',
            transform: [{ filter: '!isValid(datum.n)' }, { calculate: '0', as: 'zero' }],
            mark: { type: 'text', align: 'left', baseline: 'middle', angle: 270, dy: 0, dx: 2, fontSize: 10 },
            encoding: { x, y: { field: 'zero', type: 'quantitative' }, text: { field: 'text' } },
          },
        ],
      },
      {
        width: WIDTH,
        height: RATE_HEIGHT,
        data: { values: rates },
        layer: [
          {
            name: 'rate',
            // A hidden rate breaks the line: joining its neighbours would draw a value that was never published.
            mark: { type: 'line', strokeWidth: 1.75, invalid: 'break-paths-show-domains' },
            encoding: {
              x,
              y: {
                field: 'rate',
                type: 'quantitative',
                title: input.rateLabel ?? 'Runs with the outcome (%)',
              },
              color: { field: 'series', type: 'nominal', scale: scaleOf(styles.map((s) => s.color)), legend },
              strokeDash: {
                field: 'series',
                type: 'nominal',
                scale: scaleOf(styles.map((s) => s.dash)),
                legend,
              },
            },
          },
          {
            name: 'rate_point',
            transform: [{ filter: 'isValid(datum.rate)' }],
            mark: { type: 'point', filled: true, size: 30, opacity: 1 },
            encoding: {
              x,
              y: { field: 'rate', type: 'quantitative' },
              color: { field: 'series', type: 'nominal', scale: scaleOf(styles.map((s) => s.color)), legend },
              shape: { field: 'series', type: 'nominal', scale: scaleOf(styles.map((s) => s.shape)), legend },
            },
          },
        ],
      },
    ],
  };
  return renderVegaLiteSvg(spec, { title: input.title, description: input.description }, options);
}
