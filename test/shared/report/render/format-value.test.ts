import {
  formatCount,
  formatCountPercent,
  formatFixed,
} from '../../../../shared/report/render/format-value.js';

describe('formatCount', () => {
  it('prints a count with separators, and "hidden" when it is suppressed', () => {
    expect(formatCount({ value: 1234 })).toBe('1,234');
    expect(formatCount({ value: null, suppressed: true })).toBe('hidden');
  });
});

describe('formatFixed', () => {
  it('prints fixed decimals, and "–" for a value that is absent or not finite', () => {
    expect(formatFixed(1.23456, 2)).toBe('1.23');
    expect(formatFixed(null, 2)).toBe('–');
    expect(formatFixed(undefined, 1)).toBe('–');
    expect(formatFixed(Number.NaN, 1)).toBe('–');
  });
});

describe('formatCountPercent', () => {
  it('prints "n (p%)" with one decimal, or the count alone when its percentage is hidden', () => {
    expect(formatCountPercent({ count: { value: 12 }, percent: 7.25 })).toBe('12 (7.3%)');
    expect(formatCountPercent({ count: { value: null, suppressed: true }, percent: null })).toBe('hidden');
  });
});
