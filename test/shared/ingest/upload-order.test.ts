/**
 * The order of a center's uploads: S3 event sequencers compared as hex numbers of any length, and which late
 * uploads are superseded (against in-memory ports and the real validation engine).
 */
import { findCenter } from '../../../shared/config/centers.js';
import type { RunRow } from '../../../shared/dictionary/index.js';
import {
  compareSequencers,
  dictionaryValidator,
  ingestUpload,
  isSuperseded,
  laterSequencer,
  readCuratedRuns,
  recomputeAggregates,
  supersededRule,
  type IngestDependencies,
} from '../../../shared/ingest/index.js';
import { VerdictSchema } from '../../../shared/validation/verdict-schema.js';
import { CollectingPublisher, MemoryObjectStore, MemoryRegistryStore } from './support/memory-stores.js';
import { runsToCsv, syntheticRuns } from './support/synthetic-runs.js';

const uploads = 'ecls-uploads';
const data = 'ecls-data';

describe('compareSequencers', () => {
  it('compares hex values, left-padding the shorter one', () => {
    expect(compareSequencers('0A', '0B')).toBeLessThan(0);
    expect(compareSequencers('0B', '0A')).toBeGreaterThan(0);
    expect(compareSequencers('0A', '00000A')).toBe(0);
    // As strings "F" > "10"; as numbers 0xF < 0x10.
    expect(compareSequencers('F', '10')).toBeLessThan(0);
    expect(compareSequencers('0055AED6DCD90281E5', '0055AED6DCD90281E6')).toBeLessThan(0);
    expect(compareSequencers('ab', 'AB')).toBe(0);
  });

  it('takes the later of two, either of which may be absent', () => {
    expect(laterSequencer(undefined, '0A')).toBe('0A');
    expect(laterSequencer('0A', undefined)).toBe('0A');
    expect(laterSequencer('F', '10')).toBe('10');
    expect(laterSequencer(undefined, undefined)).toBeUndefined();
  });
});

describe('isSuperseded', () => {
  const pointer = { sequencer: '20', snapshotSequencer: '10' };
  it('supersedes a snapshot older than any applied upload', () => {
    expect(isSuperseded({ mode: 'snapshot', sequencer: '1F' }, pointer)).toBe(true);
    expect(isSuperseded({ mode: 'snapshot', sequencer: '21' }, pointer)).toBe(false);
    expect(isSuperseded({ mode: 'snapshot', sequencer: '20' }, pointer)).toBe(false);
  });
  it('supersedes an upsert only when it is older than the applied snapshot', () => {
    expect(isSuperseded({ mode: 'upsert', sequencer: '0F' }, pointer)).toBe(true);
    expect(isSuperseded({ mode: 'upsert', sequencer: '1F' }, pointer)).toBe(false);
    expect(isSuperseded({ mode: 'upsert', sequencer: '0F' }, { sequencer: '20' })).toBe(false);
  });
  it('never supersedes without sequencers', () => {
    expect(isSuperseded({ mode: 'snapshot' }, pointer)).toBe(false);
    expect(isSuperseded({ mode: 'snapshot', sequencer: '01' }, undefined)).toBe(false);
    expect(isSuperseded({ mode: 'snapshot', sequencer: '01' }, {})).toBe(false);
  });
});

function setup() {
  const objects = new MemoryObjectStore();
  const registry = new MemoryRegistryStore();
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: new CollectingPublisher(),
    dataBucket: data,
    findCenter,
    backoff: async () => undefined,
  };
  const put = (key: string, rows: RunRow[]) => objects.put({ bucket: uploads, key }, runsToCsv(rows));
  const current = async (centerId: string): Promise<RunRow[]> => {
    const pointer = await registry.getPointer(centerId);
    if (!pointer) return [];
    const rows: RunRow[] = [];
    const { body } = await objects.getStream({ bucket: data, key: pointer.curatedKey });
    for await (const row of readCuratedRuns(body)) rows.push(row);
    return rows;
  };
  return { objects, registry, deps, put, current };
}

const ids = (rows: readonly RunRow[]) => rows.map((r) => r.run_id).sort();

