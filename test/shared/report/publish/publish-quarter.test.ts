/**
 * Concurrent publication of one quarter on the real local stack (s3rver for the sites, DynamoDB Local for the
 * publication records): builds racing, a provisional build finishing after the quarter was finalised, a build
 * that crashed holding the lease, and one that stalled past it. Sites are small synthetic ones, each file marked
 * with its build, so a version directory holding files of two builds would show.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoRegistryStore, registryItemKeys, S3ObjectStore } from '../../../../shared/adapters/index.js';
import { PublicationLeaseLostError, type PublicationStore } from '../../../../shared/ports/registry-store.js';
import {
  currentVersion,
  PublicationBusyError,
  siteObjectStoreOn,
  startQuarterPublication,
  type PublishQuarterDeps,
  type QuarterPublicationResult,
  type SiteObjectStore,
} from '../../../../shared/report/publish/index.js';
import type { SiteFile } from '../../../../shared/report/render/index.js';
import { withLocalStack } from '../../../support/local-stack.js';

const local = withLocalStack();
const CENTERS = ['centers/C001', 'centers/C002', 'centers/C003'];
const PREFIXES = [...CENTERS, 'site'];
const FILES = [
  'report.json',
  'tables/t1.csv',
  'tables/t2.csv',
  'figures/f1.svg',
  'figures/f2.svg',
  'index.html',
];
let sites: SiteObjectStore;
let registry: DynamoRegistryStore;

beforeAll(() => {
  sites = siteObjectStoreOn(new S3ObjectStore(local.stack.s3Client()), local.stack.buckets.reports);
  registry = new DynamoRegistryStore(local.stack.docClient(), { tableName: local.stack.tableName });
});

/** A site whose every file names its build. */
function siteFiles(build: string): SiteFile[] {
  return FILES.map((path) => ({ path, contentType: 'text/plain', body: `${build}:${path}` }));
}

function deps(over: Partial<PublishQuarterDeps> = {}): PublishQuarterDeps {
  return { store: sites, publications: registry, log: () => undefined, ...over };
}

/** One build: reserve, write every site (centers first, the committee site last), commit. */
async function build(
  quarter: string,
  name: string,
  status: 'provisional' | 'final',
  over: Partial<PublishQuarterDeps> = {},
): Promise<QuarterPublicationResult & { name: string }> {
  const generatedAt = `2030-01-01T00:00:00.000Z#${name}`;
  const started = await startQuarterPublication(deps(over), {
    quarter,
    status,
    generatedAt,
    registryPrefix: 'site',
  });
  if (started.outcome === 'already-final') return { ...started, name };
  for (const prefix of PREFIXES) await started.publication.writeSite(prefix, siteFiles(name));
  return { ...(await started.publication.commit()), name };
}

/** Every file of a version directory, by path; undefined for a missing file. */
async function versionFiles(prefix: string, quarter: string, version: number) {
  return Promise.all(FILES.map((f) => sites.get(`${prefix}/${quarter}/v${version}/${f}`)));
}

/** The build whose files fill the version directory, failing if it is incomplete or mixed. */
async function soleBuild(prefix: string, quarter: string, version: number): Promise<string> {
  const bodies = await versionFiles(prefix, quarter, version);
  expect(bodies.every((b) => b !== undefined)).toBe(true);
  const builds = new Set(bodies.map((b) => b!.split(':')[0]));
  expect(builds.size).toBe(1);
  return [...builds][0]!;
}

async function indexStatus(prefix: string, quarter: string) {
  const entries = JSON.parse((await sites.get(`${prefix}/index.json`))!) as {
    quarter: string;
    status: string;
    path: string;
  }[];
  return entries.find((e) => e.quarter === quarter);
}

