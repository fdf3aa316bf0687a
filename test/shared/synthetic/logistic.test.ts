import { clamp, expit, roundTo } from '../../../shared/synthetic/logistic.js';

describe('expit', () => {
  it('is the inverse logit: 0.5 at 0, symmetric, and log(p / (1 − p)) back', () => {
    expect(expit(0)).toBe(0.5);
    expect(expit(2) + expit(-2)).toBeCloseTo(1, 15);
    const p = expit(-1.3);
    expect(Math.log(p / (1 - p))).toBeCloseTo(-1.3, 12);
  });
});

describe('clamp / roundTo', () => {
  it('clamps into the range and rounds to the given decimals', () => {
    expect([clamp(-1, 0, 1), clamp(0.4, 0, 1), clamp(7, 0, 1)]).toEqual([0, 0.4, 1]);
    expect(roundTo(2.34567, 2)).toBe(2.35);
    expect(roundTo(2.5, 0)).toBe(3);
  });
});
