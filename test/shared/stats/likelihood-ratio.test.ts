import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../../shared/stats/errors.js';
import { likelihoodRatioTest } from '../../../shared/stats/likelihood-ratio.js';
import { logisticRegression } from '../../../shared/stats/logistic-regression.js';

// Reference values generated in R 4.2 by test/fixtures/stats/glm-binomial.R:
// anova(glm(reduced, binomial), glm(full, binomial), test = "Chisq"). Tolerance: relative 1e-6 (iterative fits).
interface LrtCase {
  name: string;
  call: string;
  statistic: number;
  df: number;
  pValue: number;
  reducedDeviance: number;
  fullDeviance: number;
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/glm-binomial.json', 'utf8')) as {
  tolerance: { relative: number };
  likelihoodRatio: LrtCase[];
  likelihoodRatioData: Record<'lalonde' | 'registry', { X: number[][]; y: number[] }>;
};
const tol = fixture.tolerance.relative;

function relativeError(actual: number, expected: number): number {
  return Math.abs(actual - expected) / Math.abs(expected);
}

// Each case: which columns of the stored design the reduced and the full model use.
const designs = {
  'lalonde: earnings terms': { data: 'lalonde', reduced: [0, 1, 2, 3, 4, 5], full: [0, 1, 2, 3, 4, 5, 6, 7] },
  'registry: IABP x age >= 65 interaction': {
    data: 'registry',
    reduced: [0, 1, 2, 3],
    full: [0, 1, 2, 3, 4],
  },
} as const;

function fit(data: { X: number[][]; y: number[] }, columns: readonly number[]) {
  const X = data.X.map((row) => columns.map((j) => row[j]!));
  return logisticRegression(X, data.y, { names: columns.map((j) => `c${j}`) });
}

describe('likelihoodRatioTest reproduces R anova(reduced, full, test = "Chisq")', () => {
  it.each(fixture.likelihoodRatio.map((c) => [c.call, c] as const))('%s', (_call, c) => {
    const design = designs[c.name as keyof typeof designs];
    const data = fixture.likelihoodRatioData[design.data];
    const reduced = fit(data, design.reduced);
    const full = fit(data, design.full);
    expect(relativeError(reduced.deviance, c.reducedDeviance)).toBeLessThanOrEqual(tol);
    expect(relativeError(full.deviance, c.fullDeviance)).toBeLessThanOrEqual(tol);
    const result = likelihoodRatioTest(reduced, full);
    expect(result.df).toBe(c.df);
    expect(relativeError(result.statistic, c.statistic)).toBeLessThanOrEqual(tol);
    expect(relativeError(result.pValue, c.pValue)).toBeLessThanOrEqual(tol);
  });

  it('rejects models fitted to different rows, non-nested models and models without extra terms', () => {
    const data = fixture.likelihoodRatioData.lalonde;
    const small = fit(data, [0, 1]);
    const large = fit(data, [0, 1, 2]);
    const other = fit(data, [0, 3]);
    const fewerRows = fit({ X: data.X.slice(0, 300), y: data.y.slice(0, 300) }, [0, 1, 2]);
    expect(() => likelihoodRatioTest(small, fewerRows)).toThrow(InvalidArgumentError);
    expect(() => likelihoodRatioTest(other, large)).toThrow(/not nested/);
    expect(() => likelihoodRatioTest(large, small)).toThrow(InvalidArgumentError);
  });
});
