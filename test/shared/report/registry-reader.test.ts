// The data-quality dashboard comes from the ledger: every center's latest upload and its verdict, a rejected
// (red) one included, though a rejected upload never reaches the current data. Real ingest pipeline, in-memory
// ports; then the whole quarter pipeline publishes it.
import { findCenter } from '../../../shared/config/centers.js';
import { dictionaryValidator, ingestUpload, type IngestDependencies } from '../../../shared/ingest/index.js';
import { generateQuarterReport } from '../../../shared/report/generate-quarter-report.js';
import { siteObjectStoreOn } from '../../../shared/report/publish/index.js';
import { readRegistry, withDataQuality } from '../../../shared/report/registry-reader.js';
import { centerCompleteness } from '../../../shared/report/analyses/data-quality.js';
import { buildRegistryReport, defaultReportSpec, type RegistryReport } from '../../../shared/report/index.js';
import {
  CollectingPublisher,
  MemoryObjectStore,
  MemoryRegistryStore,
} from '../ingest/support/memory-stores.js';
import { runsToCsv, syntheticRuns } from '../ingest/support/synthetic-runs.js';

const SLOW = 180_000;
const buckets = { uploads: 'ecls-uploads', data: 'ecls-data', reports: 'ecls-reports' };

/** C001: accepted, then a rejected upload. C002: only a rejected one. C003: accepted twice. C004: nothing. */
async function registryWithRejections() {
  const objects = new MemoryObjectStore();
  const registry = new MemoryRegistryStore();
  let minute = 0;
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: new CollectingPublisher(),
    dataBucket: buckets.data,
    findCenter,
    backoff: async () => undefined,
    now: () => new Date(Date.UTC(2023, 9, 2, 9, minute++)),
  };
  const upload = async (centerId: string, name: string, csv: string) => {
    const key = `uploads/${centerId}/${name}.csv`;
    await objects.put({ bucket: buckets.uploads, key }, csv);
    return ingestUpload(deps, { bucket: buckets.uploads, key });
  };
  const good = (centerId: string, seed: number) => runsToCsv(syntheticRuns(centerId, 30, seed));
  const bad = (centerId: string, seed: number) => good(centerId, seed).replace(',male,', ',robot,');
  const outcomes = {
    c1Good: await upload('C001', 'a', good('C001', 1)),
    c1Bad: await upload('C001', 'b', bad('C001', 2)),
    c2Bad: await upload('C002', 'a', bad('C002', 3)),
    c3First: await upload('C003', 'a', good('C003', 4)),
    c3Second: await upload('C003', 'b', runsToCsv(syntheticRuns('C003', 10, 5, { prefix: 'S' }))),
  };
  return { objects, registry, outcomes };
}

let setup: Awaited<ReturnType<typeof registryWithRejections>>;
beforeAll(async () => {
  setup = await registryWithRejections();
}, SLOW);

describe('readRegistry: the data-quality dashboard', () => {
  it('shows each center’s latest upload and verdict from the ledger, a rejected one included', async () => {
    const { objects, registry, outcomes } = setup;
    expect(outcomes.c1Bad).toMatchObject({ status: 'rejected', verdictStatus: 'red' });
    expect(outcomes.c2Bad).toMatchObject({ status: 'rejected', verdictStatus: 'red' });
    expect(outcomes.c3Second).toMatchObject({ status: 'completed' });
    const snapshot = await readRegistry(
      { objectStore: objects, registryStore: registry, dataBucket: buckets.data },
      ['C001', 'C002', 'C003', 'C004'],
    );
    const at = async (uploadId: string) => (await registry.getUpload(uploadId))!.steps.recordedAt!;
    expect(snapshot.dataQuality).toEqual([
      {
        centerId: 'C001',
        lastUploadAt: await at(outcomes.c1Bad.uploadId),
        verdict: 'red',
        uploads: 1,
      },
      {
        centerId: 'C002',
        lastUploadAt: await at(outcomes.c2Bad.uploadId),
        verdict: 'red',
        uploads: 0,
      },
      {
        centerId: 'C003',
        lastUploadAt: await at(outcomes.c3Second.uploadId),
        verdict: (await registry.getUpload(outcomes.c3Second.uploadId))!.verdictStatus,
        uploads: 2,
      },
      { centerId: 'C004', lastUploadAt: null, verdict: null, uploads: 0 },
    ]);
    // Completeness is the report build's, computed from the same runs (see withDataQuality).
    const built = await buildRegistryReport(snapshot.runs, {
      spec: defaultReportSpec,
      quarter: '2023-Q3',
      cutoff: '2023-09-30T23:59:59.999Z',
      uploads: snapshot.uploads,
      generatedAt: '2023-10-01T00:00:00.000Z',
      softwareVersion: 'test',
      status: 'provisional',
    });
    const merged = withDataQuality(built, snapshot).dataQuality;
    expect(merged.map((d) => [d.centerId, d.completeness === null])).toEqual([
      ['C001', false],
      ['C002', true],
      ['C003', false],
      ['C004', true],
    ]);
    expect(merged[2]!.completeness).toEqual(
      centerCompleteness(snapshot.runs.filter((r) => r.center_id === 'C003')),
    );
    expect(merged[2]!.completeness!.fields.map((f) => f.column)).toContain('pre_ph');
    // The uploads used stay the accepted ones only; the rejected uploads are not in the data.
    expect(snapshot.uploads.map((u) => u.uploadId).sort()).toEqual(
      [outcomes.c1Good.uploadId, outcomes.c3First.uploadId, outcomes.c3Second.uploadId].sort(),
    );
    expect(snapshot.centers.map((c) => c.centerId)).toEqual(['C001', 'C003']);
  });

  it('withDataQuality replaces only the dashboard of a report, keeping each center’s completeness', () => {
    const completeness = { overall: 0.9, fields: [{ column: 'pre_ph', completeness: 0.9 }] };
    const before = [{ centerId: 'C001', lastUploadAt: null, verdict: null, uploads: 1, completeness }];
    const report = { provenance: { quarter: '2023-Q3' }, dataQuality: before } as unknown as RegistryReport;
    const rows = [
      { centerId: 'C001', lastUploadAt: '2023-10-02T09:00:00.000Z', verdict: 'yellow' as const, uploads: 1 },
      { centerId: 'C002', lastUploadAt: '2023-10-02T09:02:00.000Z', verdict: 'red' as const, uploads: 0 },
    ];
    const out = withDataQuality(report, { dataQuality: rows });
    expect(out).toEqual({
      provenance: { quarter: '2023-Q3' },
      dataQuality: [
        { ...rows[0], completeness },
        { ...rows[1], completeness: null },
      ],
    });
    expect(report.dataQuality).toBe(before);
  });
});

