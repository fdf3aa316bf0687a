import { readFileSync } from 'node:fs';
import {
  CollinearityError,
  ConvergenceError,
  EmptyGroupError,
  InvalidArgumentError,
  LengthMismatchError,
  NonFiniteValueError,
  SeparationError,
} from '../../../shared/stats/errors.js';
import { logisticRegression } from '../../../shared/stats/logistic-regression.js';
import { cholesky, inverseFromCholesky } from '../../../shared/stats/dense-matrix.js';
import { createRandom } from '../../../shared/random/seeded-random.js';

// Reference values generated in R 4.2 by test/fixtures/stats/glm-binomial.R: glm(family = binomial),
// summary(fit)$coefficients, exp(confint.default(fit)), deviance, null.deviance, AIC and iter, on MatchIt's
// lalonde, mtcars, survival's lung and a 5,000-row synthetic registry cohort. Tolerance: relative 1e-6.
interface GlmCase {
  name: string;
  source: string;
  call: string;
  names: string[];
  X: number[][];
  y: number[];
  coefficients: Record<'estimate' | 'stdError' | 'z' | 'pValue' | 'ciLower' | 'ciUpper', number[]> & {
    name: string[];
  };
  deviance: number;
  nullDeviance: number;
  aic: number;
  iterations: number;
}
interface EdgeCase {
  call: string;
  X: number[][];
  y: number[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/glm-binomial.json', 'utf8')) as {
  tolerance: { relative: number };
  cases: GlmCase[];
  edge: {
    noEventLevel: EdgeCase & {
      eventsWhenG1: number;
      rowsWhenG1: number;
      rEstimateG: number;
      rStdErrorG: number;
    };
    quasiSeparation: EdgeCase & { rWarning: string };
    collinear: EdgeCase & { rCoefficients: (number | 'NA')[] };
    interactionSeparation: EdgeCase & { rWarning: string };
    factorLevelAllEvents: EdgeCase & { rowsWhenZ3: number; rEstimateZ3: number; rStdErrorZ3: number };
  };
};
const tol = fixture.tolerance.relative;

function expectClose(actual: number, expected: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), Number.MIN_VALUE);
  if (!(error <= tol))
    throw new Error(`${what}: got ${actual}, R gives ${expected} (relative error ${error})`);
}

const lalonde = fixture.cases.find((c) => c.name === 'lalonde propensity score')!;

