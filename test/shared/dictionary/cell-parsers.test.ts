import {
  columns,
  formatCell,
  historyColumns,
  matchHeader,
  normalizeEnumValue,
  parseCell,
  parseDateTime,
} from '../../../shared/dictionary/index.js';

describe('parseDateTime', () => {
  it.each([
    ['2023-07-05 14:30', Date.UTC(2023, 6, 5, 14, 30)],
    ['2023-07-05T14:30:15', Date.UTC(2023, 6, 5, 14, 30, 15)],
    ['2023-07-05', Date.UTC(2023, 6, 5)],
    ['2023/7/5 14:30', Date.UTC(2023, 6, 5, 14, 30)],
    ['2023/07/05', Date.UTC(2023, 6, 5)],
    [' 2023-7-5 4:05 ', Date.UTC(2023, 6, 5, 4, 5)],
  ])('reads %s', (raw, expected) => {
    expect(parseDateTime(raw)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['05/07/2023', /YYYY-MM-DD/],
    ['2023-02-30', /calendar/],
    ['2023-07-05 25:00', /calendar/],
    ['2023-07-05T14:30:00Z', /time zone/],
    ['yesterday', /not a date-time/],
  ])('rejects %s with a reason that says how to fix it', (raw, reason) => {
    const result = parseDateTime(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});

describe('parseCell', () => {
  it('reads blanks as not recorded', () => {
    for (const raw of ['', '  ', 'NA', 'n/a'])
      expect(parseCell('number', raw)).toEqual({ ok: true, value: undefined });
  });

  it('reads numbers with a decimal point or a decimal comma, and rejects text', () => {
    expect(parseCell('number', '7.25')).toEqual({ ok: true, value: 7.25 });
    expect(parseCell('number', '7,25')).toEqual({ ok: true, value: 7.25 });
    expect(parseCell('number', '1e2')).toEqual({ ok: true, value: 100 });
    expect(parseCell('number', '7.2.5').ok).toBe(false);
    expect(parseCell('number', 'high').ok).toBe(false);
  });

  it('reads yes/no in the documented spellings', () => {
    for (const raw of ['yes', 'Y', 'TRUE', '1', '是'])
      expect(parseCell('boolean', raw)).toEqual({ ok: true, value: true });
    for (const raw of ['no', 'N', 'false', '0', '否'])
      expect(parseCell('boolean', raw)).toEqual({ ok: true, value: false });
    expect(parseCell('boolean', 'maybe').ok).toBe(false);
  });

  it('reads codes ignoring case and spacing, with documented synonyms', () => {
    expect(normalizeEnumValue('Cardiogenic Shock', ['cardiogenic_shock', 'other'])).toBe('cardiogenic_shock');
    expect(parseCell('enum', 'M', ['male', 'female'])).toEqual({ ok: true, value: 'male' });
    expect(parseCell('enum', 'va', ['VA', 'VV'])).toEqual({ ok: true, value: 'VA' });
    const bad = parseCell('enum', 'ECPR', ['VA', 'VV']);
    expect(bad).toEqual({
      ok: false,
      code: 'not-allowed',
      reason: 'is not one of the allowed values: VA, VV',
    });
  });

  it("reads each code's Chinese label as the code, in the column whose codes it labels", () => {
    expect(parseCell('enum', '外周插管', ['peripheral', 'central'])).toEqual({
      ok: true,
      value: 'peripheral',
    });
    expect(parseCell('enum', ' 心源性休克 ', ['cardiogenic_shock', 'respiratory_failure', 'other'])).toEqual({
      ok: true,
      value: 'cardiogenic_shock',
    });
    // 其他 labels `other` in several columns; each column reads it as its own code.
    expect(parseCell('enum', '其他', ['myocarditis', 'other'])).toEqual({ ok: true, value: 'other' });
    // A label of another column's code is not a value of this one.
    expect(parseCell('enum', '外周插管', ['VA', 'VV']).ok).toBe(false);
  });

  it('formatCell writes what parseCell reads back', () => {
    const when = Date.UTC(2021, 0, 31, 23, 59);
    expect(parseCell('datetime', formatCell('datetime', when))).toEqual({ ok: true, value: when });
    expect(parseCell('boolean', formatCell('boolean', false))).toEqual({ ok: true, value: false });
    expect(formatCell('number', 1 / 3)).toBe('0.3333');
  });
});

describe('matchHeader', () => {
  it('matches names and aliases ignoring case, spaces, dashes and underscores', () => {
    expect(matchHeader('ECMO Start At')).toBe('ecmo_start_at');
    expect(matchHeader(' ecmo-start ')).toBe('ecmo_start_at');
    expect(matchHeader('Gender')).toBe('sex');
    expect(matchHeader('PaCO2')).toBe('pre_paco2_mmhg');
    expect(matchHeader('favourite colour')).toBeUndefined();
  });
});

describe('historyColumns', () => {
  it('lists exactly the dictionary columns of the history group, in order', () => {
    expect([...historyColumns]).toEqual(columns.filter((c) => c.group === 'history').map((c) => c.name));
  });
});
