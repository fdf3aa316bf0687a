import {
  isQuarter,
  openReportQuarters,
  QuarterFormatError,
  quarterAt,
  quarterDueForClose,
  quarterEndIso,
  reportCutoff,
  shiftQuarter,
} from '../../../shared/report/quarter-clock.js';

const at = (iso: string): number => Date.parse(iso);

describe('quarterDueForClose', () => {
  it.each([
    // [now, graceDays, due] — Q3 closes 2023-10-01T00:00Z; +30 days = 2023-10-31T00:00Z.
    ['2023-10-30T00:00:00Z', 30, undefined],
    ['2023-10-30T23:59:59.999Z', 30, undefined],
    ['2023-10-31T00:00:00Z', 30, '2023-Q3'],
    ['2023-12-31T23:59:59Z', 30, '2023-Q3'],
    ['2023-10-01T00:00:00Z', 0, '2023-Q3'],
    ['2023-09-30T23:59:59Z', 0, '2023-Q2'],
    ['2024-01-31T00:00:00Z', 30, '2023-Q4'],
    ['2024-01-30T12:00:00Z', 30, undefined],
    // 2024 is a leap year: 2024-01-01 + 89 days = 2024-03-30.
    ['2024-03-29T23:59:59.999Z', 89, undefined],
    ['2024-03-30T00:00:00Z', 89, '2023-Q4'],
    ['2024-03-29T00:00:00Z', 88, '2023-Q4'],
  ])('on %s with %i days of grace: %s', (now, grace, due) => {
    expect(quarterDueForClose(at(now), grace)).toBe(due);
  });

  it('defaults to 30 days of grace', () => {
    expect(quarterDueForClose(at('2023-10-30T12:00:00Z'))).toBeUndefined();
    expect(quarterDueForClose(at('2023-10-31T00:00:00Z'))).toBe('2023-Q3');
  });

  it.each([-1, 1.5, 90, Number.NaN])('refuses a grace of %s days', (grace) => {
    expect(() => quarterDueForClose(at('2023-10-31T00:00:00Z'), grace)).toThrow(QuarterFormatError);
  });
});

describe('quarter arithmetic', () => {
  it.each([
    ['2023-01-01T00:00:00Z', '2023-Q1'],
    ['2023-03-31T23:59:59.999Z', '2023-Q1'],
    ['2023-04-01T00:00:00Z', '2023-Q2'],
    ['2023-12-31T23:59:59Z', '2023-Q4'],
  ])('quarterAt(%s) = %s', (iso, quarter) => expect(quarterAt(at(iso))).toBe(quarter));

  it.each([
    ['2023-Q1', -1, '2022-Q4'],
    ['2023-Q4', 1, '2024-Q1'],
    ['2023-Q3', 0, '2023-Q3'],
    ['2023-Q2', -9, '2021-Q1'],
  ])('shiftQuarter(%s, %i) = %s', (q, n, expected) => expect(shiftQuarter(q, n)).toBe(expected));

  it.each([
    ['2023-Q1', '2023-03-31T23:59:59.999Z'],
    ['2024-Q1', '2024-03-31T23:59:59.999Z'],
    ['2023-Q4', '2023-12-31T23:59:59.999Z'],
  ])('quarterEndIso(%s) = %s', (q, end) => expect(quarterEndIso(q)).toBe(end));

  it.each(['2023-Q5', '2023Q3', '23-Q1', '', '2023-q3'])('rejects the label "%s"', (label) => {
    expect(isQuarter(label)).toBe(false);
    expect(() => shiftQuarter(label, 1)).toThrow(QuarterFormatError);
  });
});

describe('reportCutoff', () => {
  it('is the end of a closed quarter', () => {
    expect(reportCutoff('2023-Q3', at('2023-10-05T10:00:00Z'))).toEqual({
      cutoff: '2023-09-30T23:59:59.999Z',
      closed: true,
    });
  });
  it('is now for the current quarter (provisional)', () => {
    expect(reportCutoff('2023-Q4', at('2023-10-05T10:00:00Z'))).toEqual({
      cutoff: '2023-10-05T10:00:00.000Z',
      closed: false,
    });
  });
  it('refuses a quarter that has not started', () => {
    expect(() => reportCutoff('2024-Q1', at('2023-10-05T10:00:00Z'))).toThrow(/has not started/);
  });
});

it('openReportQuarters: the last closed quarter and the current one', () => {
  expect(openReportQuarters(at('2024-01-15T00:00:00Z'))).toEqual(['2023-Q4', '2024-Q1']);
});
