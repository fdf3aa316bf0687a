/**
 * The cohort flowchart (the paper's Fig. 1, CONSORT style): a column of boxes with the runs remaining after each
 * step, joined by arrows, and beside each arrow a box with that step's exclusions; optionally the final split into
 * groups. Drawn with vega-lite marks on pixel coordinates (`scale: null`), because a flowchart has no data axes.
 * A suppressed count prints as "hidden", whether it is small or hidden as the complement of a small one: the
 * two are printed alike on purpose (see SuppressedCell).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { SuppressedCell } from '../small-cell-suppression.js';
import { FigureInputError } from './figure-input-error.js';
import { renderVegaLiteSvg, type RenderOptions } from './render-vega-lite.js';
import { FONT_SIZE, vegaLiteTheme } from './theme.js';
import { estimateTextWidth } from './text-metrics.js';

/** One step: the first is the starting population (its `excluded` is ignored), later ones are exclusions. */
export interface FlowchartStep {
  label: string;
  /** Runs excluded at this step. */
  excluded: SuppressedCell;
  /** Runs remaining after it. */
  remaining: SuppressedCell;
}

export interface FlowchartInput {
  title: string;
  description: string;
  steps: readonly FlowchartStep[];
  /** The cohort's split into groups, drawn as boxes under the last step. */
  groups?: readonly { label: string; n: SuppressedCell }[];
}

const MAIN_X = 0;
const MAIN_WIDTH = 250;
const SIDE_X = 300;
const SIDE_WIDTH = 350;
const LINE = 14;
const PAD = 7;
const GAP = 12;

/** Breaks text into lines no wider than `width` px at the label size (a word longer than a line stays whole). */
export function wrapText(text: string, width: number, fontSize = FONT_SIZE.label): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (line && estimateTextWidth(candidate, fontSize) > width) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [''];
}

/**
 * A count with thousands separators, or "hidden" (small, or hidden so a small one cannot be worked out: the two
 * are printed alike on purpose, see SuppressedCell).
 */
export function formatSuppressedCount(cell: SuppressedCell): string {
  if (cell.value !== null) return String(cell.value).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return 'hidden';
}
const count = formatSuppressedCount;

interface Box {
  x: number;
  x2: number;
  y: number;
  y2: number;
  lines: string[];
  kind: 'main' | 'side' | 'group';
}

/**
 * Draws the flowchart.
 * @throws {FigureInputError} on no steps, or a count that is not a non-negative integer.
 * @example await flowchartSvg({ title: 'Cohort', description: '…', steps: [
 *   { label: 'Runs submitted', excluded: { value: 0 }, remaining: { value: 1200 } },
 *   { label: 'Pregnancy', excluded: { value: null, suppressed: true }, remaining: { value: 1195 } }] })
 */
