import { affectedQuarters, encodeRun, mergeRuns } from '../../../shared/ingest/index.js';
import type { RunRow } from '../../../shared/dictionary/index.js';
import { syntheticRuns } from './support/synthetic-runs.js';

const toSet = (rows: RunRow[]) => new Map(rows.map((r) => [r.run_id!, encodeRun(r)]));

describe('mergeRuns', () => {
  const [a, b, c] = syntheticRuns('C001', 3, 1, { inProgress: 0 });
  const bCorrected = { ...b!, discharge_at: Date.UTC(2030, 0, 5) } as RunRow;

  it('upsert adds new runs, replaces runs by id and leaves the others', () => {
    const merge = mergeRuns(toSet([a!, b!]), toSet([bCorrected, c!]), 'upsert');
    expect([...merge.runs.keys()].sort()).toEqual(['R00001', 'R00002', 'R00003']);
    expect(merge.runs.get('R00002')).toBe(encodeRun(bCorrected));
    expect(merge).toMatchObject({ added: 1, updated: 1, removed: 0, unchanged: 0 });
  });

  it('upsert never removes a run', () => {
    expect(mergeRuns(toSet([a!, b!]), toSet([c!]), 'upsert').runs.size).toBe(3);
  });

  it('snapshot replaces the whole set and reports the removed runs', () => {
    const merge = mergeRuns(toSet([a!, b!]), toSet([b!, c!]), 'snapshot');
    expect([...merge.runs.keys()].sort()).toEqual(['R00002', 'R00003']);
    expect(merge).toMatchObject({ added: 1, updated: 0, removed: 1, unchanged: 1 });
  });

  it('an identical upload changes nothing', () => {
    const merge = mergeRuns(toSet([a!, b!]), toSet([a!, b!]), 'upsert');
    expect(merge).toMatchObject({ added: 0, updated: 0, removed: 0, unchanged: 2, changes: [] });
  });

  it('a corrected discharge makes both the old and the new quarter stale', () => {
    const merge = mergeRuns(toSet([b!]), toSet([bCorrected]), 'upsert');
    const quarters = affectedQuarters(merge.changes);
    expect(quarters).toContain('2030-Q1');
    expect(quarters).toHaveLength(2);
  });
});
