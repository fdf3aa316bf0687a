import { readFileSync } from 'node:fs';
import { standardizedMeanDifference } from '../../../shared/stats/standardized-mean-difference.js';
import type { MatchedPair } from '../../../shared/stats/nearest-neighbor-match.js';
import { EmptyGroupError, LengthMismatchError, NonFiniteValueError } from '../../../shared/stats/errors.js';

// Reference SMDs computed in R 4.2 by hand with tableone::ExtractSmd's formulas (tableone is not installed) on
// MatchIt::lalonde before and after matching, by test/fixtures/stats/match-lalonde.R. Relative tolerance 1e-8.
const fixture = JSON.parse(readFileSync('test/fixtures/stats/match-lalonde.json', 'utf8')) as {
  tolerance: { relative: number };
  treat: number[];
  pairs: MatchedPair[];
  covariates: Record<string, number[]>;
  smdBefore: Record<string, number>;
  smdAfter: Record<string, number>;
};
const tol = fixture.tolerance.relative;

describe('standardizedMeanDifference', () => {
  const names = Object.keys(fixture.covariates);

  it('matches R on every lalonde covariate before matching (continuous and binary)', () => {
    expect(names).toEqual(['age', 'educ', 're74', 're75', 'married', 'nodegree', 'black', 'hispan']);
    for (const name of names) {
      const smd = standardizedMeanDifference(fixture.covariates[name]!, fixture.treat);
      expect({ name, rel: Math.abs(smd / fixture.smdBefore[name]! - 1) < tol }).toEqual({ name, rel: true });
    }
  });

  it('matches R in the MatchIt-matched sample', () => {
    const rows = [...fixture.pairs.map((p) => p.treated), ...fixture.pairs.map((p) => p.control)];
    for (const name of names) {
      const x = fixture.covariates[name]!;
      const smd = standardizedMeanDifference(
        rows.map((r) => x[r]!),
        rows.map((r) => fixture.treat[r]!),
      );
      expect({ name, rel: Math.abs(smd / fixture.smdAfter[name]! - 1) < tol }).toEqual({ name, rel: true });
    }
  });

  it('uses the proportion formula for 0/1 data and the SD formula when told it is not binary', () => {
    const x = [1, 0, 0, 0, 1, 1, 1, 0];
    const t = [1, 1, 1, 1, 0, 0, 0, 0];
    // p1 = 0.25, p0 = 0.75: (0.25 - 0.75) / sqrt((0.1875 + 0.1875) / 2)
    expect(standardizedMeanDifference(x, t)).toBeCloseTo(-0.5 / Math.sqrt(0.1875), 12);
    // sample variances 0.25 each (n - 1 = 3): -0.5 / 0.5
    expect(standardizedMeanDifference(x, t, { binary: false })).toBeCloseTo(-0.5 / Math.sqrt(0.25), 12);
  });

  it('returns 0 for identical constant groups and an infinite SMD for different constant groups', () => {
    expect(standardizedMeanDifference([2, 2, 2, 2], [1, 1, 0, 0])).toBe(0);
    expect(standardizedMeanDifference([1, 1, 0, 0], [1, 1, 0, 0])).toBe(Infinity);
  });

  it('rejects bad input with named errors', () => {
    expect(() => standardizedMeanDifference([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => standardizedMeanDifference([1, NaN], [1, 0])).toThrow(NonFiniteValueError);
    expect(() => standardizedMeanDifference([1, 2], [1, 1])).toThrow(EmptyGroupError);
    expect(() => standardizedMeanDifference([1.5, 2, 3], [1, 0, 0])).toThrow(EmptyGroupError);
  });
});
