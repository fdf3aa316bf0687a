import { trendsSvg } from '../../../../shared/report/figures/trends-plot.js';
import { trendsInput } from './figure-fixtures.js';
import { texts } from './svg-inspect.js';

describe('trendsSvg', () => {
  it('prints "hidden" in place of each suppressed volume and rejects ragged series', async () => {
    const drawn = texts(await trendsSvg(trendsInput()));
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
