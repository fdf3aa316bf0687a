import { readFileSync } from 'node:fs';
import {
  cumulativeIncidence,
  cumulativeIncidenceAt,
  cumulativeIncidenceByGroup,
  type CumulativeIncidenceCurve,
  type CumulativeIncidencePoint,
} from '../../../shared/stats/cumulative-incidence.js';
import { kaplanMeier } from '../../../shared/stats/kaplan-meier.js';
import {
  EmptyGroupError,
  InvalidArgumentError,
  LengthMismatchError,
  NonFiniteValueError,
} from '../../../shared/stats/errors.js';

// Reference values generated in R 4.2 with survival 3.5-3 by test/fixtures/stats/cumulative-incidence.R:
// survfit(Surv(time, status) ~ group) with a factor status (multi-state, Aalen–Johansen), per stratum
// fit$pstate, fit$std.err (infinitesimal jackknife), fit$lower/upper (log type) and
// summary(fit, times = horizons, extend = TRUE).
type Limits = (number | null)[][];
interface Stratum {
  group: string;
  time: number[];
  nRisk: number[];
  nEvent: number[][];
  nCensor: number[];
  pstate: number[][];
  stdErr: number[][];
  lower: Limits;
  upper: Limits;
  atHorizon: { time: number[]; pstate: number[][]; stdErr: number[][]; lower: Limits; upper: Limits };
}
interface Case {
  name: string;
  causes: string[];
  states: string[];
  horizons: number[];
  time: number[];
  status: number[];
  group: string[];
  strata: Stratum[];
}
const fixture = JSON.parse(readFileSync('test/fixtures/stats/cumulative-incidence.json', 'utf8')) as {
  tolerance: { relative: number };
  cases: Case[];
};
const tol = fixture.tolerance.relative;
const cohort = fixture.cases.find((c) => c.name === 'generated in-hospital cohort')!;

function expectClose(actual: number | null, expected: number | null, where: string): void {
  if (expected === null || actual === null) {
    expect({ where, actual }).toEqual({ where, actual: expected });
    return;
  }
  // Absolute for values that are 0 in R (a standard error of 0 may come out as 1e-17 here).
  const error = Math.abs(actual - expected);
  if (!(error <= tol * Math.max(Math.abs(expected), 1e-12))) {
    throw new Error(`${where}: got ${actual}, R gives ${expected} (difference ${error})`);
  }
}
function expectRowClose(actual: (number | null)[], expected: (number | null)[], where: string): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, s) => expectClose(value, expected[s]!, `${where}[${s}]`));
}
function expectMatchesR(curve: CumulativeIncidenceCurve, ref: Stratum, where: string): void {
  const { steps } = curve;
  expect(steps.map((s) => s.time)).toEqual(ref.time);
  expect(steps.map((s) => s.nRisk)).toEqual(ref.nRisk);
  expect(steps.map((s) => s.nEvent)).toEqual(ref.nEvent);
  expect(steps.map((s) => s.nCensor)).toEqual(ref.nCensor);
  steps.forEach((step, j) => {
    const at = `${where} t=${step.time}`;
    expectRowClose(step.pstate, ref.pstate[j]!, `${at} pstate`);
    expectRowClose(step.stdErr, ref.stdErr[j]!, `${at} stdErr`);
    expectRowClose(step.lower, ref.lower[j]!, `${at} lower`);
    expectRowClose(step.upper, ref.upper[j]!, `${at} upper`);
  });
}
function expectPointMatchesR(point: CumulativeIncidencePoint, ref: Stratum['atHorizon'], h: number): void {
  expectRowClose(point.pstate, ref.pstate[h]!, 'pstate');
  expectRowClose(point.stdErr, ref.stdErr[h]!, 'stdErr');
  expectRowClose(point.lower, ref.lower[h]!, 'lower');
  expectRowClose(point.upper, ref.upper[h]!, 'upper');
}

describe('cumulativeIncidence reproduces R multi-state survfit (Aalen–Johansen)', () => {
  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s: every step of every group', (_name, c) => {
    const curves = cumulativeIncidenceByGroup(c.time, c.status, c.group, { causes: c.causes });
    expect(curves.map((g) => g.group)).toEqual(c.strata.map((s) => s.group));
    curves.forEach(({ group, curve }, i) => {
      expect(curve.states).toEqual(c.states);
      expectMatchesR(curve, c.strata[i]!, `${c.name} ${group}`);
    });
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))(
    '%s: the values at the horizons (summary(fit, times, extend = TRUE))',
    (_name, c) => {
      const curves = cumulativeIncidenceByGroup(c.time, c.status, c.group, { causes: c.causes });
      curves.forEach(({ curve }, i) => {
        const ref = c.strata[i]!.atHorizon;
        c.horizons.forEach((horizon, h) => {
          expect(ref.time[h]).toBe(horizon);
          expectPointMatchesR(cumulativeIncidenceAt(curve, horizon), ref, h);
        });
      });
    },
  );

  it('has the ties the fixture is meant to exercise', () => {
    const steps = cumulativeIncidenceByGroup(cohort.time, cohort.status, cohort.group, {
      causes: cohort.causes,
    }).flatMap((g) => g.curve.steps);
    expect(steps.some((s) => s.nEvent[0]! > 0 && s.nEvent[1]! > 0)).toBe(true); // death and discharge tied
    expect(steps.some((s) => s.nCensor > 0 && s.nEvent[0]! + s.nEvent[1]! > 0)).toBe(true);
    expect(steps.some((s) => s.nEvent[0]! > 1)).toBe(true);
    expect(Math.max(...cohort.time)).toBeGreaterThan(30); // the horizon falls inside follow-up
  });
});

