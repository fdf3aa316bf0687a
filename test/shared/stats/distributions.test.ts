import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from '../../../shared/stats/errors.js';
import { dnorm, lgamma, pchisq, pnorm, pt, qnorm, qt } from '../../../shared/stats/distributions.js';

// Reference values generated in R 4.2 by test/fixtures/stats/distributions.R (pnorm, qnorm, pt, qt, pchisq,
// lgamma over grids that reach the far tails). Tolerance: relative 1e-8, stated in the fixture.
interface Fixture {
  tolerance: { relative: number };
  pnorm: { x: number; lower: boolean; value: number }[];
  qnorm: { p: number; value: number }[];
  pt: { x: number; df: number; lower: boolean; value: number }[];
  qt: { p: number; df: number; value: number }[];
  pchisq: { x: number; df: number; lower: boolean; value: number }[];
  lgamma: { x: number; value: number }[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/distributions.json', 'utf8')) as Fixture;
const tol = fixture.tolerance.relative;

function relativeError(actual: number, expected: number): number {
  return actual === expected ? 0 : Math.abs(actual - expected) / Math.abs(expected);
}

describe('pnorm (R pnorm, Cody 1969)', () => {
  it.each(fixture.pnorm)('pnorm($x, lower.tail = $lower) = $value', ({ x, lower, value }) => {
    expect(relativeError(pnorm(x, lower), value)).toBeLessThanOrEqual(tol);
  });

  it('keeps the far upper tail that jstat loses (pnorm(10, lower.tail = FALSE) is not 0)', () => {
    expect(pnorm(10, false)).toBeGreaterThan(7.6e-24);
    expect(pnorm(10, false)).toBeLessThan(7.7e-24);
  });

  it('rejects NaN', () => {
    expect(() => pnorm(Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('qnorm (R qnorm, Wichura AS 241)', () => {
  it.each(fixture.qnorm)('qnorm($p) = $value', ({ p, value }) => {
    expect(relativeError(qnorm(p), value)).toBeLessThanOrEqual(tol);
  });

  it('returns ±Infinity at 0 and 1 and rejects probabilities outside [0, 1]', () => {
    expect(qnorm(0)).toBe(-Infinity);
    expect(qnorm(1)).toBe(Infinity);
    expect(() => qnorm(1.5)).toThrow(InvalidArgumentError);
    expect(() => qnorm(Number.NaN)).toThrow(InvalidArgumentError);
  });
});

describe('pt (R pt)', () => {
  it.each(fixture.pt)('pt($x, $df, lower.tail = $lower) = $value', ({ x, df, lower, value }) => {
    expect(relativeError(pt(x, df, lower), value)).toBeLessThanOrEqual(tol);
  });

  it('rejects a non-positive df', () => {
    expect(() => pt(1, 0)).toThrow(InvalidArgumentError);
  });
});

describe('qt (R qt)', () => {
  it.each(fixture.qt)('qt($p, $df) = $value', ({ p, df, value }) => {
    expect(relativeError(qt(p, df), value)).toBeLessThanOrEqual(tol);
  });

  it('rejects probabilities outside [0, 1]', () => {
    expect(() => qt(-0.1, 5)).toThrow(InvalidArgumentError);
  });
});

describe('pchisq (R pchisq; upper tail by continued fraction)', () => {
  it.each(fixture.pchisq)('pchisq($x, $df, lower.tail = $lower) = $value', ({ x, df, lower, value }) => {
    expect(relativeError(pchisq(x, df, lower), value)).toBeLessThanOrEqual(tol);
  });

  it('gives 0 / 1 at x <= 0 and rejects df <= 0', () => {
    expect(pchisq(0, 3)).toBe(0);
    expect(pchisq(0, 3, false)).toBe(1);
    expect(() => pchisq(1, -1)).toThrow(InvalidArgumentError);
  });
});

describe('lgamma (R lgamma)', () => {
  it.each(fixture.lgamma)('lgamma($x) = $value', ({ x, value }) => {
    // lgamma crosses 0 at 1 and 2; compare absolutely there, where only the absolute error matters downstream.
    const error = Math.abs(value) < 1 ? Math.abs(lgamma(x) - value) : relativeError(lgamma(x), value);
    expect(error).toBeLessThanOrEqual(tol);
  });

  it('rejects x <= 0', () => {
    expect(() => lgamma(0)).toThrow(InvalidArgumentError);
  });
});

describe('dnorm', () => {
  it('is the standard normal density (R: dnorm(0) = 0.398942280401433, dnorm(1.5) = 0.129517595665892)', () => {
    expect(relativeError(dnorm(0), 0.398942280401433)).toBeLessThan(1e-12);
    expect(relativeError(dnorm(1.5), 0.129517595665892)).toBeLessThan(1e-12);
  });
});
