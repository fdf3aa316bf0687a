/**
 * The pipeline against in-memory ports and the real validation engine: the paths through the steps, the
 * idempotency guards and the fault-injection seam. test/integration/ingest repeats the important cases against
 * s3rver and DynamoDB Local.
 */
import { findCenter } from '../../../shared/config/centers.js';
import type { RunRow } from '../../../shared/dictionary/index.js';
import {
  dictionaryValidator,
  ingestSteps,
  ingestUpload,
  readCuratedRuns,
  recomputeAggregates,
  type IngestDependencies,
  type IngestStep,
} from '../../../shared/ingest/index.js';
import { CollectingPublisher, MemoryObjectStore, MemoryRegistryStore } from './support/memory-stores.js';
import { runsToCsv, syntheticRuns } from './support/synthetic-runs.js';

const uploads = 'ecls-uploads';
const data = 'ecls-data';

class InjectedCrash extends Error {}

function setup(overrides: Partial<IngestDependencies> = {}) {
  const objects = new MemoryObjectStore();
  const registry = new MemoryRegistryStore();
  const publisher = new CollectingPublisher();
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: publisher,
    dataBucket: data,
    findCenter,
    backoff: async () => undefined,
    ...overrides,
  };
  const put = (key: string, text: string) => objects.put({ bucket: uploads, key }, text);
  return { objects, registry, publisher, deps, put };
}

/** The center's data set as the pointer names it, read back from the store. */
async function currentRuns(s: ReturnType<typeof setup>, centerId: string): Promise<RunRow[]> {
  const pointer = await s.registry.getPointer(centerId);
  if (!pointer) return [];
  const rows: RunRow[] = [];
  for await (const row of readCuratedRuns(
    (await s.objects.getStream({ bucket: data, key: pointer.curatedKey })).body,
  )) {
    rows.push(row);
  }
  return rows;
}

/** The stored aggregates equal a from-scratch recomputation over `expected`, and so does the data set. */
async function expectConsistent(
  s: ReturnType<typeof setup>,
  centerId: string,
  expected: RunRow[],
): Promise<void> {
  const stored = await s.registry.listAggregates(centerId);
  expect(stored).toEqual(recomputeAggregates(centerId, expected));
  expect(recomputeAggregates(centerId, await currentRuns(s, centerId))).toEqual(stored);
}

