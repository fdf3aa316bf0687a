import {
  formatEstimate,
  formatEstimateWithInterval,
  formatPValue,
} from '../../../../shared/report/figures/format-number.js';

describe('formatEstimate', () => {
  it('prints two decimals below 10 and three significant digits from 10 on', () => {
    expect(formatEstimate(0.823)).toBe('0.82');
    expect(formatEstimate(9.994)).toBe('9.99');
    expect(formatEstimate(12.345)).toBe('12.3');
    expect(formatEstimate(-12.345)).toBe('-12.3');
  });
});

describe('formatEstimateWithInterval', () => {
  it('prints the estimate and its limits with an en dash', () => {
    expect(formatEstimateWithInterval(0.823, 0.69, 0.987)).toBe('0.82 (0.69–0.99)');
  });
});

describe('formatPValue', () => {
  it('prints three decimals, and "<0.001" below 0.001', () => {
    expect(formatPValue(0.04567)).toBe('0.046');
    expect(formatPValue(0.001)).toBe('0.001');
    expect(formatPValue(0.000999)).toBe('<0.001');
  });
});
