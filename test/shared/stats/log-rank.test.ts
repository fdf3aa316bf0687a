import { readFileSync } from 'node:fs';
import { logRankTest } from '../../../shared/stats/log-rank.js';
import { EmptyGroupError, LengthMismatchError, NonFiniteValueError } from '../../../shared/stats/errors.js';

// Reference values generated in R 4.2 with survival::survdiff by test/fixtures/stats/km-lung.R.
interface LogRankFixture {
  statistic: number;
  df: number;
  pValue: number;
  observed: number[];
  expected: number[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/km-lung.json', 'utf8')) as {
  tolerance: { relative: number };
  lung: { time: number[]; event: number[]; sex: number[] };
  logrankSex: LogRankFixture;
  ecog: { time: number[]; event: number[]; group: number[] };
  logrankEcog: LogRankFixture;
  censoredGroup: { time: number[]; event: number[]; group: number[]; logrank: LogRankFixture };
};
const tol = fixture.tolerance.relative;

function expectMatchesR(actual: ReturnType<typeof logRankTest>, ref: LogRankFixture): void {
  expect(actual.df).toBe(ref.df);
  expect(actual.observed).toEqual(ref.observed);
  for (const key of ['statistic', 'pValue'] as const) {
    expect(Math.abs(actual[key] - ref[key]) / Math.abs(ref[key])).toBeLessThan(tol);
  }
  actual.expected.forEach((e, g) => {
    expect(Math.abs(e - ref.expected[g]!) / ref.expected[g]!).toBeLessThan(tol);
  });
}

describe('logRankTest', () => {
  it('matches survdiff for lung by sex', () => {
    const { time, event, sex } = fixture.lung;
    const result = logRankTest(time, event, sex);
    expect(result.groups).toEqual([1, 2]);
    expectMatchesR(result, fixture.logrankSex);
  });

  it('matches survdiff with three groups (lung by ECOG 0 / 1 / 2+, df = 2)', () => {
    const { time, event, group } = fixture.ecog;
    expectMatchesR(logRankTest(time, event, group), fixture.logrankEcog);
  });

  it('matches survdiff when one group is entirely censored', () => {
    const { time, event, group, logrank } = fixture.censoredGroup;
    const result = logRankTest(time, event, group);
    expect(result.observed[1]).toBe(0);
    expectMatchesR(result, logrank);
  });

  it('does not depend on the order of the rows or on group labels being numbers', () => {
    const { time, event, sex } = fixture.lung;
    const reversed = logRankTest([...time].reverse(), [...event].reverse(), [...sex].reverse().map(String));
    expect(reversed.groups).toEqual(['1', '2']);
    expect(reversed.statistic).toBeCloseTo(fixture.logrankSex.statistic, 10);
  });

  it('rejects bad input with named errors', () => {
    expect(() => logRankTest([1, 2], [1, 1], [1, 1])).toThrow(EmptyGroupError);
    expect(() => logRankTest([1, 2], [0, 0], [1, 2])).toThrow(EmptyGroupError);
    expect(() => logRankTest([1, 2], [1, 1], [1])).toThrow(LengthMismatchError);
    expect(() => logRankTest([1, Infinity], [1, 1], [1, 2])).toThrow(NonFiniteValueError);
  });
});