export async function flowchartSvg(input: FlowchartInput, options: RenderOptions = {}): Promise<string> {
  if (input.steps.length === 0) throw new FigureInputError('flowchartSvg', 'no steps to draw');
  const checkCount = ({ value }: SuppressedCell, where: string): void => {
    if (value !== null && !(Number.isInteger(value) && value >= 0)) {
      throw new FigureInputError('flowchartSvg', `${where}: ${value} is not a count`);
    }
  };
  input.steps.forEach((s, i) => {
    checkCount(s.excluded, `step ${i + 1} ("${s.label}") excluded`);
    checkCount(s.remaining, `step ${i + 1} ("${s.label}") remaining`);
  });
  input.groups?.forEach((g, i) => checkCount(g.n, `group ${i + 1} ("${g.label}")`));
  const inner = (width: number) => width - 2 * PAD;
  const height = (lines: readonly string[]) => lines.length * LINE + 2 * PAD;

  const boxes: Box[] = [];
  const arrows: { x: number; y: number; y2: number }[] = [];
  const branches: { x: number; x2: number; y: number }[] = [];
  const [first, ...rest] = input.steps;
  let y = 0;
  const firstLines = [...wrapText(first!.label, inner(MAIN_WIDTH)), `n = ${count(first!.remaining)}`];
  boxes.push({
    x: MAIN_X,
    x2: MAIN_X + MAIN_WIDTH,
    y,
    y2: y + height(firstLines),
    lines: firstLines,
    kind: 'main',
  });
  y += height(firstLines);
  const mid = MAIN_X + MAIN_WIDTH / 2;
  for (const step of rest) {
    const sideLines = [
      ...wrapText(`Excluded: ${step.label}`, inner(SIDE_WIDTH)),
      `n = ${count(step.excluded)}`,
    ];
    const sideTop = y + GAP;
    boxes.push({
      x: SIDE_X,
      x2: SIDE_X + SIDE_WIDTH,
      y: sideTop,
      y2: sideTop + height(sideLines),
      lines: sideLines,
      kind: 'side',
    });
    const branchY = sideTop + height(sideLines) / 2;
    branches.push({ x: mid, x2: SIDE_X, y: branchY });
    const nextTop = sideTop + height(sideLines) + GAP;
    arrows.push({ x: mid, y, y2: nextTop });
    const mainLines = [`n = ${count(step.remaining)}`];
    boxes.push({
      x: MAIN_X,
      x2: MAIN_X + MAIN_WIDTH,
      y: nextTop,
      y2: nextTop + height(mainLines),
      lines: mainLines,
      kind: 'main',
    });
    y = nextTop + height(mainLines);
  }
  const groups = input.groups ?? [];
  if (groups.length > 0) {
    const top = y + 3 * GAP;
    const width = Math.min(MAIN_WIDTH, (SIDE_X + SIDE_WIDTH - GAP * (groups.length - 1)) / groups.length);
    const groupLines = groups.map((g) => [...wrapText(g.label, inner(width)), `n = ${count(g.n)}`]);
    const tallest = Math.max(...groupLines.map(height));
    groups.forEach((_, i) => {
      const x = i * (width + GAP);
      boxes.push({ x, x2: x + width, y: top, y2: top + tallest, lines: groupLines[i]!, kind: 'group' });
      arrows.push({ x: x + width / 2, y: y + 1.5 * GAP, y2: top });
    });
    branches.push({ x: width / 2, x2: (groups.length - 1) * (width + GAP) + width / 2, y: y + 1.5 * GAP });
    arrows.push({ x: mid, y, y2: y + 1.5 * GAP });
    y = top + tallest;
  }
  // Stems end at the box top; the arrowhead sits just above it.
  const heads = arrows.filter((a) => a.y2 - a.y > GAP).map((a) => ({ x: a.x, y: a.y2 - 4 }));
  const px = (field: string) => ({ field, type: 'quantitative' as const, scale: null, axis: null });
  const text = boxes.map((b) => ({ x: b.x + PAD, y: b.y + PAD, lines: b.lines, kind: b.kind }));

  const spec: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: vegaLiteTheme(),
    title: input.title,
    width: SIDE_X + SIDE_WIDTH,
    height: y + 1,
    layer: [
      {
        name: 'arrow',
        data: { values: arrows },
        mark: { type: 'rule', color: '#000', strokeWidth: 1.2 },
        encoding: { x: px('x'), y: px('y'), y2: { field: 'y2' } },
      },
      {
        name: 'branch',
        data: { values: branches },
        mark: { type: 'rule', color: '#000', strokeWidth: 1.2 },
        encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y') },
      },
      {
        name: 'head',
        data: { values: heads },
        mark: { type: 'point', shape: 'triangle-down', filled: true, size: 45, color: '#000', opacity: 1 },
        encoding: { x: px('x'), y: px('y') },
      },
      {
        name: 'box',
        data: { values: boxes.map(({ lines: _lines, ...b }) => b) },
        mark: { type: 'rect', stroke: '#000', strokeWidth: 1 },
        encoding: {
          x: px('x'),
          x2: { field: 'x2' },
          y: px('y'),
          y2: { field: 'y2' },
          fill: {
            field: 'kind',
            type: 'nominal',
            scale: { domain: ['main', 'side', 'group'], range: ['#ffffff', '#f2f2f2', '#ffffff'] },
            legend: null,
          },
        },
      },
      {
        name: 'label',
        data: { values: text },
        mark: { type: 'text', align: 'left', baseline: 'top', lineHeight: LINE, fontSize: FONT_SIZE.label },
        encoding: { x: px('x'), y: px('y'), text: { field: 'lines' } },
      },
    ],
  };
  return renderVegaLiteSvg(spec, { title: input.title, description: input.description }, options);
}
