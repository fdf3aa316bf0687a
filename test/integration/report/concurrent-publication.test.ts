/**
 * Whole report builds of one quarter racing on the real local stack: a small synthetic registry ingested
 * through the ingest pipeline (s3rver, DynamoDB Local), then `generateQuarterReport` started several times at
 * once (the report function at concurrency 2, close-quarter and `ecls report` together), and a provisional build
 * that was under way when close-quarter finalised the quarter. Nothing is mocked; the late build's publication
 * store is the real one, only held back at its lease claim so the order is certain.
 */
import type { PublicationStore } from '../../../shared/ports/registry-store.js';
import { activeCenters } from '../../../shared/config/centers.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportDeps,
  type GenerateQuarterReportResult,
} from '../../../shared/report/generate-quarter-report.js';
import {
  currentVersion,
  siteObjectStoreOn,
  type SiteObjectStore,
} from '../../../shared/report/publish/index.js';
import { generateRegistry, toCsv } from '../../../shared/synthetic/index.js';
import { withLocalStack } from '../../support/local-stack.js';
import { createIngestHarness, type IngestHarness } from '../ingest/support/ingest-harness.js';

// A hang guard for a loaded 2-core machine, not a speed check.
const SLOW = 600_000;

const local = withLocalStack();
const centerIds = activeCenters()
  .slice(0, 2)
  .map((c) => c.id);
const quarter = '2023-Q3';
const prefixes = ['site', ...centerIds.map((id) => `centers/${id}`)];
let harness: IngestHarness;
let deps: GenerateQuarterReportDeps;
let sites: SiteObjectStore;

beforeAll(async () => {
  harness = createIngestHarness(local);
  for (const center of generateRegistry({ centerIds, scale: 0.2 })) {
    await harness.upload(
      `uploads/${center.centerId}/snapshot/export.csv`,
      toCsv(center.rows, center.rawCells),
    );
  }
  await harness.drain();
  deps = {
    objectStore: harness.objects,
    registryStore: harness.registry,
    buckets: { data: local.stack.buckets.data, reports: local.stack.buckets.reports },
    clock: () => new Date('2023-10-15T12:00:00Z'),
    log: () => undefined,
    centerIds,
  };
  sites = siteObjectStoreOn(harness.objects, local.stack.buckets.reports);
}, SLOW);

afterAll(() => harness?.close());

/** The generation time a version directory's files were built at, failing if its files disagree. */
async function builtAt(prefix: string, version: number): Promise<string> {
  const dir = `${prefix}/${quarter}/v${version}/`;
  const report = JSON.parse((await sites.get(`${dir}report.json`))!) as {
    provenance: { generatedAt: string };
  };
  const at = report.provenance.generatedAt;
  const page = (await sites.get(`${dir}index.html`))!;
  expect(page).toContain(at);
  return at;
}

function versionOf(result: GenerateQuarterReportResult): number {
  if (result.outcome === 'already-final') throw new Error(`unexpected ${result.outcome}`);
  return result.sites.find((s) => s.centerId === undefined)!.pointer.version;
}

describe('report builds of one quarter at once', () => {
  it(
    'publish distinct versions, each wholly one build, and the newest becomes current everywhere',
    async () => {
      const times = ['2023-10-15T12:00:01.000Z', '2023-10-15T12:00:02.000Z', '2023-10-15T12:00:03.000Z'];
      const results = await Promise.all(
        times.map((t) => generateQuarterReport(deps, { quarter, now: new Date(t) })),
      );
      const versions = results.map(versionOf);
      expect([...versions].sort()).toEqual([1, 2, 3]);
      for (const r of results) expect(['published', 'superseded']).toContain(r.outcome);
      const newest = results[versions.indexOf(3)]!;
      expect(newest.outcome).toBe('published');
      for (const prefix of prefixes) {
        for (const [i, version] of versions.entries()) expect(await builtAt(prefix, version)).toBe(times[i]);
        const current = (await currentVersion(sites, prefix, quarter))!;
        expect(current).toMatchObject({ version: 3, generatedAt: times[versions.indexOf(3)] });
        expect(await builtAt(prefix, current.version)).toBe(current.generatedAt);
      }
      // A superseded build saw a newer version committed when it came to switch: not necessarily the newest,
      // since a third build may commit later still.
      for (const r of results) {
        if (r.outcome === 'superseded') expect(r.current.version).toBeGreaterThan(versionOf(r));
      }
    },
    SLOW,
  );

  it(
    'keep the final report current when a provisional build under way publishes after finalisation',
    async () => {
      let reachedClaim!: () => void;
      const atClaim = new Promise<void>((r) => (reachedClaim = r));
      let release!: () => void;
      const released = new Promise<void>((r) => (release = r));
      const real = harness.registry;
      const heldBack: PublicationStore = {
        getPublication: (q) => real.getPublication(q),
        reservePublicationVersion: (q, s) => real.reservePublicationVersion(q, s),
        claimPublicationLease: async (claim) => {
          reachedClaim();
          await released;
          return real.claimPublicationLease(claim);
        },
        renewPublicationLease: (o, n, m) => real.renewPublicationLease(o, n, m),
        commitPublication: (c) => real.commitPublication(c),
        releasePublicationLease: (o) => real.releasePublicationLease(o),
      };
      const provisionalAt = '2023-10-30T12:00:00.000Z';
      const late = generateQuarterReport(
        { ...deps, publications: heldBack },
        { quarter, now: new Date(provisionalAt) },
      );
      await atClaim; // its version is reserved and written; it has read the quarter as not final
      const finalAt = '2023-10-31T00:00:00.000Z';
      const final = await generateQuarterReport(deps, { quarter, final: true, now: new Date(finalAt) });
      expect(final.outcome).toBe('published');
      const finalVersion = versionOf(final);
      release();
      const result = await late;
      expect(result).toMatchObject({
        outcome: 'already-final',
        pointer: { version: finalVersion, status: 'final', generatedAt: finalAt },
      });
      for (const prefix of prefixes) {
        expect(await currentVersion(sites, prefix, quarter)).toMatchObject({
          version: finalVersion,
          status: 'final',
          generatedAt: finalAt,
        });
        expect(await builtAt(prefix, finalVersion)).toBe(finalAt);
        // The late build's own version is whole, but nothing points at it.
        expect(await builtAt(prefix, finalVersion - 1)).toBe(provisionalAt);
        const index = JSON.parse((await sites.get(`${prefix}/index.json`))!) as {
          quarter: string;
          status: string;
          path: string;
        }[];
        expect(index.find((e) => e.quarter === quarter)).toMatchObject({
          status: 'final',
          path: `${quarter}/v${finalVersion}/index.html`,
        });
      }
      expect(await generateQuarterReport(deps, { quarter })).toMatchObject({ outcome: 'already-final' });
    },
    SLOW,
  );
});
