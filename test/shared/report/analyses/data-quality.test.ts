import type { RegistryRun } from '../../../../shared/cohort/index.js';
import {
  centerCompleteness,
  dataQualityFromUploads,
  runsByCenter,
} from '../../../../shared/report/analyses/data-quality.js';

const field = (completeness: ReturnType<typeof centerCompleteness>, column: string) =>
  completeness!.fields.find((f) => f.column === column)?.completeness;

describe('centerCompleteness', () => {
  const survivor = {
    center_id: 'C001',
    pre_ph: 7.3,
    died_in_hospital: false,
    discharge_at: Date.UTC(2023, 6, 1),
  } as RegistryRun;
  const missingPh = { ...survivor, pre_ph: undefined } as RegistryRun;

  it('is the share of runs with each optional field, not counting blanks the dictionary expects', () => {
    const c = centerCompleteness([survivor, missingPh]);
    expect(field(c, 'pre_ph')).toBe(0.5);
    // A survivor has no death time: not missing.
    expect(field(c, 'death_at')).toBe(1);
    // Required fields are complete in accepted data and are not listed.
    expect(field(c, 'run_id')).toBeUndefined();
    expect(c!.overall).toBeGreaterThan(0);
    expect(c!.overall).toBeLessThan(1);
  });

  it('counts a BMI the dictionary derives from height and weight as given', () => {
    const heightWeight = { ...survivor, height_cm: 170, weight_kg: 70 } as RegistryRun;
    const noBodySize = { ...survivor } as RegistryRun;
    // 32 runs with height and weight (BMI derived) and one with no body size: BMI is given for 32 of 33.
    const c = centerCompleteness([...Array.from({ length: 32 }, () => heightWeight), noBodySize]);
    expect(field(c, 'bmi')).toBeCloseTo(32 / 33, 10);
    // The run with no body size at all is one gap, counted under bmi, not again under height and weight.
    expect(field(c, 'height_cm')).toBe(1);
    expect(field(c, 'weight_kg')).toBe(1);
    // Height and weight alone make BMI complete.
    expect(field(centerCompleteness([heightWeight, heightWeight]), 'bmi')).toBe(1);
    // Height without weight derives nothing: BMI is missing.
    const heightOnly = { ...survivor, height_cm: 170 } as RegistryRun;
    expect(field(centerCompleteness([heightOnly]), 'bmi')).toBe(0);
  });

  it('is null for a center without runs', () => {
    expect(centerCompleteness([])).toBeNull();
  });

  it('puts each center’s completeness on its dashboard row', () => {
    const other = { ...survivor, center_id: 'C002' } as RegistryRun;
    const rows = dataQualityFromUploads(
      [
        { uploadId: 'u2', centerId: 'C002', receivedAt: '2023-07-02T00:00:00.000Z', verdict: 'green' },
        { uploadId: 'u1', centerId: 'C001', receivedAt: '2023-07-01T00:00:00.000Z', verdict: 'yellow' },
      ],
      runsByCenter([survivor, missingPh, other]),
    );
    expect(rows.map((r) => r.centerId)).toEqual(['C001', 'C002']);
    expect(field(rows[0]!.completeness, 'pre_ph')).toBe(0.5);
    expect(field(rows[1]!.completeness, 'pre_ph')).toBe(1);
  });
});
