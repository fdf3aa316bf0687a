// What every figure promises: an accessible root, self-contained output, A4 width, a generic font,
// byte-identical output for identical input, and escaped text from uploads.
import { completenessHeatmapSvg } from '../../../../shared/report/figures/completeness-heatmap.js';
import { flowchartSvg } from '../../../../shared/report/figures/flowchart.js';
import { forestPlotSvg } from '../../../../shared/report/figures/forest-plot.js';
import { funnelPlotSvg } from '../../../../shared/report/figures/funnel-plot.js';
import { kaplanMeierSvg } from '../../../../shared/report/figures/kaplan-meier.js';
import { lovePlotSvg } from '../../../../shared/report/figures/love-plot.js';
import { MAX_FIGURE_WIDTH } from '../../../../shared/report/figures/theme.js';
import { trendsSvg } from '../../../../shared/report/figures/trends-plot.js';
import {
  flowchartInput,
  forestInput,
  funnelInput,
  kaplanMeierInput,
  loveInput,
  trendsInput,
} from './figure-fixtures.js';
import { firstChildTags, rootAttributes, textOfId, texts, urls } from './svg-inspect.js';

const HOSTILE = '<script>alert("x")</script> & "Co"';

const completenessInput = {
  title: 'Completeness by field',
  description: 'Heat map of the completeness of two fields at two centers.',
  rows: ['C001', 'Registry median'],
  fields: ['pre_ph', 'pre_paco2_mmhg'],
  values: [
    [0.62, 1],
    [0.8, null],
  ],
};

interface Case {
  name: string;
  render: () => Promise<string>;
  /** Renders with HOSTILE in the title, the description and a label that is drawn. */
  renderHostile: () => Promise<string>;
}

const cases: Case[] = [
  {
    name: 'forestPlotSvg',
    render: () => forestPlotSvg(forestInput),
    renderHostile: () =>
      forestPlotSvg({
        ...forestInput,
        title: HOSTILE,
        description: HOSTILE,
        rows: [{ ...forestInput.rows[0]!, label: HOSTILE }],
      }),
  },
  {
    name: 'kaplanMeierSvg',
    render: () => kaplanMeierSvg(kaplanMeierInput),
    renderHostile: () =>
      kaplanMeierSvg({
        ...kaplanMeierInput,
        title: HOSTILE,
        description: HOSTILE,
        curves: [{ ...kaplanMeierInput.curves[0]!, label: HOSTILE }],
      }),
  },
  {
    name: 'funnelPlotSvg',
    render: () => funnelPlotSvg(funnelInput),
    renderHostile: () =>
      funnelPlotSvg({
        ...funnelInput,
        title: HOSTILE,
        description: HOSTILE,
        points: [{ id: 'c1', volume: 20, ratio: 1, label: HOSTILE }],
      }),
  },
  {
    name: 'completenessHeatmapSvg',
    render: () => completenessHeatmapSvg(completenessInput),
    renderHostile: () =>
      completenessHeatmapSvg({
        ...completenessInput,
        title: HOSTILE,
        description: HOSTILE,
        rows: [HOSTILE, completenessInput.rows[1]!],
      }),
  },
];

