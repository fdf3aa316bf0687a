// The contract of the figures added for the report site (Love plot, trends, flowchart): accessible root,
// self-contained, A4 width, deterministic, escaped text; and what each must draw.
import { flowchartSvg, wrapText } from '../../../../shared/report/figures/flowchart.js';
import { lovePlotSvg } from '../../../../shared/report/figures/love-plot.js';
import { MAX_FIGURE_WIDTH } from '../../../../shared/report/figures/theme.js';
import { trendsSvg } from '../../../../shared/report/figures/trends-plot.js';
import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';
import { firstChildTags, rootAttributes, texts, urls } from './svg-inspect.js';

const HOSTILE = '<script>alert("x")</script> & "Co"';

const love = (label = 'Age') =>
  lovePlotSvg({
    title: 'Balance',
    description: 'Absolute SMDs before and after matching.',
    rows: [
      { label, smdBefore: -0.31, smdAfter: 0.02 },
      { label: 'Male sex', smdBefore: 0.12, smdAfter: -0.04 },
    ],
  });
const trends = (label = 'In-hospital mortality') =>
  trendsSvg({
    title: 'Trends',
    description: 'Runs and mortality per quarter.',
    quarters: ['2023-Q1', '2023-Q2', '2023-Q3'],
    volume: [{ value: 40 }, { value: null, suppressed: true }, { value: null, suppressed: true }],
    series: [{ label, values: [50, null, 40] }],
  });
const flowchart = (label = 'Pregnancy') =>
  flowchartSvg({
    title: 'Cohort',
    description: 'Cohort selection in three steps.',
    steps: [
      { label: 'Runs submitted', excluded: { value: 0 }, remaining: { value: 1200 } },
      {
        label,
        excluded: { value: null, suppressed: true },
        remaining: { value: null, suppressed: true },
      },
      { label: 'Mode conversion', excluded: { value: 35 }, remaining: { value: 1160 } },
    ],
    groups: [
      { label: 'IABP after ECMO', n: { value: 160 } },
      { label: 'ECMO only', n: { value: 1000 } },
    ],
  });

describe.each([
  { name: 'lovePlotSvg', render: love },
  { name: 'trendsSvg', render: trends },
  { name: 'flowchartSvg', render: flowchart },
])('$name', ({ render }) => {
  let svg: string;
  beforeAll(async () => {
    svg = await render();
  });

  it('is one accessible image with a title and description first', () => {
    const root = rootAttributes(svg);
    expect(root.role).toBe('img');
    expect(root['aria-labelledby']!.split(' ')).toHaveLength(2);
    expect(firstChildTags(svg, 2)).toEqual(['title', 'desc']);
  });

  it('references nothing outside itself and fits an A4 column', () => {
    expect(urls(svg).sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(svg).not.toMatch(/<(script|image|foreignObject|style|a)\b/i);
    expect(Number(rootAttributes(svg).width)).toBeLessThanOrEqual(MAX_FIGURE_WIDTH);
    expect(Number(rootAttributes(svg).width)).toBeGreaterThan(300);
  });

  it('gives the same bytes for the same input', async () => {
    expect(await render()).toBe(svg);
  });

  it('escapes a hostile label', async () => {
    const hostile = await render(HOSTILE);
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&lt;script&gt;');
  });
});

describe('flowchartSvg', () => {
  it('prints every suppressed count alike, as "hidden", and counts with separators', async () => {
    const drawn = await flowchart();
    expect(drawn).not.toContain('&lt;');
    expect(drawn.match(/n = hidden/g)).toHaveLength(2);
    expect(drawn).toContain('n = 1,200');
    expect(drawn).toContain('Excluded: Mode conversion');
  });

  it('wraps long labels to the box width and refuses a count that is not one', async () => {
    expect(wrapText('a '.repeat(80).trim(), 100).length).toBeGreaterThan(3);
    await expect(
      flowchartSvg({
        title: 'T',
        description: 'D',
        steps: [{ label: 'x', excluded: { value: 0 }, remaining: { value: 1.5 } }],
      }),
    ).rejects.toThrow(FigureInputError);
  });
});

describe('trendsSvg', () => {
  it('prints "hidden" in place of each suppressed volume and rejects ragged series', async () => {
    const drawn = texts(await trends());
    expect(drawn.filter((t) => t === 'hidden')).toHaveLength(2);
    expect(drawn.join(' ')).not.toContain('&lt;');
    await expect(
      trendsSvg({
        title: 'T',
        description: 'D',
        quarters: ['2023-Q1'],
        volume: [{ value: 1 }],
        series: [{ label: 's', values: [] }],
      }),
    ).rejects.toThrow(/1 quarters/);
  });
});

describe('lovePlotSvg', () => {
  it('labels every covariate and both series, and refuses a non-finite SMD', async () => {
    const svg = await love();
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['Age', 'Male sex', 'Before matching', 'After matching']),
    );
    await expect(
      lovePlotSvg({ title: 'T', description: 'D', rows: [{ label: 'x', smdBefore: NaN, smdAfter: 0 }] }),
    ).rejects.toThrow(FigureInputError);
  });
});
