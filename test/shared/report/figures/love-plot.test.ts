import { lovePlotSvg } from '../../../../shared/report/figures/love-plot.js';
import { FigureInputError } from '../../../../shared/report/figures/figure-input-error.js';
import { loveInput } from './figure-fixtures.js';
import { texts } from './svg-inspect.js';

describe('lovePlotSvg', () => {
  it('labels every covariate and both series, and refuses a non-finite SMD', async () => {
    const svg = await lovePlotSvg(loveInput());
    expect(texts(svg)).toEqual(
      expect.arrayContaining(['Age', 'Male sex', 'Before matching', 'After matching']),
    );
    await expect(
      lovePlotSvg({ title: 'T', description: 'D', rows: [{ label: 'x', smdBefore: NaN, smdAfter: 0 }] }),
    ).rejects.toThrow(FigureInputError);
  });
});
