import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';
import { funnelPlotSvg } from '../../../../shared/report/figures/funnel-plot.js';
import { funnelInput } from './figure-fixtures.js';
import { markGroupCount, markItems, texts, translate } from './svg-inspect.js';

describe('funnelPlotSvg', () => {
  it('draws every center, highlights one, and draws four control-limit lines', async () => {
    const svg = await funnelPlotSvg(funnelInput);
    expect(markItems(svg, 'center')).toHaveLength(11);
    expect(markItems(svg, 'highlight')).toHaveLength(1);
    expect(markGroupCount(svg, 'limit')).toBe(4);
    const dashes = new Set(markItems(svg, 'limit').map((l) => /stroke-dasharray="([^"]*)"/.exec(l)?.[1]));
    expect(dashes.size).toBe(2); // 95% and 99.8% differ without colour
    expect(texts(svg)).toEqual(expect.arrayContaining(['95% control limits', '99.8% control limits']));
  });

  it('keeps other centers anonymous: no id in the SVG, only the highlighted center is labelled', async () => {
    const svg = await funnelPlotSvg(funnelInput);
    expect(svg).not.toContain('ZX-CENTER');
    expect(markItems(svg, 'label')).toHaveLength(1);
    expect(texts(svg)).toContain('This center');
  });

  it('labels a point only when given a label, next to its own mark', async () => {
    const svg = await funnelPlotSvg({
      ...funnelInput,
      points: funnelInput.points.map((p, i) => (i === 4 ? { ...p, label: 'Center 5' } : p)),
    });
    const [label] = markItems(svg, 'label');
    expect(label).toContain('>Center 5<');
    const mark = translate(markItems(svg, 'highlight')[0]!);
    // Same height within the text's baseline offset, and to the right of the mark.
    expect(Math.abs(translate(label!).y - mark.y)).toBeLessThan(5);
    expect(translate(label!).x).toBeGreaterThan(mark.x);
  });

  it('draws each center’s plot from one compiled spec without mixing their points up', async () => {
    const input = (n: number) => ({
      ...funnelInput,
      points: funnelInput.points.map((p, i) => ({ ...p, highlight: i === n })),
    });
    const first = await funnelPlotSvg(input(0));
    // Concurrent renders of the same layout (one per center) share the compiled spec, never its data.
    const [second, again] = await Promise.all([funnelPlotSvg(input(5)), funnelPlotSvg(input(0))]);
    expect(again).toBe(first);
    expect(second).not.toBe(first);
    const own = (svg: string) => translate(markItems(svg, 'highlight')[0]!);
    expect(own(second)).not.toEqual(own(first));
    expect(markItems(second, 'highlight')).toHaveLength(1);
    expect(markItems(second, 'center')).toHaveLength(funnelInput.points.length - 1);
    // The highlighted point is vermilion with a black outline, the others grey.
    expect(markItems(first, 'highlight')[0]).toMatch(/fill="#D55E00" stroke="#000"/);
    for (const dot of markItems(first, 'center')) expect(dot).toContain('fill="#9a9a9a"');
  });

  it('puts a higher ratio higher up', async () => {
    const svg = await funnelPlotSvg({
      ...funnelInput,
      points: [
        { id: 'a', volume: 50, ratio: 0.5 },
        { id: 'b', volume: 50, ratio: 1.5 },
      ],
    });
    const [low, high] = markItems(svg, 'center').map(translate);
    expect(high!.y).toBeLessThan(low!.y);
  });

  it('refuses duplicate ids without naming them, and misordered limits', async () => {
    const twice = [funnelInput.points[0]!, funnelInput.points[0]!];
    const error = await funnelPlotSvg({ ...funnelInput, points: twice }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FigureInputError);
    expect((error as Error).message).not.toContain('ZX-CENTER');
    const limits = [{ volume: 10, lower95: 0.5, upper95: 1.5, lower998: 0.6, upper998: 2 }];
    await expect(funnelPlotSvg({ ...funnelInput, limits })).rejects.toThrow(/limit 1/);
  });
});
