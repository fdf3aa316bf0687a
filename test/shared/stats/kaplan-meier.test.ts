import { readFileSync } from 'node:fs';
import { kaplanMeier, type KaplanMeierStep } from '../../../shared/stats/kaplan-meier.js';
import {
  EmptyGroupError,
  InvalidArgumentError,
  LengthMismatchError,
  NonFiniteValueError,
} from '../../../shared/stats/errors.js';

// Reference values generated in R 4.2 with survival::survfit by test/fixtures/stats/km-lung.R.
type Column = (number | null)[];
interface KmFixture {
  time: number[];
  nRisk: number[];
  nEvent: number[];
  nCensor: number[];
  survival: number[];
  stdErr: Column;
  lower: Column;
  upper: Column;
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/km-lung.json', 'utf8')) as {
  tolerance: { relative: number };
  lung: { time: number[]; event: number[]; sex: number[] };
  kmOverall: KmFixture;
  kmMale: KmFixture;
  kmFemale: KmFixture;
  tiny: { time: number[]; event: number[]; km: KmFixture };
  censoredGroup: { time: number[]; event: number[]; group: number[]; kmCensored: KmFixture };
};
const tol = fixture.tolerance.relative;

function expectClose(actual: number | null, expected: number | null, where: string): void {
  if (expected === null) {
    expect({ where, actual }).toEqual({ where, actual: null });
    return;
  }
  if (actual === null) throw new Error(`${where}: got null, R gives ${expected}`);
  const scale = Math.max(Math.abs(expected), 1e-300);
  if (Math.abs(actual - expected) > tol * scale) {
    throw new Error(`${where}: got ${actual}, R gives ${expected}`);
  }
}

function expectMatchesR(steps: KaplanMeierStep[], ref: KmFixture): void {
  expect(steps.map((s) => s.time)).toEqual(ref.time);
  expect(steps.map((s) => s.nRisk)).toEqual(ref.nRisk);
  expect(steps.map((s) => s.nEvent)).toEqual(ref.nEvent);
  expect(steps.map((s) => s.nCensor)).toEqual(ref.nCensor);
  steps.forEach((s, i) => {
    expectClose(s.survival, ref.survival[i]!, `survival[${i}]`);
    expectClose(s.stdErr, ref.stdErr[i]!, `stdErr[${i}]`);
    expectClose(s.lower, ref.lower[i]!, `lower[${i}]`);
    expectClose(s.upper, ref.upper[i]!, `upper[${i}]`);
  });
}

describe('kaplanMeier', () => {
  const { time, event, sex } = fixture.lung;

  it('matches survfit on the whole lung data set (tied times included)', () => {
    expect(fixture.kmOverall.nEvent.some((d) => d > 1)).toBe(true); // lung has tied death times
    expectMatchesR(kaplanMeier(time, event), fixture.kmOverall);
  });

  it('matches survfit within each sex', () => {
    for (const [value, ref] of [
      [1, fixture.kmMale],
      [2, fixture.kmFemale],
    ] as const) {
      const idx = sex.map((s, i) => (s === value ? i : -1)).filter((i) => i >= 0);
      expectMatchesR(
        kaplanMeier(
          idx.map((i) => time[i]!),
          idx.map((i) => event[i]!),
        ),
        ref,
      );
    }
  });

  it('handles a tie between an event and a censoring, and survival reaching zero (null, not NaN)', () => {
    const steps = kaplanMeier(fixture.tiny.time, fixture.tiny.event);
    expectMatchesR(steps, fixture.tiny.km);
    expect(steps.at(-1)).toMatchObject({ survival: 0, stdErr: null, lower: null, upper: null });
  });

  it('keeps S = 1 with a degenerate interval in an all-censored group', () => {
    const { time: t, event: e, group, kmCensored } = fixture.censoredGroup;
    const idx = group.map((g, i) => (g === 2 ? i : -1)).filter((i) => i >= 0);
    expectMatchesR(
      kaplanMeier(
        idx.map((i) => t[i]!),
        idx.map((i) => e[i]!),
      ),
      kmCensored,
    );
  });

  it('accepts boolean event indicators', () => {
    expect(kaplanMeier([1, 2, 2, 3], [true, true, false, true])).toEqual(
      kaplanMeier([1, 2, 2, 3], [1, 1, 0, 1]),
    );
  });

  it('rejects bad input with named errors', () => {
    expect(() => kaplanMeier([], [])).toThrow(EmptyGroupError);
    expect(() => kaplanMeier([1, 2], [1])).toThrow(LengthMismatchError);
    expect(() => kaplanMeier([1, NaN], [1, 0])).toThrow(NonFiniteValueError);
    expect(() => kaplanMeier([1, 2], [1, 2])).toThrow(InvalidArgumentError);
    expect(() => kaplanMeier([1, 2], [1, 0], 1)).toThrow(InvalidArgumentError);
  });
});
