import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';
import { kaplanMeierSvg, timeTicks } from '../../../../shared/report/figures/kaplan-meier.js';
import { kaplanMeierInput } from './figure-fixtures.js';
import { markGroupCount, markItems, pathVertices, texts, translate } from './svg-inspect.js';

describe('kaplanMeierSvg', () => {
  it('draws one step line per curve, each with its own dash pattern', async () => {
    const svg = await kaplanMeierSvg(kaplanMeierInput);
    expect(markGroupCount(svg, 'curve')).toBe(2);
    const lines = markItems(svg, 'curve');
    expect(lines).toHaveLength(2);
    const dashes = lines.map((l) => /stroke-dasharray="([^"]*)"/.exec(l)?.[1] ?? 'solid');
    expect(new Set(dashes).size).toBe(2);
    // step-after: only horizontal and vertical segments, and survival never rises (y never goes up the page).
    for (const line of lines) {
      const v = pathVertices(line);
      expect(v.length).toBeGreaterThan(4);
      for (let i = 1; i < v.length; i++) {
        expect(v[i]!.x === v[i - 1]!.x || v[i]!.y === v[i - 1]!.y).toBe(true);
        expect(v[i]!.y).toBeGreaterThanOrEqual(v[i - 1]!.y);
      }
    }
  });

  it('prints the numbers at risk within the time axis, and a suppressed one as "hidden"', async () => {
    const svg = await kaplanMeierSvg(kaplanMeierInput);
    const cells = markItems(svg, 'at_risk');
    // 4 times up to maxTime 30 for the first curve (40 is past the axis), 4 for the second.
    expect(cells).toHaveLength(8);
    const all = texts(svg);
    expect(all).toEqual(expect.arrayContaining(['832', '560', '380', 'hidden', 'Number at risk']));
    expect(all).not.toContain('300');
    // Cells at the same time sit in one column: x of "560" equals x of "600".
    const at = (text: string) => translate(cells.find((c) => c.includes(`>${text}<`))!);
    expect(at('560').x).toBeCloseTo(at('600').x, 6);
    expect(at('560').y).toBeLessThan(at('600').y);
  });

  it('starts each curve at survival 1 and carries it to maxTime', async () => {
    const svg = await kaplanMeierSvg({
      ...kaplanMeierInput,
      curves: [
        {
          label: 'one',
          points: [
            { time: 10, survival: 0.5, lower: null, upper: null },
            { time: 50, survival: 0.2, lower: null, upper: null },
          ],
          atRisk: [],
        },
      ],
    });
    const v = pathVertices(markItems(svg, 'curve')[0]!);
    // Starts at x = 0 and y = top of the plot (survival 1); ends at the right edge (maxTime) at survival 0.5.
    expect(v[0]).toEqual({ x: 0, y: 0 });
    expect(v[v.length - 1]).toEqual({ x: 500, y: 130 });
  });

  it('refuses probabilities outside [0, 1] and duplicate curve labels', async () => {
    const bad = { label: 'x', points: [{ time: 1, survival: 1.2, lower: null, upper: null }], atRisk: [] };
    await expect(kaplanMeierSvg({ ...kaplanMeierInput, curves: [bad] })).rejects.toThrow(FigureInputError);
    const dup = kaplanMeierInput.curves[0]!;
    await expect(kaplanMeierSvg({ ...kaplanMeierInput, curves: [dup, dup] })).rejects.toThrow(/unique/);
  });
});

describe('timeTicks', () => {
  it.each([
    [30, [0, 5, 10, 15, 20, 25, 30]],
    [365, [0, 50, 100, 150, 200, 250, 300, 350]],
    [7, [0, 1, 2, 3, 4, 5, 6, 7]],
  ])('for maxTime %d gives %j', (maxTime, expected) => {
    expect(timeTicks(maxTime)).toEqual(expected);
  });
});
