/**
 * The report triggers on the real local stack: three centers ingested through the ingest pipeline (s3rver,
 * its notification, the local queue, DynamoDB Local), then the quarterly report generated, regenerated and
 * finalised, the stale-event handler's debounce and the close-quarter run. Nothing is mocked; only the
 * regeneration count is observed by wrapping the real pipeline.
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import type { SQSEvent } from 'aws-lambda';
import { closeQuarterIfDue } from '../../../shared/app/close-quarter-if-due.js';
import {
  regenerateStaleReports,
  type QuarterDecision,
} from '../../../shared/app/regenerate-stale-reports.js';
import { activeCenters } from '../../../shared/config/centers.js';
import {
  generateQuarterReport,
  QuarterReportRequestError,
  type GenerateQuarterReportDeps,
} from '../../../shared/report/generate-quarter-report.js';
import { currentVersion, siteObjectStoreOn } from '../../../shared/report/publish/index.js';
import { generateRegistry, toCsv } from '../../../shared/synthetic/index.js';
import { withLocalStack } from '../../support/local-stack.js';
import { createIngestHarness, type IngestHarness } from '../ingest/support/ingest-harness.js';

// A hang guard (publishing every center's site twice takes minutes on a loaded 2-core CI machine), not a speed check.
const SLOW = 600_000;

const local = withLocalStack();
const centerIds = activeCenters()
  .slice(0, 3)
  .map((c) => c.id);
const quarter = '2023-Q3';
let harness: IngestHarness;
let deps: GenerateQuarterReportDeps;
let now = new Date('2023-10-15T12:00:00Z');
const lines: string[] = [];

async function exists(key: string): Promise<boolean> {
  try {
    await local.stack
      .s3Client()
      .send(new HeadObjectCommand({ Bucket: local.stack.buckets.reports, Key: key }));
    return true;
  } catch {
    return false;
  }
}

function staleEvent(count: number, q: string, sentAt: number): SQSEvent {
  return {
    Records: Array.from({ length: count }, (_, i) => ({
      messageId: `m-${q}-${sentAt}-${i}`,
      receiptHandle: `r${i}`,
      body: JSON.stringify({ quarter: q, centerId: centerIds[i % centerIds.length], uploadId: `u${i}` }),
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: String(sentAt),
        SenderId: 'test',
        ApproximateFirstReceiveTimestamp: String(sentAt),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs' as const,
      eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ecls-report',
      awsRegion: 'us-east-1',
    })),
  };
}

beforeAll(async () => {
  harness = createIngestHarness(local);
  for (const center of generateRegistry({ centerIds })) {
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
    clock: () => now,
    log: (line) => lines.push(line),
    centerIds,
  };
}, SLOW);

afterAll(() => harness?.close());

describe('generateQuarterReport', () => {
  it(
    'publishes the committee site and one private site per center, then v2 beside v1',
    async () => {
      for (const id of centerIds) expect(await harness.registry.getPointer(id)).toBeDefined();

      const first = await generateQuarterReport(deps, { quarter });
      expect(first.outcome).toBe('published');
      if (first.outcome !== 'published') return;
      expect(first.status).toBe('provisional');
      expect(first.cutoff).toBe('2023-09-30T23:59:59.999Z');
      expect(first.runs).toBeGreaterThan(0);
      expect(first.sites.map((s) => s.indexKey).sort()).toEqual(
        [
          ...centerIds.map((id) => `centers/${id}/${quarter}/v1/index.html`),
          `site/${quarter}/v1/index.html`,
        ].sort(),
      );
      for (const key of [
        `site/${quarter}/v1/index.html`,
        `site/${quarter}/v1/report.json`,
        `site/${quarter}/current.json`,
        'site/index.html',
        `centers/${centerIds[0]}/${quarter}/v1/report.json`,
        `centers/${centerIds[0]}/index.html`,
      ]) {
        expect(await exists(key)).toBe(true);
      }
      const store = siteObjectStoreOn(harness.objects, local.stack.buckets.reports);
      const report = JSON.parse((await store.get(`site/${quarter}/v1/report.json`))!) as {
        provenance: { quarter: string; status: string; uploads: { centerId: string }[] };
      };
      expect(report.provenance.quarter).toBe(quarter);
      expect(report.provenance.status).toBe('provisional');
      expect(new Set(report.provenance.uploads.map((u) => u.centerId))).toEqual(new Set(centerIds));
      expect(lines.some((l) => l.includes('registry published site/2023-Q3/v1/'))).toBe(true);

      now = new Date('2023-10-20T12:00:00Z');
      const second = await generateQuarterReport(deps, { quarter });
      expect(second.outcome).toBe('published');
      expect(await currentVersion(store, 'site', quarter)).toMatchObject({
        version: 2,
        status: 'provisional',
        generatedAt: '2023-10-20T12:00:00.000Z',
      });
      expect(await currentVersion(store, `centers/${centerIds[1]}`, quarter)).toMatchObject({ version: 2 });
      expect(await exists(`site/${quarter}/v1/index.html`)).toBe(true);
      expect(await exists(`site/${quarter}/v2/index.html`)).toBe(true);
    },
    SLOW,
  );

  it(
    'refuses to finalise an open quarter or report one that has not started',
    async () => {
      await expect(generateQuarterReport(deps, { quarter: '2023-Q4', final: true })).rejects.toThrow(
        QuarterReportRequestError,
      );
      await expect(generateQuarterReport(deps, { quarter: '2024-Q1' })).rejects.toThrow(/has not started/);
    },
    SLOW,
  );
});

describe('regenerateStaleReports (stale events)', () => {
  it(
    'collapses 100 events of one quarter into one regeneration, and skips a report newer than them',
    async () => {
      const store = siteObjectStoreOn(harness.objects, local.stack.buckets.reports);
      const before = (await currentVersion(store, 'site', quarter))!.version;
      let regenerations = 0;
      const decisions: QuarterDecision[][] = [];
      const options = {
        generate: (d: GenerateQuarterReportDeps, o: { quarter: string; now: Date }) => {
          regenerations++;
          return generateQuarterReport(d, o);
        },
        onDecisions: (d: QuarterDecision[]) => decisions.push(d),
      };
      now = new Date('2023-10-25T12:00:00Z');
      const sent = Date.parse('2023-10-25T11:59:00Z');
      const burst = await regenerateStaleReports(staleEvent(100, quarter, sent), deps, options);
      expect(burst.batchItemFailures).toEqual([]);
      expect(regenerations).toBe(1);
      expect(decisions[0]).toEqual([{ quarter, events: 100, action: 'regenerated' }]);
      expect((await currentVersion(store, 'site', quarter))!.version).toBe(before + 1);

      // Redelivered (or late) events sent before that report was generated: it already covers them.
      now = new Date('2023-10-25T12:05:00Z');
      const again = await regenerateStaleReports(staleEvent(100, quarter, sent), deps, options);
      expect(again.batchItemFailures).toEqual([]);
      expect(regenerations).toBe(1);
      expect(decisions[1]).toEqual([{ quarter, events: 100, action: 'up-to-date' }]);
      expect((await currentVersion(store, 'site', quarter))!.version).toBe(before + 1);
    },
    SLOW,
  );

  it(
    'sends a correction of an old quarter to the provisional report it reaches, and reports failures per quarter',
    async () => {
      let regenerations = 0;
      const decisions: QuarterDecision[][] = [];
      // 2019-Q2 has no report of its own, but the provisional 2023-Q3 report covers its runs; 2023-Q4 is open.
      const event = staleEvent(3, '2019-Q2', Date.parse('2023-10-25T12:00:00Z'));
      const failing = staleEvent(2, '2023-Q4', Date.parse('2023-10-25T12:00:00Z'));
      const result = await regenerateStaleReports({ Records: [...event.Records, ...failing.Records] }, deps, {
        generate: () => {
          regenerations++;
          return Promise.reject(new Error('render failed'));
        },
        onDecisions: (d) => decisions.push(d),
      });
      expect(regenerations).toBe(2);
      expect(decisions[0]).toEqual([
        { quarter: quarter, events: 3, action: 'failed' },
        { quarter: '2023-Q4', events: 2, action: 'failed' },
      ]);
      expect(result.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
        [...event.Records, ...failing.Records].map((r) => r.messageId).sort(),
      );
    },
    SLOW,
  );
});

describe('closeQuarterIfDue and finalising', () => {
  it(
    'does nothing inside the grace period, finalises once it has passed, and never twice',
    async () => {
      const store = siteObjectStoreOn(harness.objects, local.stack.buckets.reports);
      now = new Date('2023-10-30T12:00:00Z');
      expect(await closeQuarterIfDue({ action: 'close-quarter-if-due' }, deps)).toEqual({
        outcome: 'nothing-due',
        graceDays: 30,
      });
      const before = (await currentVersion(store, 'site', quarter))!.version;

      now = new Date('2023-10-31T00:00:00Z');
      const closed = await closeQuarterIfDue({ action: 'close-quarter-if-due', graceDays: 30 }, deps);
      expect(closed).toMatchObject({ outcome: 'finalised', quarter, version: before + 1 });
      expect(await currentVersion(store, 'site', quarter)).toMatchObject({
        version: before + 1,
        status: 'final',
      });
      expect(await currentVersion(store, `centers/${centerIds[2]}`, quarter)).toMatchObject({
        status: 'final',
      });
      const index = JSON.parse((await store.get('site/index.json'))!) as {
        quarter: string;
        status: string;
      }[];
      expect(index.find((e) => e.quarter === quarter)?.status).toBe('final');

      expect(await closeQuarterIfDue({ action: 'close-quarter-if-due' }, deps)).toEqual({
        outcome: 'already-final',
        quarter,
        version: before + 1,
      });
      const onDemand = await generateQuarterReport(deps, { quarter, final: true });
      expect(onDemand.outcome).toBe('already-final');
      const provisional = await generateQuarterReport(deps, { quarter });
      expect(provisional.outcome).toBe('already-final');
      expect(await exists(`site/${quarter}/v${before + 2}/index.html`)).toBe(false);
      expect(await exists(`site/${quarter}/v1/index.html`)).toBe(true);
    },
    SLOW,
  );

  it(
    "rejects an input that is not the scheduler's",
    async () => {
      await expect(
        closeQuarterIfDue({ action: 'close-quarter-if-due', graceDays: 120 }, deps),
      ).rejects.toThrow(/graceDays/);
    },
    SLOW,
  );
});
