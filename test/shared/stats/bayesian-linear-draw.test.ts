import { createRandom } from '../../../shared/random/seeded-random.js';
import {
  bayesianLinearDraw,
  bayesianLinearDrawFromGram,
} from '../../../shared/stats/bayesian-linear-draw.js';
import { CollinearityError } from '../../../shared/stats/errors.js';

const x = [
  [1, 0],
  [1, 1],
  [1, 2],
  [1, 3],
  [1, 4],
];
const y = [1, 2, 2.9, 4.2, 4.9];

describe('bayesianLinearDraw', () => {
  test('coef is the least-squares fit', () => {
    const draw = bayesianLinearDraw(x, y, createRandom(1));
    // lm(y ~ t): slope = Sxy / Sxx = 10 / 10, intercept = mean(y) - slope * mean(t) = 3 - 2.
    expect(draw.coef[1]).toBeCloseTo(1, 10);
    expect(draw.coef[0]).toBeCloseTo(1, 10);
    expect(draw.sigma).toBeGreaterThan(0);
  });

  test('the draws centre on the least-squares fit', () => {
    const random = createRandom(3);
    const draws = Array.from({ length: 4000 }, () => bayesianLinearDraw(x, y, random).beta[1]!);
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    expect(mean).toBeCloseTo(1, 1);
    expect(new Set(draws.slice(0, 10)).size).toBe(10);
  });

  test('the Gram form gives the same draw from the same seed', () => {
    const xtx = [
      [5, 10],
      [10, 30],
    ];
    const xty = [y.reduce((s, v) => s + v, 0), y.reduce((s, v, i) => s + v * i, 0)];
    const rss = (coef: readonly number[]): number =>
      y.reduce((s, v, i) => s + (v - coef[0]! - coef[1]! * i) ** 2, 0);
    const fromRows = bayesianLinearDraw(x, y, createRandom(11));
    const fromGram = bayesianLinearDrawFromGram(xtx, xty, 5, rss, createRandom(11));
    expect(fromGram.coef[0]).toBeCloseTo(fromRows.coef[0]!, 12);
    expect(fromGram.coef[1]).toBeCloseTo(fromRows.coef[1]!, 12);
    expect(fromGram.beta[1]).toBeCloseTo(fromRows.beta[1]!, 12);
    expect(fromGram.sigma).toBeCloseTo(fromRows.sigma, 12);
  });

  test('a column of zeros is singular even with the ridge penalty', () => {
    expect(() =>
      bayesianLinearDraw(
        x.map((row) => [...row, 0]),
        y,
        createRandom(1),
      ),
    ).toThrow(CollinearityError);
  });
});
