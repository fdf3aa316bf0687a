import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';
import { forestPlotSvg } from '../../../../shared/report/figures/forest-plot.js';
import { forestInput } from './figure-fixtures.js';
import { markItems, positionedTexts, texts, translate } from './svg-inspect.js';

describe('forestPlotSvg', () => {
  it('draws one square and one interval per row, and one line of no effect', async () => {
    const svg = await forestPlotSvg(forestInput);
    expect(markItems(svg, 'estimate')).toHaveLength(5);
    expect(markItems(svg, 'interval')).toHaveLength(5);
    expect(markItems(svg, 'reference')).toHaveLength(1);
  });

  it('prints each label, estimate with interval, and p-value as text', async () => {
    const all = texts(await forestPlotSvg(forestInput));
    for (const row of forestInput.rows) expect(all).toContain(row.label);
    expect(all).toEqual(
      expect.arrayContaining(['0.82 (0.69–0.99)', '1.91 (1.28–2.84)', '0.036', '0.002', '&lt;0.001']),
    );
    expect(all).toEqual(expect.arrayContaining(['Outcome', 'aOR (95% CI)', 'p']));
  });

  it('keeps the input order top to bottom and puts protective estimates left of the reference', async () => {
    const svg = await forestPlotSvg(forestInput);
    const squares = markItems(svg, 'estimate').map(translate);
    const ys = squares.map((s) => s.y);
    expect([...ys].sort((a, b) => a - b)).toEqual(ys);
    const reference = translate(markItems(svg, 'reference')[0]!).x;
    expect(squares[0]!.x).toBeLessThan(reference); // 0.823
    expect(squares[2]!.x).toBeGreaterThan(reference); // 1.905
  });

  it('uses a log scale: ratios 0.5 and 2 sit equally far from 1', async () => {
    const svg = await forestPlotSvg({
      ...forestInput,
      rows: [
        { label: 'half', estimate: 0.5, lower: 0.4, upper: 0.6 },
        { label: 'double', estimate: 2, lower: 1.6, upper: 2.5 },
      ],
    });
    const [half, double] = markItems(svg, 'estimate').map(translate);
    const reference = translate(markItems(svg, 'reference')[0]!).x;
    expect(reference - half!.x).toBeCloseTo(double!.x - reference, 0);
    const linear = await forestPlotSvg({
      ...forestInput,
      logScale: false,
      referenceLine: 1,
      rows: [
        { label: 'half', estimate: 0.5, lower: 0.4, upper: 0.6 },
        { label: 'double', estimate: 2, lower: 1.6, upper: 2.5 },
      ],
    });
    const [h, d] = markItems(linear, 'estimate').map(translate);
    const ref = translate(markItems(linear, 'reference')[0]!).x;
    expect((d!.x - ref) / (ref - h!.x)).toBeCloseTo(2, 1);
  });

  it('groups subgroup rows under bold headings carrying the interaction p-value', async () => {
    const svg = await forestPlotSvg({
      ...forestInput,
      rows: [
        { group: 'Sex', label: 'Male', estimate: 0.82, lower: 0.66, upper: 1.01 },
        { group: 'Age', label: '≥ 65', estimate: 0.73, lower: 0.56, upper: 0.95 },
        { group: 'Sex', label: 'Female', estimate: 0.85, lower: 0.6, upper: 1.2 },
      ],
      interactionPValues: { Sex: 0.41 },
    });
    expect(markItems(svg, 'estimate')).toHaveLength(3);
    const bold = [...svg.matchAll(/<text\b[^>]*font-weight="bold"[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(bold).toEqual(expect.arrayContaining(['Sex', 'Age', 'p for interaction 0.410']));
    // Female joins Male under Sex: the Sex rows come before the Age heading.
    const order = positionedTexts(svg)
      .filter((t) => ['Sex', 'Male', 'Female', 'Age', '≥ 65'].includes(t.text))
      .sort((a, b) => a.y - b.y)
      .map((t) => t.text);
    expect(order).toEqual(['Sex', 'Male', 'Female', 'Age', '≥ 65']);
  });

  it('refuses an interval that misses its estimate, and non-positive ratios on a log scale', async () => {
    await expect(
      forestPlotSvg({ ...forestInput, rows: [{ label: 'bad', estimate: 2, lower: 0.5, upper: 1.5 }] }),
    ).rejects.toThrow(FigureInputError);
    await expect(
      forestPlotSvg({ ...forestInput, rows: [{ label: 'zero', estimate: 0, lower: 0, upper: 1 }] }),
    ).rejects.toThrow(/row 1 \("zero"\).*log scale/);
    await expect(forestPlotSvg({ ...forestInput, rows: [] })).rejects.toThrow(/no rows/);
  });
});