describe('logisticRegression reproduces R glm(family = binomial)', () => {
  it.each(fixture.cases.map((c) => [`${c.name}: ${c.call}`, c] as const))('%s', (_label, c) => {
    const fit = logisticRegression(c.X, c.y, { names: c.names });
    expect(fit.coefficients.map((k) => k.name)).toEqual(c.coefficients.name);
    fit.coefficients.forEach((k, j) => {
      for (const field of ['estimate', 'stdError', 'z', 'pValue', 'ciLower', 'ciUpper'] as const) {
        expectClose(k[field], c.coefficients[field][j]!, `${k.name} ${field}`);
      }
      expectClose(k.oddsRatio, Math.exp(c.coefficients.estimate[j]!), `${k.name} oddsRatio`);
    });
    expectClose(fit.deviance, c.deviance, 'deviance');
    expectClose(fit.nullDeviance, c.nullDeviance, 'null deviance');
    expectClose(fit.aic, c.aic, 'AIC');
    expect(fit.iterations).toBe(c.iterations);
    expect(fit.converged).toBe(true);
    expect(fit.nObs).toBe(c.y.length);
  });

  it('gives the same fit from a row-major Float64Array as from an array of rows', () => {
    const cols = lalonde.names.length;
    const data = Float64Array.from(lalonde.X.flat());
    const flat = logisticRegression({ rows: lalonde.y.length, cols, data }, lalonde.y, {
      names: lalonde.names,
    });
    const rows = logisticRegression(lalonde.X, lalonde.y, { names: lalonde.names });
    expect(flat).toEqual(rows);
  });

  it('gives the same fit from columns, in place or through a row subset, as from an array of rows', () => {
    const columns = lalonde.names.map((_, j) => Float64Array.from(lalonde.X, (row) => row[j]!));
    const rows = logisticRegression(lalonde.X, lalonde.y, { names: lalonde.names });
    const fromColumns = logisticRegression({ columns }, lalonde.y, { names: lalonde.names });
    expect(fromColumns).toEqual(rows);
    // Every other row, in reverse: the subset picks and orders the rows.
    const subset = Int32Array.from({ length: Math.floor(lalonde.y.length / 2) }, (_, i) => 2 * i).reverse();
    const picked = logisticRegression(
      Array.from(subset, (r) => lalonde.X[r]!),
      Array.from(subset, (r) => lalonde.y[r]!),
      { names: lalonde.names },
    );
    const viaSubset = logisticRegression(
      { columns, subset },
      Array.from(subset, (r) => lalonde.y[r]!),
      { names: lalonde.names },
    );
    expect(viaSubset).toEqual(picked);
    expect(() =>
      logisticRegression({ columns, subset: [0, lalonde.y.length] }, [0, 1], { names: lalonde.names }),
    ).toThrow(InvalidArgumentError);
    expect(() => logisticRegression({ columns: [columns[0]!, columns[1]!.subarray(1)] }, lalonde.y)).toThrow(
      LengthMismatchError,
    );
  });

  it('solves the score equations with many 0/1 covariates (more than the 30 a pattern id holds)', () => {
    // 36 two-valued covariates (5 coded 1/2) and 2 continuous ones: the first 30 two-valued columns share a
    // pattern id (looked up in a Map beyond 16 bits), the others are kept per row. At the MLE the score X'(y - mu)
    // is 0, and the standard errors are sqrt(diag((X'WX)⁻¹)) at the fitted probabilities.
    const random = createRandom(11);
    const n = 3000;
    const k = 38;
    const X = Array.from({ length: n }, () =>
      Array.from({ length: k }, (_, j) =>
        j < 31 ? (random.bernoulli(0.3) ? 1 : 0) : j < 36 ? (random.bernoulli(0.5) ? 2 : 1) : random.normal(),
      ),
    );
    const y = X.map((row) => {
      const eta = -0.5 + 0.3 * row[0]! - 0.4 * row[5]! + 0.2 * row[33]! + 0.5 * row[36]!;
      return random.next() < 1 / (1 + Math.exp(-eta)) ? 1 : 0;
    });
    const fit = logisticRegression(X, y);
    const beta = fit.coefficients.map((c) => c.estimate);
    const design = X.map((row) => [1, ...row]);
    const mu = design.map((row) => 1 / (1 + Math.exp(-row.reduce((s, v, j) => s + v * beta[j]!, 0))));
    for (let j = 0; j <= k; j++) {
      const score = design.reduce((s, row, i) => s + row[j]! * (y[i]! - mu[i]!), 0);
      expect(Math.abs(score)).toBeLessThan(1e-6);
    }
    const information = Array.from({ length: k + 1 }, (_, a) =>
      Array.from({ length: k + 1 }, (_, b) =>
        design.reduce((s, row, i) => s + row[a]! * row[b]! * mu[i]! * (1 - mu[i]!), 0),
      ),
    );
    const covariance = inverseFromCholesky(cholesky(information)!);
    fit.coefficients.forEach((c, j) => {
      expect(Math.abs(c.stdError - Math.sqrt(covariance[j]![j]!)) / c.stdError).toBeLessThan(1e-6);
    });
  });

  it("fits the intercept-only model: its deviance is R's null deviance and its estimate is logit(mean y)", () => {
    const fit = logisticRegression(
      lalonde.y.map(() => []),
      lalonde.y,
    );
    const share = lalonde.y.filter((v) => v === 1).length / lalonde.y.length;
    expectClose(fit.deviance, lalonde.nullDeviance, 'intercept-only deviance');
    expectClose(fit.coefficients[0]!.estimate, Math.log(share / (1 - share)), 'intercept');
    expectClose(fit.coefficients[0]!.stdError, 1 / Math.sqrt(lalonde.y.length * share * (1 - share)), 'SE');
  });

  it('names the covariates x1, x2, … when no names are given', () => {
    const fit = logisticRegression(lalonde.X, lalonde.y);
    expect(fit.coefficients.map((k) => k.name).slice(0, 3)).toEqual(['(Intercept)', 'x1', 'x2']);
  });
});

