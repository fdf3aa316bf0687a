import { CollinearityError, SeparationError } from '../../../shared/stats/errors.js';
import { buildDesign } from '../../../shared/stats/logistic-design.js';
import { requireEventsInEveryLevel, requireFullRank } from '../../../shared/stats/logistic-diagnostics.js';
import { assemble, irlsPass, PatternSums } from '../../../shared/stats/logistic-irls.js';

/** The start X'WX of a design, as logisticRegression computes it before the rank check. */
function startCrossProducts(X: number[][], y: number[], names: string[]) {
  const design = buildDesign(X, y, names);
  const sums = new PatternSums(design);
  irlsPass(design, undefined, sums);
  const xtwx = new Float64Array(design.p * design.p);
  assemble(design, sums, xtwx, new Float64Array(design.p));
  return { design, xtwx };
}

const y = [0, 1, 0, 1, 1, 0, 1, 0];
const age = [50, 61, 47, 70, 55, 58, 66, 49];
const dummy = [0, 1, 1, 0, 0, 1, 1, 0];

describe('requireFullRank', () => {
  test('accepts independent covariates', () => {
    const { design, xtwx } = startCrossProducts(
      age.map((a, i) => [a, dummy[i]!]),
      y,
      ['age', 'dummy'],
    );
    expect(() => requireFullRank(design, xtwx)).not.toThrow();
  });

  test('names a constant covariate', () => {
    const { design, xtwx } = startCrossProducts(
      age.map((a) => [a, 3]),
      y,
      ['age', 'flat'],
    );
    expect(() => requireFullRank(design, xtwx)).toThrow(CollinearityError);
    expect(() => requireFullRank(design, xtwx)).toThrow(/covariate flat is constant/);
  });

  test('names a covariate that is a linear combination of the ones before it', () => {
    const { design, xtwx } = startCrossProducts(
      age.map((a, i) => [a, dummy[i]!, 2 * a - dummy[i]!]),
      y,
      ['age', 'dummy', 'combo'],
    );
    expect(() => requireFullRank(design, xtwx)).toThrow(/covariate combo is a linear combination/);
  });
});

describe('requireEventsInEveryLevel', () => {
  test('accepts a two-valued covariate with events and non-events at both values', () => {
    const design = buildDesign(
      age.map((a, i) => [a, dummy[i]!]),
      y,
      ['age', 'dummy'],
    );
    expect(() => requireEventsInEveryLevel(design)).not.toThrow();
  });

  test('names the level without events (quasi-complete separation)', () => {
    const outcome = [0, 1, 0, 1, 0, 1, 1, 0];
    const level = [0, 1, 0, 1, 0, 1, 0, 0]; // level 1: only events
    const design = buildDesign(
      age.map((a, i) => [a, level[i]!]),
      outcome,
      ['age', 'exposed'],
    );
    expect(() => requireEventsInEveryLevel(design)).toThrow(SeparationError);
    expect(() => requireEventsInEveryLevel(design)).toThrow(
      /covariate exposed = 1 has only events \(3 of 3 rows\)/,
    );
  });
});
