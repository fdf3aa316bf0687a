/**
 * Kaplan–Meier survival curves (Fig. 3): step functions per group with optional pointwise confidence bands, and
 * the numbers at risk printed as a table under the time axis, aligned with it. A suppressed number at risk
 * (`n: null`, small-cell suppression) prints as "hidden", as every suppressed count in the report does.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SurvivalPoint } from '../analyses/survival-curves.js';
import { FigureInputError } from './figure-input-error.js';
import { renderVegaLiteSvg, type RenderOptions } from './render-vega-lite.js';
import { seriesStyle, vegaLiteTheme } from './theme.js';

/** The number at risk at a time; null when it was suppressed as a small count. */
export interface AtRisk {
  time: number;
  n: number | null;
}

export interface SurvivalCurve {
  label: string;
  points: readonly SurvivalPoint[];
  atRisk: readonly AtRisk[];
}

export interface KaplanMeierInput {
  title: string;
  description: string;
  curves: readonly SurvivalCurve[];
  xLabel: string;
  /** The time axis ends here; later steps are cut off (the curve is carried to maxTime). */
  maxTime: number;
  yLabel?: string;
  /** Time axis tick values; by default about six round values. */
  timeTicks?: readonly number[];
}

const PLOT_WIDTH = 500;
const PLOT_HEIGHT = 260;
const RISK_ROW = 16;

interface StepDatum {
  curve: string;
  time: number;
  survival: number;
  lower: number | null;
  upper: number | null;
}

/** Checks a curve's points and returns them as drawn: sorted, starting at (0, 1) and cut at maxTime. */
function curveSteps(curve: SurvivalCurve, maxTime: number): StepDatum[] {
  if (curve.points.length === 0) {
    throw new FigureInputError('kaplanMeierSvg', `curve "${curve.label}" has no points`);
  }
  const sorted = [...curve.points].sort((a, b) => a.time - b.time);
  sorted.forEach((p, i) => {
    const where = `curve "${curve.label}", point ${i + 1} (time ${p.time})`;
    if (!Number.isFinite(p.time) || p.time < 0) {
      throw new FigureInputError('kaplanMeierSvg', `${where}: time must be a finite number ≥ 0`);
    }
    for (const key of ['survival', 'lower', 'upper'] as const) {
      const v = p[key];
      if (v !== null && !(v >= 0 && v <= 1)) {
        throw new FigureInputError('kaplanMeierSvg', `${where}: ${key} ${v} is not a probability in [0, 1]`);
      }
    }
    if ((p.lower !== null && p.lower > p.survival) || (p.upper !== null && p.upper < p.survival)) {
      throw new FigureInputError(
        'kaplanMeierSvg',
        `${where}: the band does not contain the survival estimate`,
      );
    }
  });
  const toDatum = (p: SurvivalPoint, time = p.time): StepDatum => ({
    curve: curve.label,
    time,
    survival: p.survival,
    lower: p.lower,
    upper: p.upper,
  });
  const inside = sorted.filter((p) => p.time <= maxTime).map((p) => toDatum(p));
  if (inside.length === 0 || inside[0]!.time > 0) {
    inside.unshift({ curve: curve.label, time: 0, survival: 1, lower: 1, upper: 1 });
  }
  const last = inside[inside.length - 1]!;
  if (last.time < maxTime && sorted.some((p) => p.time > maxTime)) {
    // The curve goes on past the axis: carry the last step to the edge instead of stopping short.
    inside.push({ ...last, time: maxTime });
  }
  return inside;
}