describe.each(cases)('$name', ({ render, renderHostile }) => {
  let svg: string;
  beforeAll(async () => {
    svg = await render();
  });

  it('has role="img" and aria-labelledby naming a <title> and a <desc> that are the first children', () => {
    const root = rootAttributes(svg);
    expect(root.role).toBe('img');
    const ids = root['aria-labelledby']!.split(' ');
    expect(ids).toHaveLength(2);
    expect(firstChildTags(svg, 2)).toEqual(['title', 'desc']);
    expect(svg).toMatch(new RegExp(`^<svg[^>]*><title id="${ids[0]}">[^<]+</title><desc id="${ids[1]}">`));
    expect(textOfId(svg, ids[1]!)!.length).toBeGreaterThan(10);
  });

  it('gives every inner element with an ARIA role a name, and hides every unnamed mark container', () => {
    const inner = [...svg.matchAll(/<(?!svg\b)\w+\b[^>]*\srole="[^"]*"[^>]*>/g)].map((m) => m[0]);
    for (const tag of inner) expect(tag).toMatch(/\saria-label="[^"]+"/);
    const containers = [...svg.matchAll(/<g class="mark-\w+ role-mark [^"]*"[^>]*>/g)].map((m) => m[0]);
    expect(containers.length).toBeGreaterThan(0);
    for (const tag of containers)
      if (!/\srole="/.test(tag)) expect(tag).toMatch(/aria-hidden="true"|^<g class="mark-(group|text) /);
  });

  it('carries its title in <title> and draws it', () => {
    const id = rootAttributes(svg)['aria-labelledby']!.split(' ')[0]!;
    const title = textOfId(svg, id)!;
    expect(texts(svg)).toContain(title);
  });

  it('references nothing outside itself', () => {
    expect(urls(svg).sort()).toEqual(['http://www.w3.org/1999/xlink', 'http://www.w3.org/2000/svg']);
    expect(svg).not.toMatch(/<(script|image|foreignObject|style|a)\b/i);
    expect(svg).not.toMatch(/@import|@font-face|\son\w+=/i);
  });

  it('fits an A4 text column and uses only the generic sans-serif family', () => {
    const root = rootAttributes(svg);
    expect(Number(root.width)).toBeGreaterThan(300);
    expect(Number(root.width)).toBeLessThanOrEqual(MAX_FIGURE_WIDTH);
    const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect([...families]).toEqual(['sans-serif']);
  });

  it('gives the same bytes for the same input, even with other figures rendered in between', async () => {
    await Promise.all(cases.map((c) => c.render()));
    expect(await render()).toBe(svg);
  });

  it('names its ids under one prefix, and every reference resolves', () => {
    const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    const prefix = ids[0]!.replace(/-title$/, '');
    expect(prefix).toMatch(/^fig-[0-9a-f]{8}$/);
    for (const id of ids) expect(id.startsWith(`${prefix}-`)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of svg.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
  });

  it('escapes markup in titles, descriptions and labels', async () => {
    const hostile = await renderHostile();
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('&lt;script&gt;');
    // Title and description elements hold the escaped text verbatim.
    expect(hostile).toContain('<title id="fig-');
    expect(hostile).toMatch(
      /<desc id="[^"]+">&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt; &amp; &quot;Co&quot;<\/desc>/,
    );
  });
});

describe('completenessHeatmapSvg input checks', () => {
  it.each([
    ['no fields', { fields: [], values: [[], []] }, /no rows or no fields/],
    ['a duplicate row', { rows: ['C001', 'C001'] }, /unique/],
    ['a short row', { values: [[0.5], [0.5, 0.5]] }, /row C001 has 1 values for 2 fields/],
    [
      'a value above 1',
      {
        values: [
          [1.2, 1],
          [1, 1],
        ],
      },
      /C001, pre_ph: 1.2 is not in 0–1/,
    ],
  ])('refuses %s', async (_name, change, message) => {
    await expect(completenessHeatmapSvg({ ...completenessInput, ...change })).rejects.toThrow(message);
  });

  it('draws a cell per recorded value and none for a row without data', async () => {
    const svg = await completenessHeatmapSvg(completenessInput);
    const cells = /class="mark-rect role-mark cell_marks"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(cells.match(/<path /g)).toHaveLength(3);
  });
});

// The report site's Love plot, trends and flowchart, on the same promises.
describe.each([
  { name: 'lovePlotSvg', render: (label?: string) => lovePlotSvg(loveInput(label)) },
  { name: 'trendsSvg', render: (label?: string) => trendsSvg(trendsInput(label)) },
  { name: 'flowchartSvg', render: (label?: string) => flowchartSvg(flowchartInput(label)) },
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