describe('cumulativeIncidence properties', () => {
  const curves = fixture.cases.flatMap((c) =>
    cumulativeIncidenceByGroup(c.time, c.status, c.group, { causes: c.causes }).map((g) => g.curve),
  );

  it('event-free probability + every cumulative incidence = 1 at every time', () => {
    for (const curve of curves) {
      for (const step of curve.steps) {
        expect(Math.abs(step.pstate.reduce((a, b) => a + b, 0) - 1)).toBeLessThan(1e-12);
      }
    }
  });

  it('the incidences never decrease and the event-free probability never increases', () => {
    for (const curve of curves) {
      curve.steps.forEach((step, j) => {
        if (j === 0) return;
        const before = curve.steps[j - 1]!.pstate;
        expect(step.pstate[0]).toBeLessThanOrEqual(before[0]!);
        for (let s = 1; s < step.pstate.length; s++)
          expect(step.pstate[s]).toBeGreaterThanOrEqual(before[s]!);
      });
    }
  });

  it('the event-free probability is the all-cause Kaplan–Meier estimate', () => {
    const { time, status } = cohort;
    const curve = cumulativeIncidence(time, status, { causes: cohort.causes });
    const km = kaplanMeier(
      time,
      status.map((s) => (s > 0 ? 1 : 0)),
    );
    expect(curve.steps.map((s) => s.time)).toEqual(km.map((s) => s.time));
    curve.steps.forEach((step, j) => expect(step.pstate[0]).toBeCloseTo(km[j]!.survival, 14));
  });

  it('with a single cause, the incidence is 1 − Kaplan–Meier and its standard error the jackknife of S', () => {
    // A single cause makes F = 1 − S; the jackknife SEs of F and S are then the same number.
    const { time, status } = cohort;
    const deathOnly = status.map((s) => (s === 1 ? 1 : 0));
    const curve = cumulativeIncidence(time, deathOnly, { causes: ['death'] });
    const km = kaplanMeier(time, deathOnly);
    curve.steps.forEach((step, j) => {
      expect(step.pstate[1]).toBeCloseTo(1 - km[j]!.survival, 14);
      expect(step.stdErr[1]).toBeCloseTo(step.stdErr[0]!, 14);
    });
  });

  it('the incidence of death is below 1 − Kaplan–Meier that censors discharge (the competing-event bias)', () => {
    const { time, status } = cohort;
    const curve = cumulativeIncidence(time, status, { causes: cohort.causes });
    const km = kaplanMeier(
      time,
      status.map((s) => (s === 1 ? 1 : 0)),
    );
    const at30 = cumulativeIncidenceAt(curve, 30).pstate[1]!;
    const km30 = 1 - km.filter((s) => s.time <= 30).at(-1)!.survival;
    expect(at30).toBeLessThan(km30 - 0.05);
  });

  it('reads the starting values before the first time and carries the last step forward', () => {
    // R's summary(fit, times = 1, extend = TRUE) gives the same pstate and std.err, but limits of 0 throughout.
    const curve = cumulativeIncidence([2, 3, 3, 5], [1, 2, 0, 1], { causes: ['death', 'discharge'] });
    expect(cumulativeIncidenceAt(curve, 1)).toEqual({
      time: 1,
      pstate: [1, 0, 0],
      stdErr: [0, 0, 0],
      lower: [1, null, null],
      upper: [1, null, null],
    });
    const last = curve.steps.at(-1)!;
    expect(cumulativeIncidenceAt(curve, 100)).toMatchObject({ time: 100, pstate: last.pstate });
    expect(last.pstate[0]).toBe(0);
    expect(last.lower[0]).toBeNull();
  });

  it('rejects bad input with named errors', () => {
    const causes = ['death', 'discharge'];
    expect(() => cumulativeIncidence([], [], { causes })).toThrow(EmptyGroupError);
    expect(() => cumulativeIncidence([1, 2], [1], { causes })).toThrow(LengthMismatchError);
    expect(() => cumulativeIncidence([1, Infinity], [1, 0], { causes })).toThrow(NonFiniteValueError);
    expect(() => cumulativeIncidence([1, 2], [1, 3], { causes })).toThrow(/status\[1\] is 3/);
    expect(() => cumulativeIncidence([1, 2], [1, 0.5], { causes })).toThrow(InvalidArgumentError);
    expect(() => cumulativeIncidence([1, 2], [1, 0], { causes: [] })).toThrow(InvalidArgumentError);
    expect(() => cumulativeIncidence([1, 2], [1, 0], { causes, confLevel: 1 })).toThrow(InvalidArgumentError);
    expect(() => cumulativeIncidenceByGroup([1, 2], [1, 0], ['a'], { causes })).toThrow(LengthMismatchError);
    const curve = cumulativeIncidence([1, 2], [1, 0], { causes });
    expect(() => cumulativeIncidenceAt(curve, NaN)).toThrow(InvalidArgumentError);
  });
});