describe('publishing one quarter from several builds at once', () => {
  it('gives each build its own version, never mixes two builds in one, and leaves the newest current', async () => {
    const quarter = '2030-Q1';
    const results = await Promise.all(['A', 'B', 'C'].map((name) => build(quarter, name, 'provisional')));
    const versions = results.map((r) => (r.outcome === 'already-final' ? -1 : r.version));
    expect([...versions].sort()).toEqual([1, 2, 3]);
    const newest = results[versions.indexOf(3)]!;
    expect(newest.outcome).toBe('published');
    for (const r of results) expect(['published', 'superseded']).toContain(r.outcome);
    for (const prefix of PREFIXES) {
      for (const r of results) {
        const version = r.outcome === 'already-final' ? -1 : r.version;
        expect(await soleBuild(prefix, quarter, version)).toBe(r.name);
      }
      const current = (await currentVersion(sites, prefix, quarter))!;
      expect(current).toMatchObject({ version: 3, status: 'provisional', path: `${prefix}/${quarter}/v3/` });
      expect(await soleBuild(prefix, quarter, current.version)).toBe(newest.name);
      expect(await indexStatus(prefix, quarter)).toMatchObject({ path: `${quarter}/v3/index.html` });
    }
    expect(await registry.getPublication(quarter)).toMatchObject({
      lastReserved: 3,
      current: { version: 3, status: 'provisional' },
    });
  }, 120_000);

  it('keeps the site index of every quarter when builds of different quarters switch at once', async () => {
    const quarters = ['2030-Q2', '2030-Q3', '2030-Q4', '2031-Q1'];
    await Promise.all(quarters.map((q, i) => build(q, `Q${i}`, 'provisional')));
    for (const prefix of PREFIXES) {
      for (const q of quarters) expect(await indexStatus(prefix, q)).toBeDefined();
    }
  }, 120_000);

  it('never lets a provisional build that started before finalisation replace the final report', async () => {
    const quarter = '2031-Q2';
    await build(quarter, 'early', 'provisional');
    // A provisional build reserves and writes its version, then stalls; meanwhile the quarter is finalised.
    const late = await startQuarterPublication(deps(), {
      quarter,
      status: 'provisional',
      generatedAt: '2031-07-01T00:00:00.000Z',
      registryPrefix: 'site',
    });
    expect(late.outcome).toBe('reserved');
    if (late.outcome !== 'reserved') return;
    for (const prefix of PREFIXES) await late.publication.writeSite(prefix, siteFiles('late'));
    const final = await build(quarter, 'final', 'final');
    expect(final).toMatchObject({ outcome: 'published', version: 3 });

    const after = await late.publication.commit();
    expect(after).toMatchObject({ outcome: 'already-final', pointer: { version: 3, status: 'final' } });
    for (const prefix of PREFIXES) {
      expect(await currentVersion(sites, prefix, quarter)).toMatchObject({ version: 3, status: 'final' });
      expect(await soleBuild(prefix, quarter, 3)).toBe('final');
      expect(await indexStatus(prefix, quarter)).toMatchObject({
        status: 'final',
        path: `${quarter}/v3/index.html`,
      });
    }
    // Later builds, provisional or final, are refused before they write anything.
    for (const status of ['provisional', 'final'] as const) {
      expect(await build(quarter, `after-${status}`, status)).toMatchObject({ outcome: 'already-final' });
    }
    expect(await sites.get(`site/${quarter}/v4/index.html`)).toBeUndefined();
    expect(await registry.getPublication(quarter)).toMatchObject({
      lastReserved: 3,
      current: { version: 3, status: 'final' },
    });
  }, 120_000);

  it('waits out the lease of a build that crashed holding it, then publishes', async () => {
    const quarter = '2031-Q3';
    await registry.reservePublicationVersion(quarter, 0);
    // The crashed build took the lease for two seconds and never came back.
    const taken = await registry.claimPublicationLease({
      quarter,
      version: 1,
      status: 'provisional',
      owner: 'crashed',
      nowMs: Date.now(),
      leaseMs: 2_000,
    });
    expect(taken.outcome).toBe('acquired');
    const lines: string[] = [];
    const result = await build(quarter, 'after-crash', 'provisional', {
      log: (line) => lines.push(line),
      lease: { maxWaitMs: 60_000 },
    });
    expect(result).toMatchObject({ outcome: 'published', version: 2 });
    expect(lines).toContain(`${quarter}: waiting for the publication lease (crashed)`);
    expect(await currentVersion(sites, 'site', quarter)).toMatchObject({ version: 2 });
    const lease = await local.stack.docClient().send(
      new GetCommand({
        TableName: local.stack.tableName,
        Key: registryItemKeys.publicationLease(),
        ConsistentRead: true,
      }),
    );
    expect(lease.Item?.owner).toBeUndefined();
  }, 120_000);

  it('gives up with PublicationBusyError while a lease is held, switching nothing', async () => {
    const quarter = '2031-Q4';
    await build(quarter, 'first', 'provisional');
    const held = await registry.claimPublicationLease({
      quarter,
      version: 5,
      status: 'provisional',
      owner: 'holder',
      nowMs: Date.now(),
      leaseMs: 10 * 60_000,
    });
    expect(held.outcome).toBe('acquired');
    try {
      await expect(build(quarter, 'blocked', 'provisional', { lease: { maxWaitMs: 0 } })).rejects.toThrow(
        PublicationBusyError,
      );
      for (const prefix of PREFIXES) {
        expect(await currentVersion(sites, prefix, quarter)).toMatchObject({ version: 1 });
      }
      // Its version is written whole, but nothing points at it.
      expect(await soleBuild('site', quarter, 2)).toBe('blocked');
    } finally {
      await registry.releasePublicationLease('holder');
    }
  }, 120_000);

  it('stops a build that stalled past its lease once another build has taken over', async () => {
    const quarter = '2032-Q1';
    let resume!: () => void;
    const stalled = new Promise<void>((r) => (resume = r));
    let stalledOnce = false;
    let reachedStall!: () => void;
    const atStall = new Promise<void>((r) => (reachedStall = r));
    // The stalled build's lease lasts 1 ms; it stalls right after taking it, before switching any pointer.
    const slow: PublicationStore = {
      getPublication: (q) => registry.getPublication(q),
      reservePublicationVersion: (q, s) => registry.reservePublicationVersion(q, s),
      claimPublicationLease: (c) => registry.claimPublicationLease(c),
      renewPublicationLease: async (owner, now, ms) => {
        if (!stalledOnce) {
          stalledOnce = true;
          reachedStall();
          await stalled;
        }
        return registry.renewPublicationLease(owner, now, ms);
      },
      commitPublication: (c) => registry.commitPublication(c),
      releasePublicationLease: (o) => registry.releasePublicationLease(o),
    };
    const first = build(quarter, 'stalled', 'provisional', { publications: slow, lease: { leaseMs: 1 } });
    await atStall;
    await new Promise((r) => setTimeout(r, 5)); // the 1 ms lease is over
    const second = await build(quarter, 'taker', 'provisional');
    expect(second).toMatchObject({ outcome: 'published', version: 2 });
    resume();
    await expect(first).rejects.toThrow(PublicationLeaseLostError);
    for (const prefix of PREFIXES) {
      expect(await currentVersion(sites, prefix, quarter)).toMatchObject({ version: 2 });
      expect(await soleBuild(prefix, quarter, 2)).toBe('taker');
    }
  }, 120_000);
});