describe('generateQuarterReport: the published dashboard', () => {
  it(
    'lists the rejected latest uploads in the committee site and in the center’s own report',
    async () => {
      const { objects, registry, outcomes } = setup;
      const lines: string[] = [];
      const result = await generateQuarterReport(
        {
          objectStore: objects,
          registryStore: registry,
          buckets: { data: buckets.data, reports: buckets.reports },
          clock: () => new Date(Date.UTC(2023, 9, 5)),
          log: (line) => lines.push(line),
          centerIds: ['C001', 'C002', 'C003', 'C004'],
        },
        { quarter: '2023-Q3' },
      );
      expect(result.outcome).toBe('published');
      if (result.outcome !== 'published') return;
      // Centers with data first, the committee site last.
      expect(result.sites.map((s) => s.centerId ?? 'registry')).toEqual(['C001', 'C003', 'registry']);
      const store = siteObjectStoreOn(objects, buckets.reports);
      const read = async (key: string) => (await store.get(key))!;
      const dashboard = await read('site/2023-Q3/v1/tables/data-quality.csv');
      const c1At = (await registry.getUpload(outcomes.c1Bad.uploadId))!.steps.recordedAt!;
      expect(dashboard).toContain(`C001,${c1At},red: rejected,1`);
      expect(dashboard).toMatch(/\nC002,[^,]+,red: rejected,0,–,–,[^\n]*,red,0,\r?\n/);
      expect(dashboard).toContain('C004,none received,–,0');
      const model = JSON.parse(await read('site/2023-Q3/v1/report.json')) as RegistryReport;
      expect(model.dataQuality.map((d) => [d.centerId, d.verdict])).toEqual([
        ['C001', 'red'],
        ['C002', 'red'],
        ['C003', model.dataQuality[2]!.verdict],
        ['C004', null],
      ]);
      const own = await read('centers/C001/2023-Q3/v1/tables/data-quality.csv');
      const ownRows = own.trim().split(/\r?\n/).slice(1);
      expect(ownRows).toHaveLength(1);
      expect(ownRows[0]).toMatch(new RegExp(`^C001,${c1At},red: rejected,1,[0-9.]+,`));
      expect(await read('centers/C001/2023-Q3/v1/index.html')).toContain('<td>red: rejected</td>');
    },
    SLOW,
  );
});

describe('generateQuarterReport: key findings against the previous quarter', () => {
  it(
    "compares the primary estimate with the previous quarter's published report, and says when there is none",
    async () => {
      const { objects, registry } = await registryWithRejections();
      const lines: string[] = [];
      const deps = {
        objectStore: objects,
        registryStore: registry,
        buckets: { data: buckets.data, reports: buckets.reports },
        log: (line: string) => lines.push(line),
        centerIds: ['C001', 'C002', 'C003', 'C004'],
      };
      const store = siteObjectStoreOn(objects, buckets.reports);
      const model = async (key: string) => JSON.parse((await store.get(key))!) as RegistryReport;

      await generateQuarterReport(
        { ...deps, clock: () => new Date(Date.UTC(2023, 9, 5)) },
        { quarter: '2023-Q3' },
      );
      const q3 = await model('site/2023-Q3/v1/report.json');
      expect(q3.keyFindings[1]).toBe('No previous quarter’s report is available to compare with.');
      expect(lines).toContain('2023-Q3: no published report of 2023-Q2 to compare with');

      await generateQuarterReport(
        { ...deps, clock: () => new Date(Date.UTC(2024, 0, 5)) },
        { quarter: '2023-Q4' },
      );
      const q4 = await model('site/2023-Q4/v1/report.json');
      const before = q3.adjustedOddsRatios[0]!.main;
      expect(q4.keyFindings[1]).toEqual(
        before.estimable
          ? expect.stringMatching(
              new RegExp(
                `^In the previous quarter’s report \\(2023-Q3\\) it was ${before.oddsRatio.toFixed(2)} \\(`,
              ),
            )
          : 'In the previous quarter’s report (2023-Q3) it could not be estimated.',
      );
      expect(await store.get('centers/C001/2023-Q4/v1/index.html')).toContain(
        q4.keyFindings[1]!.slice(0, 40),
      );
    },
    SLOW,
  );
});
