/**
 * The pipeline aggregates straight from canonical lines; these tests hold it to the plain-reading oracle
 * (recomputeAggregates over decoded rows) with exact equality, floating-point sums included.
 */
import type { RunRow } from '../../../shared/dictionary/index.js';
import {
  affectedQuarters,
  aggregateRunSet,
  canonicalJson,
  encodeRun,
  mergeRuns,
  recomputeAggregates,
  RunPlacementError,
} from '../../../shared/ingest/index.js';
import { syntheticRuns } from './support/synthetic-runs.js';

const at = (iso: string): number => Date.parse(`${iso}Z`);
const lines = (rows: readonly RunRow[]) => new Map(rows.map((r) => [r.run_id!, encodeRun(r)]));

/** Edge cases: equal IABP and ECMO start, a death without a date, IABP without a start, a run in progress. */
const edgeRuns = [
  {
    center_id: 'C001',
    run_id: 'E1',
    ecmo_start_at: at('2023-07-01T10:00'),
    discharge_at: at('2023-07-20T10:00'),
    iabp: true,
    iabp_start_at: at('2023-07-01T10:00'),
    died_in_hospital: true,
    survived_ecmo: false,
  },
  {
    center_id: 'C001',
    run_id: 'E2',
    ecmo_start_at: at('2023-06-30T10:00'),
    discharge_at: at('2023-10-02T10:00'),
    died_in_hospital: true,
    death_at: at('2023-09-30T23:00'),
    iabp: true,
    comp_dic: false,
  },
  { center_id: 'C001', run_id: 'E3', ecmo_start_at: at('2023-12-31T23:59'), iabp: false, ecmo_hours: 0.1 },
] as RunRow[];

describe('aggregateRunSet', () => {
  it.each([
    ['5,000 synthetic runs', syntheticRuns('C001', 5000, 7)],
    ['edge cases', edgeRuns],
    ['synthetic runs with edge cases', [...syntheticRuns('C001', 300, 3), ...edgeRuns]],
  ])('equals recomputeAggregates exactly on %s', (_name, rows) => {
    const { aggregates } = aggregateRunSet('C001', lines(rows));
    expect(aggregates).toEqual(recomputeAggregates('C001', rows));
    expect(canonicalJson(aggregates)).toBe(canonicalJson(recomputeAggregates('C001', rows)));
  });

  it('places the changed runs before and after the change, like affectedQuarters', () => {
    const before = syntheticRuns('C001', 200, 11);
    const after = syntheticRuns('C001', 120, 12);
    const moved = { ...before[0]!, discharge_at: at('2001-02-01T00:00'), died_in_hospital: false } as RunRow;
    for (const mode of ['upsert', 'snapshot'] as const) {
      const merged = mergeRuns(lines(before), lines([...after, moved]), mode);
      const { affectedQuarters: quarters } = aggregateRunSet('C001', merged.runs, merged.changes);
      expect(quarters).toEqual(affectedQuarters(merged.changes));
      expect(quarters).toContain('2001-Q1');
    }
  });

  it('refuses a run that belongs to no quarter', () => {
    const row = { center_id: 'C001', run_id: 'X' } as RunRow;
    expect(() => aggregateRunSet('C001', lines([row]))).toThrow(RunPlacementError);
  });
});
