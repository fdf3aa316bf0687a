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
