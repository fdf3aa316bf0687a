/**
 * Data completeness as a heat map (the data-quality dashboard): one row per center, one column per field, each
 * cell shaded by the share of the center's runs that record the field, from dark blue (complete) to the lightest
 * blue (empty), so a center's gaps and a field that every center leaves blank both stand out. The exact values
 * are in report.json and the dashboard table; the figure's description names the least complete fields.
 */
import type { TopLevelSpec } from 'vega-lite';
import { FigureInputError } from './figure-input-error.js';
import { renderVegaLiteSvg, type RenderOptions } from './render-vega-lite.js';
import { MAX_FIGURE_WIDTH, vegaLiteTheme } from './theme.js';

export interface CompletenessHeatmapInput {
  title: string;
  description: string;
  /** Row labels, top to bottom (center ids, or "Your center" and "Registry median"). */
  rows: readonly string[];
  /** Column labels, left to right (field names). */
  fields: readonly string[];
  /** `values[r][f]`: completeness of field f in row r, 0–1; null where the row has no data. */
  values: readonly (readonly (number | null)[])[];
}

const CELL_HEIGHT = 9;
const MIN_HEIGHT = 60;

/**
 * Draws the completeness heat map.
 * @throws {FigureInputError} on no rows or fields, duplicate labels, a row whose length differs from the fields',
 *   or a value outside 0–1.
 * @example await completenessHeatmapSvg({ title: 'Completeness', description: '…', rows: ['C001'],
 *   fields: ['pre_ph', 'pre_paco2_mmhg'], values: [[0.62, 0.6]] })
 */
export async function completenessHeatmapSvg(
  input: CompletenessHeatmapInput,
  options: RenderOptions = {},
): Promise<string> {
  const { rows, fields } = input;
  if (rows.length === 0 || fields.length === 0) {
    throw new FigureInputError('completenessHeatmapSvg', 'no rows or no fields to draw');
  }
  if (new Set(rows).size !== rows.length || new Set(fields).size !== fields.length) {
    throw new FigureInputError('completenessHeatmapSvg', 'row and field labels must be unique');
  }
  if (input.values.length !== rows.length) {
    throw new FigureInputError(
      'completenessHeatmapSvg',
      `${input.values.length} value rows for ${rows.length} rows`,
    );
  }
  const cells = input.values.flatMap((line, r) => {
    if (line.length !== fields.length) {
      throw new FigureInputError(
        'completenessHeatmapSvg',
        `row ${rows[r]} has ${line.length} values for ${fields.length} fields`,
      );
    }
    return line.map((v, f) => {
      if (v !== null && !(v >= 0 && v <= 1)) {
        throw new FigureInputError(
          'completenessHeatmapSvg',
          `row ${rows[r]}, ${fields[f]}: ${v} is not in 0–1`,
        );
      }
      return { row: rows[r]!, field: fields[f]!, percent: v === null ? null : Math.round(1000 * v) / 10 };
    });
  });
  const y = {
    field: 'row',
    type: 'ordinal' as const,
    scale: { domain: [...rows] },
    axis: { title: null, labelFontSize: rows.length > 40 ? 7 : 10 },
  };
  const x = {
    field: 'field',
    type: 'ordinal' as const,
    scale: { domain: [...fields] },
    axis: { title: null, labelAngle: -60, labelFontSize: 9 },
  };
  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    width: Math.min(MAX_FIGURE_WIDTH - 160, Math.max(200, fields.length * 14)),
    height: Math.max(MIN_HEIGHT, rows.length * CELL_HEIGHT),
    data: { values: cells },
    layer: [
      {
        name: 'cell',
        transform: [{ filter: 'isValid(datum.percent)' }],
        mark: { type: 'rect', stroke: '#ffffff', strokeWidth: 0.5 },
        encoding: {
          x,
          y,
          color: {
            field: 'percent',
            type: 'quantitative',
            title: 'Complete (%)',
            scale: { domain: [0, 100], scheme: 'blues' },
            legend: { orient: 'right', gradientLength: 120 },
          },
        },
      },
    ],
  };
  return renderVegaLiteSvg(spec, { title: input.title, description: input.description }, options);
}
