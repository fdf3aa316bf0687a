import { flowchartSvg, wrapText } from '../../../../shared/report/figures/flowchart.js';
import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';
import { flowchartInput } from './figure-fixtures.js';

describe('flowchartSvg', () => {
  it('prints every suppressed count alike, as "hidden", and counts with separators', async () => {
    const drawn = await flowchartSvg(flowchartInput());
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
