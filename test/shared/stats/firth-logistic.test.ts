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
import { firthLogisticRegression } from '../../../shared/stats/firth-logistic.js';
import { logisticRegression } from '../../../shared/stats/logistic-regression.js';

// Reference values generated in R 4.2 with brglm2 by test/fixtures/stats/firth-logistic.R:
// glm(family = binomial, method = brglm2::brglmFit, type = "AS_mean"), summary(fit)$coefficients,
// exp(confint.default(fit)), fit$deviance and the penalised log-likelihood, on a cohort where cirrhosis separates
// the outcome, an ordinary cohort, brglm2::endometrial, quasi-separation by a continuous covariate, and a subgroup
// in which a covariate level has a single run. Tolerance: relative 1e-6.
interface FirthCase {
  name: string;
  call: string;
  names: string[];
  X: number[][];
  y: number[];
  coefficients: Record<'estimate' | 'stdError' | 'z' | 'pValue' | 'ciLower' | 'ciUpper', number[]> & {
    name: string[];
  };
  deviance: number;
  penalisedLogLikelihood: number;
  iterations: number;
  maximumLikelihood: { estimate: number[]; stdError: number[]; converged: boolean };
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/firth-logistic.json', 'utf8')) as {
  tolerance: { relative: number };
  cases: FirthCase[];
};
const tol = fixture.tolerance.relative;
const byName = (name: string): FirthCase => fixture.cases.find((c) => c.name === name)!;

/**
 * Relative error, against `floor` where R's value is (numerically) zero: an intercept that is 0 by symmetry comes
 * out as ±1e-15 in both, which no relative tolerance can compare.
 */
function relativeError(actual: number, expected: number, floor: number): number {
  return Math.abs(actual - expected) / Math.max(Math.abs(expected), floor, Number.MIN_VALUE);
}
function expectClose(actual: number, expected: number, what: string, floor = 0): void {
  const error = relativeError(actual, expected, floor);
  if (!(error <= tol))
    throw new Error(`${what}: got ${actual}, R gives ${expected} (relative error ${error})`);
}

