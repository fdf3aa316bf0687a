/**
 * A close run fired by hand (`ecls close-quarter`) on the local stack: it says which quarter is due with its runs
 * and centers, and refuses to finalise a quarter in which no run started unless forced, while the scheduled run
 * (closeQuarterIfDue) is unchanged. One center's four-run export (ECMO starts in 2023-Q3) is ingested for real.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { closeQuarterByHand, planCloseQuarter } from '../../../shared/app/close-quarter-if-due.js';
import type { GenerateQuarterReportDeps } from '../../../shared/report/generate-quarter-report.js';
import { currentVersion, siteObjectStoreOn } from '../../../shared/report/publish/index.js';
import { withLocalStack } from '../../support/local-stack.js';
import { createIngestHarness, type IngestHarness } from '../ingest/support/ingest-harness.js';

const local = withLocalStack();
const event = { action: 'close-quarter-if-due' as const, graceDays: 30 };
let harness: IngestHarness;
let now = new Date('2023-10-31T00:00:00Z');
let deps: GenerateQuarterReportDeps;

beforeAll(async () => {
  harness = createIngestHarness(local);
  const green = await readFile(
    fileURLToPath(new URL('../../fixtures/validation/green.csv', import.meta.url)),
  );
  await harness.upload('uploads/C001/snapshot/export.csv', green);
  await harness.drain();
  deps = {
    objectStore: harness.objects,
    registryStore: harness.registry,
    buckets: { data: local.stack.buckets.data, reports: local.stack.buckets.reports },
    clock: () => now,
    log: () => undefined,
    centerIds: ['C001', 'C002'],
  };
}, 240_000);

afterAll(() => harness?.close());

it('plans the due quarter with the runs that started in it and their centers', async () => {
  now = new Date('2023-10-31T00:00:00Z');
  expect(await planCloseQuarter(event, deps)).toEqual({
    outcome: 'due',
    quarter: '2023-Q3',
    graceDays: 30,
    runs: 4,
    centers: ['C001'],
  });
  now = new Date('2023-10-30T00:00:00Z');
  expect(await planCloseQuarter(event, deps)).toEqual({ outcome: 'nothing-due', graceDays: 30 });
}, 120_000);

it('refuses a due quarter with no runs unless forced, and publishes nothing', async () => {
  now = new Date('2026-11-01T00:00:00Z');
  expect(await planCloseQuarter(event, deps)).toMatchObject({ quarter: '2026-Q3', runs: 0, centers: [] });
  expect(await closeQuarterByHand(event, deps)).toEqual({ outcome: 'no-runs', quarter: '2026-Q3' });
  const store = siteObjectStoreOn(harness.objects, local.stack.buckets.reports);
  expect(await currentVersion(store, 'site', '2026-Q3')).toBeUndefined();
}, 120_000);
