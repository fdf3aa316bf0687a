/**
 * The figures' shared look: one font family, sizes, and the series palette.
 *
 * Printed reports are often photocopied in black and white, so a series is never told apart by colour alone:
 * each series index has a colour (Okabe–Ito, safe for colour-vision deficiency), a dash pattern and a point shape,
 * and the three are always used together.
 */
import type { Config } from 'vega-lite';

/** A generic family only: the SVG must not reference web fonts. */
export const FIGURE_FONT = 'sans-serif';

/** Widest a figure may be by default: fits the text column of an A4 page at 96 dpi with 2 cm margins. */
export const MAX_FIGURE_WIDTH = 680;

/** Okabe–Ito colours, darkest first so that series 1 and 2 also differ in grey. */
export const SERIES_COLORS: readonly string[] = [
  '#000000',
  '#0072B2',
  '#D55E00',
  '#009E73',
  '#CC79A7',
  '#E69F00',
];

/** Dash patterns per series index (empty = solid). */
export const SERIES_DASHES: readonly (readonly number[])[] = [
  [],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [1, 3],
  [12, 4],
];

/** Point shapes per series index. */
export const SERIES_SHAPES: readonly string[] = [
  'circle',
  'triangle-up',
  'square',
  'diamond',
  'cross',
  'triangle-down',
];

/** Grey for reference lines, limits and context that must recede behind the data. */
export const REFERENCE_GREY = '#555555';

/** Light grey for secondary context (connecting lines, confidence bands). */
export const CONTEXT_GREY = '#9a9a9a';

/** Font sizes in px. */
export const FONT_SIZE = { title: 14, label: 11, axisTitle: 11, small: 10 } as const;

/** The series style of index i, cycling when there are more series than styles. */
export function seriesStyle(i: number): { color: string; dash: number[]; shape: string } {
  return {
    color: SERIES_COLORS[i % SERIES_COLORS.length]!,
    dash: [...SERIES_DASHES[i % SERIES_DASHES.length]!],
    shape: SERIES_SHAPES[i % SERIES_SHAPES.length]!,
  };
}

/**
 * The vega-lite config every figure starts from. ARIA descriptions of single marks are switched off: the SVG
 * root is one `role="img"` with a written title and description, and per-mark labels would repeat data (and,
 * in a funnel plot, could name centers that must stay anonymous).
 */
export function vegaLiteTheme(): Config {
  return {
    font: FIGURE_FONT,
    background: 'white',
    padding: 8,
    aria: false,
    view: { stroke: null },
    title: { anchor: 'start', fontSize: FONT_SIZE.title, fontWeight: 'bold', color: '#000', offset: 10 },
    axis: {
      labelFont: FIGURE_FONT,
      titleFont: FIGURE_FONT,
      labelFontSize: FONT_SIZE.label,
      titleFontSize: FONT_SIZE.axisTitle,
      titleFontWeight: 'normal',
      labelColor: '#000',
      titleColor: '#000',
      domainColor: '#000',
      tickColor: '#000',
      gridColor: '#e4e4e4',
    },
    legend: {
      labelFont: FIGURE_FONT,
      titleFont: FIGURE_FONT,
      labelFontSize: FONT_SIZE.label,
      titleFontSize: FONT_SIZE.label,
      labelColor: '#000',
      titleColor: '#000',
      symbolStrokeWidth: 2,
      labelLimit: 260,
    },
    header: { labelFont: FIGURE_FONT, titleFont: FIGURE_FONT },
    text: { font: FIGURE_FONT, fontSize: FONT_SIZE.label, color: '#000' },
  };
}
