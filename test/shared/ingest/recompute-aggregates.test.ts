import type { RunRow } from '../../../shared/dictionary/index.js';
import { recomputeAggregates } from '../../../shared/ingest/index.js';
import { syntheticRuns } from './support/synthetic-runs.js';

const at = (iso: string): number => Date.parse(`${iso}Z`);

/** Three completed runs in 2023-Q3 and one in progress, with figures worked out by hand below. */
const runs = [
  {
    center_id: 'C001',
    run_id: 'A',
    ecmo_start_at: at('2023-07-01T10:00'),
    discharge_at: at('2023-07-20T10:00'),
    died_in_hospital: false,
    survived_ecmo: true,
    iabp: true,
    iabp_start_at: at('2023-07-01T12:00'),
    ecmo_hours: 100,
    age_years: 50,
    comp_gi_bleeding: true,
    comp_dic: false,
    comp_crrt: false,
  },
  {
    center_id: 'C001',
    run_id: 'B',
    ecmo_start_at: at('2023-07-02T10:00'),
    discharge_at: at('2023-07-05T10:00'),
    died_in_hospital: true,
    death_at: at('2023-07-05T10:00'),
    survived_ecmo: false,
    iabp: true,
    iabp_start_at: at('2023-07-01T10:00'),
    ecmo_hours: 60.5,
    age_years: 70,
    comp_crrt: true,
    comp_dic: true,
  },
  {
    center_id: 'C001',
    run_id: 'C',
    ecmo_start_at: at('2023-08-01T10:00'),
    discharge_at: at('2023-09-01T10:00'),
    died_in_hospital: true,
    death_at: at('2023-09-01T10:00'),
    survived_ecmo: true,
    iabp: false,
  },
  { center_id: 'C001', run_id: 'D', ecmo_start_at: at('2023-09-30T10:00'), iabp: false },
] as RunRow[];

describe('recomputeAggregates', () => {
  const [q3] = recomputeAggregates('C001', runs);

  it('counts completed and in-progress runs apart', () => {
    expect(q3).toMatchObject({ centerId: 'C001', quarter: '2023-Q3', runs: 3, inProgressRuns: 1 });
  });

  it('counts IABP before and after ECMO, in-hospital and on-support deaths', () => {
    expect(q3).toMatchObject({
      iabpAfterEcmo: 1,
      iabpBeforeEcmo: 1,
      inHospitalDeaths: 2,
      onSupportDeaths: 1,
    });
  });

  it('counts each complication category once per run, and sums ECMO hours', () => {
    expect(q3!.complications).toEqual({
      mechanical: 0,
      bleeding: 2,
      neurological: 0,
      renal: 1,
      pulmonary: 0,
      metabolic: 0,
      limb: 0,
    });
    expect(q3!.ecmoHours).toBe(160.5);
  });

  it('keeps the sums for means (yes as 1) and completeness over applicable cells', () => {
    expect(q3!.sums.age_years).toEqual({ n: 2, sum: 120, sumSquares: 50 * 50 + 70 * 70 });
    expect(q3!.sums.died_in_hospital).toEqual({ n: 3, sum: 2, sumSquares: 2 });
    expect(q3!.completeness.age_years).toEqual({ filled: 2, applicable: 3 });
    // death_at is expected only for deaths, iabp_start_at only with an IABP.
    expect(q3!.completeness.death_at).toEqual({ filled: 2, applicable: 2 });
    expect(q3!.completeness.iabp_start_at).toEqual({ filled: 2, applicable: 2 });
  });

  it('does not depend on the order of the runs, to the last bit', () => {
    const many = syntheticRuns('C002', 500, 7);
    const shuffled = [...many].reverse();
    expect(recomputeAggregates('C002', shuffled)).toEqual(recomputeAggregates('C002', many));
  });

  it('returns quarters in time order, one per quarter with runs', () => {
    const quarters = recomputeAggregates('C002', syntheticRuns('C002', 300, 3)).map((a) => a.quarter);
    expect(quarters).toEqual([...new Set(quarters)].sort());
    expect(quarters.length).toBeGreaterThan(10);
  });
});