describe('firthLogisticRegression reproduces R brglm2::brglmFit (type = "AS_mean")', () => {
  it.each(fixture.cases.map((c) => [`${c.name}: ${c.call}`, c] as const))('%s', (_label, c) => {
    const fit = firthLogisticRegression(c.X, c.y, { names: c.names });
    expect(fit.coefficients.map((k) => k.name)).toEqual(c.coefficients.name);
    fit.coefficients.forEach((k, j) => {
      // Estimates and z against a floor of 1e-3 standard errors (resp. 1e-3), which matters only near 0.
      const floors = { estimate: 1e-3 * c.coefficients.stdError[j]!, z: 1e-3 };
      for (const field of ['estimate', 'stdError', 'z', 'pValue', 'ciLower', 'ciUpper'] as const) {
        const floor = field === 'estimate' || field === 'z' ? floors[field] : 0;
        expectClose(k[field], c.coefficients[field][j]!, `${k.name} ${field}`, floor);
      }
      expectClose(k.oddsRatio, Math.exp(c.coefficients.estimate[j]!), `${k.name} oddsRatio`);
    });
    expectClose(fit.deviance, c.deviance, 'deviance');
    expectClose(fit.penalisedLogLikelihood, c.penalisedLogLikelihood, 'penalised log-likelihood');
    expect(fit.converged).toBe(true);
    expect(fit.nObs).toBe(c.y.length);
  });

  it('gives a finite estimate where a covariate separates and maximum likelihood reports separation', () => {
    for (const c of [
      byName('cirrhosis separates'),
      byName('endometrial'),
      byName('continuous quasi-separation'),
    ]) {
      expect(() => logisticRegression(c.X, c.y, { names: c.names })).toThrow(SeparationError);
      const fit = firthLogisticRegression(c.X, c.y, { names: c.names });
      for (const k of fit.coefficients) {
        expect(Number.isFinite(k.estimate) && Number.isFinite(k.stdError)).toBe(true);
        // R's glm "converges" to a huge estimate and SE for the separating covariate; Firth's SE is ordinary.
        expect(k.stdError).toBeLessThan(10);
      }
      const ml = c.maximumLikelihood;
      expect(Math.max(...ml.stdError)).toBeGreaterThan(100);
    }
  });

  it('keeps the exposure estimate of a separated cohort near the fit without the separating rows', () => {
    // Dropping the six cirrhosis rows (all survivors) and the constant column is the alternative to Firth; the
    // exposure's odds ratio should barely move (the separation concerns a nuisance covariate).
    const c = byName('cirrhosis separates');
    const cirrhosis = c.names.indexOf('cirrhosis');
    const keep = c.X.map((row, i) => (row[cirrhosis] === 0 ? i : -1)).filter((i) => i >= 0);
    expect(c.y.length - keep.length).toBe(6);
    const reduced = logisticRegression(
      keep.map((i) => c.X[i]!.filter((_, j) => j !== cirrhosis)),
      keep.map((i) => c.y[i]!),
      { names: c.names.filter((_, j) => j !== cirrhosis) },
    );
    const firth = firthLogisticRegression(c.X, c.y, { names: c.names });
    const exposure = (fit: { coefficients: typeof firth.coefficients }) =>
      fit.coefficients.find((k) => k.name === 'iabp')!;
    expect(Math.abs(Math.log(exposure(firth).oddsRatio / exposure(reduced).oddsRatio))).toBeLessThan(0.05);
  });

  it('is close to maximum likelihood without separation', () => {
    const c = byName('ordinary cohort');
    const ml = logisticRegression(c.X, c.y, { names: c.names });
    const firth = firthLogisticRegression(c.X, c.y, { names: c.names });
    ml.coefficients.forEach((k, j) => {
      expectClose(k.estimate, c.maximumLikelihood.estimate[j]!, `ML ${k.name}`);
      const f = firth.coefficients[j]!;
      // Firth removes the O(1/n) bias: a move small against the standard error, but not nothing.
      expect(Math.abs(f.estimate - k.estimate)).toBeLessThan(0.25 * k.stdError);
      expect(Math.abs(f.estimate - k.estimate)).toBeGreaterThan(1e-4 * k.stdError);
    });
    expect(firth.deviance).toBeGreaterThan(ml.deviance); // the ML fit minimises the deviance
  });

  it("solves the modified score equations X'(y − μ + h(½ − μ)) = 0 at the estimate", () => {
    const c = byName('endometrial');
    const fit = firthLogisticRegression(c.X, c.y, { names: c.names });
    const beta = fit.coefficients.map((k) => k.estimate);
    const rows = c.X.map((row) => [1, ...row]);
    const mu = rows.map((x) => 1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * beta[j]!, 0))));
    const p = beta.length;
    const info = Array.from({ length: p }, (_, a) =>
      Array.from({ length: p }, (_, b) =>
        rows.reduce((s, x, i) => s + x[a]! * x[b]! * mu[i]! * (1 - mu[i]!), 0),
      ),
    );
    const inverse = invert(info);
    const score = new Array<number>(p).fill(0);
    rows.forEach((x, i) => {
      const quad = x.reduce((s, xa, a) => s + xa * x.reduce((t, xb, b) => t + inverse[a]![b]! * xb, 0), 0);
      const h = mu[i]! * (1 - mu[i]!) * quad;
      const r = c.y[i]! - mu[i]! + h * (0.5 - mu[i]!);
      x.forEach((v, j) => (score[j]! += v * r));
    });
    for (const s of score) expect(Math.abs(s)).toBeLessThan(1e-8);
  });

  it('is invariant to shifting a covariate (the intercept absorbs it)', () => {
    const c = byName('cirrhosis separates');
    const age = c.names.indexOf('age');
    const shifted = c.X.map((row) => row.map((v, j) => (j === age ? v - 56 : v)));
    const a = firthLogisticRegression(c.X, c.y, { names: c.names });
    const b = firthLogisticRegression(shifted, c.y, { names: c.names });
    a.coefficients.forEach((k, j) => {
      const other = b.coefficients[j]!;
      if (j === 0) {
        expect(other.estimate).toBeCloseTo(k.estimate + 56 * a.coefficients[age + 1]!.estimate, 8);
      } else {
        expect(other.estimate).toBeCloseTo(k.estimate, 8);
        expect(other.stdError).toBeCloseTo(k.stdError, 8);
      }
    });
  });

  it("converges to R's root where a covariate level has a single run (leverage 1)", () => {
    // The lone cirrhosis run fits only itself, so its modified score is 0 − μ + 1·(½ − μ) and its slope is twice
    // the Fisher information: full scoring steps jump from one side of the root to the other, at equal penalised
    // likelihood, and never get closer. The fit must cut such a step back, as brglm2 does.
    const c = byName('single-run level');
    const fit = firthLogisticRegression(c.X, c.y, { names: c.names });
    expect(fit.converged).toBe(true);
    expect(fit.iterations).toBeLessThanOrEqual(c.iterations); // R's brglm2 took 19 from the same start
    const exposure = c.names.indexOf('exposure') + 1;
    expectClose(
      fit.coefficients[exposure]!.estimate,
      c.coefficients.estimate[exposure]!,
      'exposure estimate',
    );
    expectClose(fit.coefficients[exposure]!.stdError, c.coefficients.stdError[exposure]!, 'exposure SE');
    // At the root the single run's fitted probability solves −μ + (½ − μ) = 0: μ = ¼.
    const cirrhosis = c.names.indexOf('hx_cirrhosis');
    const lone = c.X.findIndex((row) => row[cirrhosis] === 1);
    expect(c.X.filter((row) => row[cirrhosis] === 1)).toHaveLength(1);
    const eta = fit.coefficients.reduce((s, k, j) => s + k.estimate * (j === 0 ? 1 : c.X[lone]![j - 1]!), 0);
    expect(1 / (1 + Math.exp(-eta))).toBeCloseTo(0.25, 9);
  });

  it('throws a named ConvergenceError when the iteration limit is too small', () => {
    const c = byName('endometrial');
    expect(() => firthLogisticRegression(c.X, c.y, { names: c.names, maxIterations: 2 })).toThrow(
      ConvergenceError,
    );
    expect(() => firthLogisticRegression(c.X, c.y, { names: c.names, maxIterations: 2 })).toThrow(
      /did not converge in 2 iterations/,
    );
  });

  it('rejects bad input with named errors', () => {
    expect(() => firthLogisticRegression([[1], [2]], [0])).toThrow(LengthMismatchError);
    expect(() => firthLogisticRegression([[1], [2], [3]], [0, 2, 1])).toThrow(InvalidArgumentError);
    expect(() => firthLogisticRegression([[1], [NaN], [3]], [0, 1, 1])).toThrow(NonFiniteValueError);
    expect(() => firthLogisticRegression([[1]], [0])).toThrow(EmptyGroupError);
    expect(() =>
      firthLogisticRegression(
        [
          [1, 2],
          [2, 4],
          [3, 6],
          [4, 8],
        ],
        [0, 1, 0, 1],
      ),
    ).toThrow(CollinearityError);
    expect(() => firthLogisticRegression([[1], [2], [3]], [0, 1, 1], { epsilon: 0 })).toThrow(
      InvalidArgumentError,
    );
  });
});

/** Gauss–Jordan inverse of a small symmetric positive-definite matrix (test-side check, independent of the module). */
function invert(a: number[][]): number[][] {
  const p = a.length;
  const m = a.map((row, i) => [...row, ...Array.from({ length: p }, (_, j) => (i === j ? 1 : 0))]);
  for (let col = 0; col < p; col++) {
    const pivot = m[col]![col]!;
    for (let j = 0; j < 2 * p; j++) m[col]![j]! /= pivot;
    for (let r = 0; r < p; r++) {
      if (r === col) continue;
      const f = m[r]![col]!;
      for (let j = 0; j < 2 * p; j++) m[r]![j]! -= f * m[col]![j]!;
    }
  }
  return m.map((row) => row.slice(p));
}
