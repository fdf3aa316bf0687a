import { screenPredictors } from '../../../shared/stats/remove-linear-dependence.js';

/** Centred cross-products of the columns followed by y, as mice.ts hands them to the screen. */
function crossOf(columns: number[][], y: number[]): (a: number, b: number) => number {
  const all = [...columns, y];
  const centred = all.map((c) => {
    const m = c.reduce((s, v) => s + v, 0) / c.length;
    return c.map((v) => v - m);
  });
  return (a, b) => centred[a]!.reduce((s, v, i) => s + v * centred[b]![i]!, 0);
}

const y = [1, 3, 2, 5, 4, 6, 8, 7];
const x1 = [2, 1, 4, 3, 6, 5, 8, 9];
const x2 = [1, 0, 1, 0, 0, 1, 1, 0];

describe("screenPredictors (mice's remove.lindep)", () => {
  test('keeps independent predictors', () => {
    expect(screenPredictors(2, y.length, crossOf([x1, x2], y))).toEqual([0, 1]);
  });

  test('keeps nothing when y is constant', () => {
    expect(
      screenPredictors(
        2,
        y.length,
        crossOf(
          [x1, x2],
          y.map(() => 4),
        ),
      ),
    ).toEqual([]);
  });

  test('drops a constant predictor and one correlated with y at 0.99 or more', () => {
    const constant = y.map(() => 5);
    const copyOfY = y.map((v) => 2 * v + 1);
    expect(screenPredictors(3, y.length, crossOf([constant, x1, copyOfY], y))).toEqual([1]);
  });

  test('drops one of two linearly dependent predictors', () => {
    const twice = x1.map((v) => 2 * v);
    const kept = screenPredictors(3, y.length, crossOf([x1, x2, twice], y));
    expect(kept).toHaveLength(2);
    expect(kept).toContain(1);
  });

  test('keeps nothing without at least two rows or any predictor', () => {
    expect(screenPredictors(0, y.length, crossOf([], y))).toEqual([]);
    expect(screenPredictors(1, 1, crossOf([[1]], [1]))).toEqual([]);
  });
});
