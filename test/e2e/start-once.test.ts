/**
 * `npm start -- --once` end to end at a small scale (six centers, 3% of the default volume): the local stack on
 * free ports in a temporary data directory, the synthetic registry uploaded batch by batch through s3rver, the
 * S3 notification, the local queue and the ingest function's code, dirty files rejected and corrected (one left
 * red), stale quarters through the debounced report queue to the report function, the report published, the
 * scheduled close-quarter run fired by hand, the site served, and no Java left behind. Nothing is mocked.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { runCloseQuarter } from '../../cli/commands/close-quarter.js';
import { readRegistryStatus } from '../../shared/app/registry-status.js';
import { startLocalStack, type LocalStack } from '../../infra/local/index.js';
import { connectPipeline, type LocalPipeline } from '../../infra/local/pipeline.js';
import { runRegistry, type RegistryRunSummary } from '../../infra/local/run-registry.js';
import { exportPath } from '../../infra/local/sample-scenario.js';
import { startSiteServer } from '../../infra/local/site-server.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { RegistryReportSchema } from '../../shared/report/index.js';
import { VerdictSchema } from '../../shared/validation/index.js';

const centerIds = ['C001', 'C002', 'C003', 'C004', 'C005', 'C006'];
let dataDir: string;
let stack: LocalStack;
let summary: RegistryRunSummary;
let javaPid: number;
let pipeline: LocalPipeline;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ecls-e2e-'));
  stack = await startLocalStack({ s3Port: 0, dynamodbPort: 0, dataDir });
  javaPid = stack.dynamodbPid;
  // npm start's batching window: a shorter one lets a slow, loaded machine deliver one upload per window, and the
  // debounce below would be measured on nothing.
  pipeline = connectPipeline(stack);
  summary = await runRegistry(stack, { centerIds, scale: 0.03, dirtyRate: 0.1, dirtyCenters: 2, pipeline });
}, 240_000);

afterAll(async () => {
  pipeline?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

async function readObject(bucket: string, key: string): Promise<string> {
  const out = await stack.s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return out.Body!.transformToString();
}

it('uploads every center in several batches, with dirty first uploads and their corrections', () => {
  const batches = new Set(summary.uploads.map((u) => u.batchId));
  expect(batches.size).toBeGreaterThanOrEqual(2);
  expect(summary.manifest.dirty.centerIds).toHaveLength(2);
  expect(summary.manifest.leftRed?.batchId).toBe('2023-Q2-Q3');
  expect(new Set(summary.uploads.map((u) => u.centerId))).toEqual(new Set(centerIds));
  expect(summary.deadLetters).toBe(0);
});

it("sends ingestion's stale quarters through the report queue to the report function", () => {
  const staleQuarters = new Set(pipeline.ingest.staleEvents.map((e) => e.quarter));
  expect(staleQuarters.has('2023-Q3')).toBe(true);
  const decided = pipeline.reports.decisions;
  expect(new Set(decided.map((d) => d.quarter))).toEqual(staleQuarters);
  // Debounced: each invocation decides each quarter once, so there are far fewer decisions than events.
  expect(decided.length).toBeLessThan(pipeline.ingest.staleEvents.length);
  // No report existed while the batches went up, and 2017-2023 quarters are not open in real time.
  expect(decided.every((d) => d.action === 'not-tracked')).toBe(true);
});

it('has a ledger entry and verdict files for every upload, red ones included', async () => {
  const dirty = summary.uploads.filter((u) => u.dirty);
  expect(dirty.map((u) => u.verdict)).toEqual(['red', 'red', 'red']);
  for (const upload of summary.uploads) {
    expect(upload.status).toMatch(/^(completed|rejected)$/);
    const prefix = `validation/${upload.centerId}/${upload.uploadId}/`;
    const verdict = VerdictSchema.parse(
      JSON.parse(await readObject(stack.buckets.data, `${prefix}verdict.json`)),
    );
    expect(verdict.status).toBe(upload.verdict);
    expect(await readObject(stack.buckets.data, `${prefix}verdict.html`)).toContain('<html');
  }
});

it('turns each corrected center green or yellow', async () => {
  const statuses = await readRegistryStatus(
    new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName }),
    summary.manifest.dirty.centerIds,
  );
  for (const status of statuses) {
    expect(status.uploads.some((u) => u.verdictStatus === 'red')).toBe(true);
    const corrected = status.uploads.find(
      (u) => u.key.includes(summary.manifest.dirty.batchId) && u.status === 'completed',
    );
    expect(corrected?.verdictStatus).toMatch(/^(green|yellow)$/);
    expect(status.pointer?.runs).toBeGreaterThan(0);
  }
  const [held] = await readRegistryStatus(
    new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName }),
    [summary.manifest.leftRed!.centerId],
  );
  expect(held?.latest?.verdictStatus).toBe('red');
});

it('keeps per-quarter aggregates in DynamoDB that add up to every accepted run', async () => {
  const registry = new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName });
  let total = 0;
  for (const centerId of centerIds) {
    const aggregates = await registry.listAggregates(centerId);
    expect(aggregates.length).toBeGreaterThan(0);
    total += aggregates.reduce((sum, a) => sum + a.runs + a.inProgressRuns, 0);
  }
  // Every run but those of the export left red (a CSV line per run after the header).
  const held = summary.manifest.leftRed!;
  const heldCsv = await readFile(exportPath(join(dataDir, 'exports'), held.batchId, held.centerId), 'utf8');
  const heldRuns = heldCsv.trim().split('\n').length - 1;
  expect(heldRuns).toBeGreaterThan(0);
  expect(total).toBe(summary.manifest.runs - heldRuns);
});

it('publishes the registry report for the latest quarter into the reports bucket', async () => {
  expect(summary.reports.quarter).toBe('2023-Q3');
  const [registryPage, ...centerPages] = summary.reports.keys;
  expect(registryPage).toBe('site/2023-Q3/v1/index.html');
  expect(await readObject(stack.buckets.reports, registryPage!)).toContain('<html');
  expect(await readObject(stack.buckets.reports, 'site/index.html')).toContain('2023-Q3');
  expect(centerPages.sort()).toEqual(centerIds.map((c) => `centers/${c}/2023-Q3/v1/index.html`));
  const report = RegistryReportSchema.parse(
    JSON.parse(await readObject(stack.buckets.reports, 'site/2023-Q3/v1/report.json')),
  );
  expect(report.provenance.quarter).toBe('2023-Q3');
  expect(report.provenance.status).toBe('provisional');
  // The report uses the accepted uploads behind each center's current data set; rejected ones are not data.
  const accepted = summary.uploads.filter((u) => u.status === 'completed').map((u) => u.uploadId);
  expect(report.provenance.uploads.map((u) => u.uploadId).sort()).toEqual(accepted.sort());
});

it('serves the index, the report and a red verdict over HTTP', async () => {
  const site = await startSiteServer({
    s3: stack.s3Client(),
    doc: stack.docClient(),
    buckets: stack.buckets,
    tableName: stack.tableName,
    centerIds,
  });
  try {
    const index = await (await fetch(site.url)).text();
    expect(index).toContain('href="/site/index.html"');
    expect(index).toContain('href="/centers/C001/index.html"');
    expect((await fetch(`${site.url}centers/C001/index.html`)).status).toBe(200);
    const red = summary.uploads.find((u) => u.verdict === 'red')!;
    expect(index).toContain(`validation/${red.centerId}/${red.uploadId}/verdict.html`);
    const verdict = await fetch(`${site.url}validation/${red.centerId}/${red.uploadId}/verdict.html`);
    expect(verdict.status).toBe(200);
    expect(verdict.headers.get('content-type')).toContain('text/html');
    const page = await fetch(`${site.url}site/2023-Q3/v1/index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${site.url}site/`)).status).toBe(200);
    expect((await fetch(`${site.url}curated/C001/x.ndjson`)).status).toBe(404);
    expect((await fetch(`${site.url}site/..%2Fcurated/x`)).status).toBe(404);
  } finally {
    await site.close();
  }
});

it('finalises 2023-Q3 when the scheduled close-quarter run is fired by hand after the grace period', async () => {
  const out: string[] = [];
  const target = {
    s3Endpoint: stack.endpoints.s3,
    dynamodbEndpoint: stack.endpoints.dynamodb,
    dataDir,
  };
  const sink = { write: (text: string) => out.push(text) };
  // Inside the grace period nothing is due; after it, the last closed quarter becomes final (and stays so).
  expect(
    await runCloseQuarter({ ...target, graceDays: 30, at: new Date('2023-10-20T00:00:00Z') }, sink),
  ).toBe(0);
  expect(out.join('')).toContain('nothing to close');
  expect(
    await runCloseQuarter({ ...target, graceDays: 30, at: new Date('2023-10-31T00:00:00Z') }, sink),
  ).toBe(0);
  expect(out.join('')).toContain('2023-Q3 is final (v2)');
  const current = JSON.parse(await readObject(stack.buckets.reports, 'site/2023-Q3/current.json')) as {
    version: number;
    status: string;
  };
  expect(current).toMatchObject({ version: 2, status: 'final' });
  expect(
    await runCloseQuarter({ ...target, graceDays: 30, at: new Date('2023-11-15T00:00:00Z') }, sink),
  ).toBe(0);
  expect(out.join('')).toContain('2023-Q3 is final already (v2)');
  // Generous: it rebuilds and republishes every site, which takes many times longer on a loaded CI machine.
}, 300_000);

it('leaves no Java process behind once stopped', async () => {
  await stack.stop();
  expect(() => process.kill(javaPid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));
});