describe('ingestUpload, uploads delivered out of order', () => {
  const older = syntheticRuns('C001', 30, 1, { prefix: 'OLD' });
  const newer = syntheticRuns('C001', 20, 2, { prefix: 'NEW' });

  it('keeps the newer snapshot current when the older one is delivered last, and says why', async () => {
    const s = setup();
    await s.put('uploads/C001/snapshot/monday.csv', older);
    await s.put('uploads/C001/snapshot/tuesday.csv', newer);
    const first = await ingestUpload(s.deps, {
      bucket: uploads,
      key: 'uploads/C001/snapshot/tuesday.csv',
      sequencer: '0062A0000000000002',
    });
    const late = await ingestUpload(s.deps, {
      bucket: uploads,
      key: 'uploads/C001/snapshot/monday.csv',
      sequencer: '62A0000000000001',
    });
    expect(first).toMatchObject({ status: 'completed', version: 1 });
    expect(late).toMatchObject({
      status: 'completed',
      superseded: true,
      duplicate: false,
      affectedQuarters: [],
    });
    expect(ids(await s.current('C001'))).toEqual(ids(newer));
    expect(await s.registry.listAggregates('C001')).toEqual(recomputeAggregates('C001', newer));
    expect(await s.registry.getPointer('C001')).toMatchObject({
      version: 1,
      uploadId: first.uploadId,
      sequencer: '0062A0000000000002',
      snapshotSequencer: '0062A0000000000002',
    });
    expect(s.registry.versions).toHaveLength(1);

    const entry = await s.registry.getUpload(late.uploadId);
    expect(entry).toMatchObject({
      status: 'completed',
      sequencer: '62A0000000000001',
      superseded: { byUploadId: first.uploadId, currentSequencer: '0062A0000000000002' },
    });
    expect(entry!.merge).toBeUndefined();
    const verdict = VerdictSchema.parse(
      JSON.parse(s.objects.text(data, `${entry!.verdictPrefix}verdict.json`)!),
    );
    expect(verdict.status).toBe('yellow');
    expect(verdict.problems[0]).toMatchObject({ scope: 'file', rule: supersededRule, severity: 'warning' });
    expect(verdict.problems[0]!.message).toContain('a newer upload of this center was already applied');
    expect(verdict.problems[0]!.message).toContain('upload it again');

    // A redelivery of the superseded upload stays a no-op.
    const again = await ingestUpload(s.deps, {
      bucket: uploads,
      key: 'uploads/C001/snapshot/monday.csv',
      sequencer: '62A0000000000001',
    });
    expect(again).toMatchObject({ duplicate: true, superseded: true });
    expect(ids(await s.current('C001'))).toEqual(ids(newer));
  });

  it('applies both snapshots when they arrive in order', async () => {
    const s = setup();
    await s.put('uploads/C001/snapshot/monday.csv', older);
    await s.put('uploads/C001/snapshot/tuesday.csv', newer);
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/snapshot/monday.csv', sequencer: '01' });
    const last = await ingestUpload(s.deps, {
      bucket: uploads,
      key: 'uploads/C001/snapshot/tuesday.csv',
      sequencer: '02',
    });
    expect(last).toMatchObject({ version: 2 });
    expect(ids(await s.current('C001'))).toEqual(ids(newer));
  });

  it('supersedes an upsert older than the applied snapshot, but merges one older than an applied upsert', async () => {
    const s = setup();
    const partA = syntheticRuns('C001', 10, 3, { prefix: 'A' });
    const partB = syntheticRuns('C001', 10, 4, { prefix: 'B' });
    await s.put('uploads/C001/snapshot/full.csv', older);
    await s.put('uploads/C001/2022.csv', partA);
    await s.put('uploads/C001/2023.csv', partB);
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/snapshot/full.csv', sequencer: '10' });
    const stale = await ingestUpload(s.deps, {
      bucket: uploads,
      key: 'uploads/C001/2022.csv',
      sequencer: '0F',
    });
    expect(stale).toMatchObject({ superseded: true });
    // Two parts of an export uploaded together and delivered newest first: both count.
    await s.put('uploads/C001/2022.csv', syntheticRuns('C001', 10, 5, { prefix: 'A' }));
    const partA2 = syntheticRuns('C001', 10, 5, { prefix: 'A' });
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/2023.csv', sequencer: '12' });
    const earlierPart = await ingestUpload(s.deps, {
      bucket: uploads,
      key: 'uploads/C001/2022.csv',
      sequencer: '11',
    });
    expect(earlierPart.superseded).toBeUndefined();
    expect(ids(await s.current('C001'))).toEqual(ids([...older, ...partA2, ...partB]));
    expect(await s.registry.getPointer('C001')).toMatchObject({ sequencer: '12', snapshotSequencer: '10' });
  });

  it('applies uploads without a sequencer in delivery order', async () => {
    const s = setup();
    await s.put('uploads/C001/snapshot/tuesday.csv', newer);
    await s.put('uploads/C001/snapshot/monday.csv', older);
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/snapshot/tuesday.csv' });
    const last = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/snapshot/monday.csv' });
    expect(last.superseded).toBeUndefined();
    expect(ids(await s.current('C001'))).toEqual(ids(older));
  });
});