/** Round tick values from 0 to maxTime: steps of 1, 2, 5 × 10^k giving 4 to 8 ticks. */
export function timeTicks(maxTime: number): number[] {
  const raw = maxTime / 6;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => maxTime / s <= 8) ?? raw;
  const ticks: number[] = [];
  for (let t = 0; t <= maxTime + 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * Draws Kaplan–Meier curves with a numbers-at-risk table. Each curve has its own colour, dash pattern and
 * legend entry; confidence bands are drawn lightly in the curve's colour when the points carry them.
 * @throws {FigureInputError} on no curves, duplicate labels, a curve without points, a probability outside
 *   [0, 1], or a maxTime that is not positive.
 * @example await kaplanMeierSvg({ title: '30-day survival', description: '…', xLabel: 'Days', maxTime: 30,
 *   curves: [{ label: 'ECMO only', points: [{ time: 0, survival: 1 }, { time: 3, survival: 0.7 }],
 *              atRisk: [{ time: 0, n: 4660 }, { time: 30, n: null }] }] })
 */
export async function kaplanMeierSvg(input: KaplanMeierInput, options: RenderOptions = {}): Promise<string> {
  const { curves, maxTime } = input;
  if (curves.length === 0) throw new FigureInputError('kaplanMeierSvg', 'no curves to draw');
  if (!(maxTime > 0 && Number.isFinite(maxTime))) {
    throw new FigureInputError('kaplanMeierSvg', `maxTime ${maxTime} must be a positive number`);
  }
  const labels = curves.map((c) => c.label);
  if (new Set(labels).size !== labels.length) {
    throw new FigureInputError('kaplanMeierSvg', 'curve labels must be unique: they name the legend entries');
  }
  const steps = curves.flatMap((c) => curveSteps(c, maxTime));
  const atRisk = curves.flatMap((c) =>
    c.atRisk
      .filter((a) => a.time >= 0 && a.time <= maxTime)
      .map((a) => {
        if (a.n !== null && !(Number.isInteger(a.n) && a.n >= 0)) {
          throw new FigureInputError(
            'kaplanMeierSvg',
            `curve "${c.label}": number at risk ${a.n} is not a count`,
          );
        }
        return { curve: c.label, time: a.time, text: a.n === null ? 'hidden' : String(a.n) };
      }),
  );
  const styles = curves.map((_, i) => seriesStyle(i));
  const color = { domain: labels, range: styles.map((s) => s.color) };
  const dash = { domain: labels, range: styles.map((s) => s.dash) };
  const ticks = input.timeTicks ? [...input.timeTicks] : timeTicks(maxTime);
  const x = {
    field: 'time',
    type: 'quantitative' as const,
    scale: { domain: [0, maxTime], nice: false },
  };
  const hasBand = steps.some((s) => s.lower !== null && s.upper !== null && s.time > 0);

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    bounds: 'flush',
    spacing: 44,
    vconcat: [
      {
        width: PLOT_WIDTH,
        height: PLOT_HEIGHT,
        data: { values: steps },
        layer: [
          ...(hasBand
            ? [
                {
                  mark: { type: 'area' as const, interpolate: 'step-after' as const, fillOpacity: 0.15 },
                  encoding: {
                    x,
                    y: { field: 'lower', type: 'quantitative' as const },
                    y2: { field: 'upper' },
                    color: { field: 'curve', type: 'nominal' as const, scale: color },
                    detail: { field: 'curve' },
                  },
                },
              ]
            : []),
          {
            name: 'curve',
            mark: { type: 'line', interpolate: 'step-after', strokeWidth: 2 },
            encoding: {
              x: { ...x, title: input.xLabel, axis: { values: ticks, grid: false, format: '~g' } },
              y: {
                field: 'survival',
                type: 'quantitative',
                title: input.yLabel ?? 'Survival probability',
                scale: { domain: [0, 1] },
                axis: { format: '.0%', tickCount: 5 },
              },
              color: {
                field: 'curve',
                type: 'nominal',
                scale: color,
                legend: { title: null, orient: 'top-right', symbolType: 'stroke', symbolSize: 400 },
              },
              strokeDash: {
                field: 'curve',
                type: 'nominal',
                scale: dash,
                legend: { title: null, orient: 'top-right', symbolType: 'stroke', symbolSize: 400 },
              },
            },
          },
        ],
      },
      {
        width: PLOT_WIDTH,
        height: curves.length * RISK_ROW,
        title: { text: 'Number at risk', fontSize: 11, fontWeight: 'bold', anchor: 'start', offset: 6 },
        name: 'at_risk',
        data: { values: atRisk },
        mark: { type: 'text', baseline: 'middle', align: 'center' },
        encoding: {
          x: { ...x, axis: null },
          y: {
            field: 'curve',
            type: 'ordinal',
            scale: { domain: labels },
            axis: { title: null, domain: false, ticks: false, labelPadding: 24, labelLimit: 140 },
          },
          text: { field: 'text' },
          color: { field: 'curve', type: 'nominal', scale: color, legend: null },
        },
      },
    ],
    resolve: { scale: { color: 'independent', strokeDash: 'independent', x: 'independent' } },
  };
  return renderVegaLiteSvg(spec, { title: input.title, description: input.description }, options);
}