describe('ingestUpload', () => {
  const rows = syntheticRuns('C001', 40, 1);

  it('accepts a valid upload: verdict, ledger, data set, aggregates and stale events', async () => {
    const s = setup();
    await s.put('uploads/C001/2023.csv', runsToCsv(rows));
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/2023.csv' });

    expect(outcome).toMatchObject({ status: 'completed', duplicate: false, version: 1 });
    const entry = await s.registry.getUpload(outcome.uploadId);
    expect(entry).toMatchObject({ status: 'completed', acceptedRows: 40, rejectedRows: 0, mode: 'upsert' });
    expect(Object.keys(entry!.steps).sort()).toEqual(
      ['completedAt', 'mergedAt', 'recordedAt', 'validatedAt', 'verdictWrittenAt'].sort(),
    );
    for (const file of ['verdict.json', 'verdict.html', 'problems.csv']) {
      expect(s.objects.text(data, `validation/C001/${outcome.uploadId}/${file}`)).toBeDefined();
    }
    await expectConsistent(s, 'C001', rows);
    expect(s.publisher.events.map((e) => e.quarter).sort()).toEqual(outcome.affectedQuarters);
    expect(outcome.affectedQuarters).toEqual((await s.registry.listAggregates('C001')).map((a) => a.quarter));
  });

  it('accepts an upload whose key ends in upper-case .CSV like one ending in .csv', async () => {
    const s = setup();
    await s.put('uploads/C001/2023 EXPORT.CSV', runsToCsv(rows));
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/2023 EXPORT.CSV' });
    expect(outcome).toMatchObject({
      centerId: 'C001',
      status: 'completed',
      verdictStatus: 'green',
      version: 1,
    });
    expect(await currentRuns(s, 'C001')).toHaveLength(rows.length);
  });

  it('rejects an invalid upload with a verdict and leaves the data set alone', async () => {
    const s = setup();
    const csv = runsToCsv(rows).replace(',male,', ',robot,');
    await s.put('uploads/C001/bad.csv', csv);
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/bad.csv' });
    expect(outcome).toMatchObject({ status: 'rejected', verdictStatus: 'red' });
    expect(await s.registry.getPointer('C001')).toBeUndefined();
    expect(await s.registry.listAggregates('C001')).toEqual([]);
    expect(
      JSON.parse(s.objects.text(data, `validation/C001/${outcome.uploadId}/verdict.json`)!),
    ).toMatchObject({
      accepted: false,
    });
    expect(s.publisher.events).toEqual([]);
  });

  it.each([
    ['uploads/C999/runs.csv', 'unknown-center', 'C999'],
    ['uploads/C112/runs.csv', 'inactive-center', 'C112'],
    ['elsewhere.csv', 'unroutable-key', '_unknown'],
  ])('rejects %s with a %s verdict instead of dropping it', async (key, rule, folder) => {
    const s = setup();
    await s.put(key, runsToCsv(rows));
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key });
    expect(outcome.status).toBe('rejected');
    const verdict = JSON.parse(
      s.objects.text(data, `validation/${folder}/${outcome.uploadId}/verdict.json`)!,
    );
    expect(verdict.problems[0].rule).toBe(rule);
    expect((await s.registry.getUpload(outcome.uploadId))!.status).toBe('rejected');
  });

  it('rejects a file whose rows claim another center', async () => {
    const s = setup();
    const mixed = [...rows.slice(0, 5), ...syntheticRuns('C002', 1, 9, { prefix: 'X' })];
    await s.put('uploads/C001/mixed.csv', runsToCsv(mixed));
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/mixed.csv' });
    expect(outcome.status).toBe('rejected');
    expect(await s.registry.getPointer('C001')).toBeUndefined();
  });

  it('treats a second delivery of the same event as a duplicate that changes nothing', async () => {
    const s = setup();
    await s.put('uploads/C001/a.csv', runsToCsv(rows));
    const first = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/a.csv' });
    const second = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/a.csv' });
    expect(second).toMatchObject({ uploadId: first.uploadId, duplicate: true, version: 1 });
    expect(s.registry.versions).toHaveLength(1);
    await expectConsistent(s, 'C001', rows);
  });

  it('skips reading a finished upload again when the event carries a version id', async () => {
    const s = setup();
    await s.put('uploads/C001/a.csv', runsToCsv(rows));
    const event = { bucket: uploads, key: 'uploads/C001/a.csv', versionId: 'v1' };
    await ingestUpload(s.deps, event);
    let reads = 0;
    const objects = Object.assign(Object.create(s.objects) as MemoryObjectStore, {
      getStream: (...args: Parameters<MemoryObjectStore['getStream']>) => {
        reads += 1;
        return s.objects.getStream(...args);
      },
    });
    expect(await ingestUpload({ ...s.deps, objects }, event)).toMatchObject({ duplicate: true });
    expect(reads).toBe(0);
  });

  const crashPoints = ingestSteps.filter((step) => step !== 'resolve-center');
  it.each(crashPoints)('converges after a crash before %s and a retry', async (crashAt) => {
    const s = setup();
    await s.put('uploads/C001/base.csv', runsToCsv(rows.slice(0, 20)));
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/base.csv' });
    const update = [...rows.slice(10, 40)].map((r, i) =>
      i < 5 ? ({ ...r, ecmo_hours: undefined } as RunRow) : r,
    );
    await s.put('uploads/C001/update.csv', runsToCsv(update));

    let crashed = false;
    const crashing = {
      ...s.deps,
      beforeStep: (step: IngestStep) => {
        if (step === crashAt && !crashed) {
          crashed = true;
          throw new InjectedCrash(`crash before ${step}`);
        }
      },
    };
    await expect(ingestUpload(crashing, { bucket: uploads, key: 'uploads/C001/update.csv' })).rejects.toThrow(
      InjectedCrash,
    );
    const retry = await ingestUpload(crashing, { bucket: uploads, key: 'uploads/C001/update.csv' });
    expect(retry).toMatchObject({ status: 'completed', version: 2 });
    const expected = new Map(rows.slice(0, 20).map((r) => [r.run_id, r]));
    for (const r of update) expected.set(r.run_id, r);
    await expectConsistent(s, 'C001', [...expected.values()]);
    expect(s.registry.versions.map((v) => v.version)).toEqual([1, 2]);
    // The stale events of the update reach the publisher at least once.
    const staleForUpdate = new Set(
      s.publisher.events.filter((e) => e.uploadId === retry.uploadId).map((e) => e.quarter),
    );
    expect([...staleForUpdate].sort()).toEqual(retry.affectedQuarters);
  });

  it('serialises two concurrent uploads of one center through the pointer lock, losing neither', async () => {
    const s = setup();
    const a = syntheticRuns('C001', 30, 21, { prefix: 'A' });
    const b = syntheticRuns('C001', 30, 22, { prefix: 'B' });
    await s.put('uploads/C001/a.csv', runsToCsv(a));
    await s.put('uploads/C001/b.csv', runsToCsv(b));
    const outcomes = await Promise.all([
      ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/a.csv' }),
      ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/b.csv' }),
    ]);
    expect(outcomes.map((o) => o.version).sort()).toEqual([1, 2]);
    await expectConsistent(s, 'C001', [...a, ...b]);
  });
});
