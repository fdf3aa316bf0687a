import { placeRun, quarterOf } from '../../../shared/ingest/index.js';
import type { RunRow } from '../../../shared/dictionary/index.js';

const at = (iso: string): number => Date.parse(`${iso}Z`);

describe('quarterOf', () => {
  it.each([
    ['2023-01-01T00:00', '2023-Q1'],
    ['2023-03-31T23:59', '2023-Q1'],
    ['2023-04-01T00:00', '2023-Q2'],
    ['2023-09-30T23:59', '2023-Q3'],
    ['2023-10-01T00:00', '2023-Q4'],
    ['2023-12-31T23:59', '2023-Q4'],
  ])('%s is in %s (wall-clock time, no zone shift)', (iso, quarter) => {
    expect(quarterOf(at(iso))).toBe(quarter);
  });
});

describe('placeRun', () => {
  const base = { run_id: 'R1', ecmo_start_at: at('2023-03-20T10:00') } as RunRow;

  it('places a discharged run in the quarter of discharge', () => {
    expect(placeRun({ ...base, discharge_at: at('2023-04-02T10:00'), died_in_hospital: false })).toEqual({
      completed: true,
      quarter: '2023-Q2',
    });
  });

  it('places a death in hospital in the quarter of death, even when discharge_at is a day later', () => {
    const row = {
      ...base,
      died_in_hospital: true,
      death_at: at('2023-03-31T22:00'),
      discharge_at: at('2023-04-01T08:00'),
    };
    expect(placeRun(row)).toEqual({ completed: true, quarter: '2023-Q1' });
  });

  it('places a run without discharge apart, as in progress, in the quarter of ECMO start', () => {
    expect(placeRun(base)).toEqual({ completed: false, quarter: '2023-Q1' });
  });

  it('refuses a run it cannot place', () => {
    expect(() => placeRun({ run_id: 'R9' } as RunRow)).toThrow(
      /R9 has neither discharge_at nor ecmo_start_at/,
    );
  });
});