describe('logisticRegression turns what R only warns about into named errors', () => {
  it('throws SeparationError naming a 0/1 covariate whose level has no events (R: huge estimate and SE)', () => {
    const edge = fixture.edge.noEventLevel;
    // What R does with it: an estimate and standard error that only reflect where IRLS stopped.
    expect(edge.eventsWhenG1).toBe(0);
    expect(edge.rEstimateG).toBeLessThan(-10);
    expect(edge.rStdErrorG).toBeGreaterThan(100);
    expect(() => logisticRegression(edge.X, edge.y, { names: ['x1', 'g'] })).toThrow(SeparationError);
    expect(() => logisticRegression(edge.X, edge.y, { names: ['x1', 'g'] })).toThrow(
      `covariate g = 1 has no events (0 of ${edge.rowsWhenG1} rows)`,
    );
  });

  it('throws SeparationError naming the covariate when fitted probabilities reach 0 or 1 (R warns)', () => {
    const edge = fixture.edge.quasiSeparation;
    expect(edge.rWarning).toBe('glm.fit: fitted probabilities numerically 0 or 1 occurred');
    expect(() => logisticRegression(edge.X, edge.y, { names: ['score'] })).toThrow(SeparationError);
    expect(() => logisticRegression(edge.X, edge.y, { names: ['score'] })).toThrow(/separated by score/);
  });

  it('throws SeparationError naming the level of a factor dummy that has only events (R: no warning)', () => {
    const edge = fixture.edge.factorLevelAllEvents;
    expect(edge.rEstimateZ3).toBeGreaterThan(10);
    expect(edge.rStdErrorZ3).toBeGreaterThan(100);
    const names = ['z1', 'z2', 'z3'];
    expect(() => logisticRegression(edge.X, edge.y, { names })).toThrow(
      `covariate z3 = 1 has only events (${edge.rowsWhenZ3} of ${edge.rowsWhenZ3} rows)`,
    );
  });

  it('names the covariates whose estimates diverge when an interaction separates the outcome (R warns)', () => {
    const edge = fixture.edge.interactionSeparation;
    expect(edge.rWarning).toBe('glm.fit: fitted probabilities numerically 0 or 1 occurred');
    expect(() => logisticRegression(edge.X, edge.y, { names: ['x', 'g', 'x_by_g'] })).toThrow(
      /separated by g, x_by_g:/,
    );
  });

  it('finds a level without events whatever the coding of a two-valued covariate (1 / 2 here)', () => {
    const edge = fixture.edge.noEventLevel;
    const recoded = edge.X.map(([x1, g]) => [x1!, g! + 1]);
    expect(() => logisticRegression(recoded, edge.y, { names: ['x1', 'sex'] })).toThrow(
      'covariate sex = 2 has no events',
    );
  });

  it('throws SeparationError when the outcome has a single value', () => {
    expect(() => logisticRegression([[1], [2], [3], [4]], [0, 0, 0, 0])).toThrow(SeparationError);
  });

  it('throws CollinearityError naming the covariate R reports as NA', () => {
    const edge = fixture.edge.collinear;
    expect(edge.rCoefficients[3]).toBe('NA');
    let caught: unknown;
    try {
      logisticRegression(edge.X, edge.y, { names: ['age', 'educ', 'age_plus_educ'] });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(CollinearityError);
    expect((caught as CollinearityError).covariate).toBe('age_plus_educ');
  });

  it('throws CollinearityError naming a constant covariate', () => {
    const X = lalonde.X.map((row) => [row[0]!, 1]);
    expect(() => logisticRegression(X, lalonde.y, { names: ['age', 'one'] })).toThrow(
      /covariate one is constant/,
    );
  });

  it('throws ConvergenceError when IRLS needs more iterations than allowed (R: "algorithm did not converge")', () => {
    expect(() => logisticRegression(lalonde.X, lalonde.y, { maxIterations: 2 })).toThrow(ConvergenceError);
  });

  it('rejects mismatched lengths, non-finite values, non-binary outcomes and too few rows', () => {
    expect(() => logisticRegression([[1], [2], [3]], [0, 1])).toThrow(LengthMismatchError);
    expect(() => logisticRegression([[1], [2]], [0, 1], { names: ['a', 'b'] })).toThrow(LengthMismatchError);
    expect(() => logisticRegression([[1], [Number.NaN], [3], [4]], [0, 1, 0, 1])).toThrow(
      'X row 1, column x1 is NaN',
    );
    expect(() => logisticRegression([[1], [Number.NaN], [3], [4]], [0, 1, 0, 1])).toThrow(
      NonFiniteValueError,
    );
    expect(() => logisticRegression([[1], [2], [3], [4]], [0, 1, 2, 1])).toThrow(InvalidArgumentError);
    expect(() => logisticRegression([], [])).toThrow(EmptyGroupError);
    expect(() => logisticRegression([[1], [2]], [0, 1])).toThrow(EmptyGroupError);
    expect(() => logisticRegression(lalonde.X, lalonde.y, { confidenceLevel: 1 })).toThrow(
      InvalidArgumentError,
    );
  });
});
