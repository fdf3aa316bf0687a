/**
 * The ingestion end to end on the local stack (s3rver + DynamoDB Local, no mocks): every ingestion case except
 * the largest accepted upload, which has its own file (large-upload.test.ts: it runs the handler in a child
 * process to measure its memory). Each case uses its own center, and each ends
 * with the same check: the data set is the runs of the center's accepted uploads, and the aggregates in
 * DynamoDB equal a from-scratch recomputation over them.
 */
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { parse } from 'csv-parse/sync';
import type { RunRow } from '../../../shared/dictionary/index.js';
import { renderCsvTemplate } from '../../../shared/dictionary/render-dictionary.js';
import { ingestSteps, type IngestStep } from '../../../shared/ingest/index.js';
import { VerdictSchema } from '../../../shared/validation/index.js';
import { withLocalStack } from '../../support/local-stack.js';
import { runsToCsv, syntheticRuns } from '../../shared/ingest/support/synthetic-runs.js';
import {
  createIngestHarness,
  expectAggregatesMatchAcceptedData,
  type IngestHarness,
} from './support/ingest-harness.js';

jest.setTimeout(60_000);
const local = withLocalStack();

let harness: IngestHarness;
beforeAll(() => {
  harness = createIngestHarness(local);
});
afterAll(() => harness.close());

async function uploadsOf(centerId: string) {
  const { Items } = await local.stack.docClient().send(
    new QueryCommand({
      TableName: local.stack.tableName,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': `UPLOADS#${centerId}` },
    }),
  );
  return Items ?? [];
}

async function readData(key: string): Promise<string> {
  const out = await local.stack
    .s3Client()
    .send(new GetObjectCommand({ Bucket: local.stack.buckets.data, Key: key }));
  return out.Body!.transformToString();
}

const upsert = (model: Map<string, RunRow>, rows: RunRow[]) => rows.forEach((r) => model.set(r.run_id!, r));

it('ingests an accepted upload: verdict files, ledger, curated data, aggregates and stale events', async () => {
  const rows = syntheticRuns('C001', 60, 101);
  await harness.upload('uploads/C001/2023-q3.csv', runsToCsv(rows));
  await harness.drain();
  const [entry] = await uploadsOf('C001');
  expect(entry).toMatchObject({
    status: 'completed',
    acceptedRows: 60,
    rejectedRows: 0,
    verdictStatus: expect.any(String),
  });
  const verdict = JSON.parse(await readData(`${entry!.verdictPrefix}verdict.json`));
  expect(verdict).toMatchObject({ accepted: true, rows: 60 });
  expect(await readData(`${entry!.verdictPrefix}verdict.html`)).toContain('<html lang="en">');
  expect(await readData(`${entry!.verdictPrefix}template.csv`)).toBe(renderCsvTemplate());
  const stored = await expectAggregatesMatchAcceptedData(harness, 'C001', rows);
  const stale = harness.publisher.events.filter((e) => e.centerId === 'C001').map((e) => e.quarter);
  expect(stale.sort()).toEqual(stored.map((a) => a.quarter));
});

it('rejects an invalid upload: red verdict next to it, ledger entry, data set untouched', async () => {
  const csv = runsToCsv(syntheticRuns('C002', 10, 102)).replace(/,VA,/, ',ZZ,');
  await harness.upload('uploads/C002/bad.csv', csv);
  await harness.drain();
  const [entry] = await uploadsOf('C002');
  expect(entry).toMatchObject({
    status: 'rejected',
    verdictStatus: 'red',
    acceptedRows: 0,
    rejectedRows: 10,
  });
  const verdict = VerdictSchema.parse(JSON.parse(await readData(`${entry!.verdictPrefix}verdict.json`)));
  expect(verdict.accepted).toBe(false);
  expect(verdict.source).toMatchObject({
    fileName: 'bad.csv',
    uploadId: entry!.uploadId,
    object: { key: 'uploads/C002/bad.csv' },
    center: { id: 'C002', name: 'Synthetic Hospital 002' },
  });
  expect(Date.parse(verdict.source!.uploadedAt!)).not.toBeNaN();
  const problem = verdict.problems.find((p) => p.column === 'ecmo_mode')!;
  expect(problem.runId).toMatch(/\S/);
  expect(await readData(`${entry!.verdictPrefix}problems.csv`)).toContain('ecmo_mode');
  // C002 speaks Chinese: the page names the upload and links the files written next to it.
  const html = await readData(`${entry!.verdictPrefix}verdict.html`);
  expect(html).toContain('<html lang="zh-CN">');
  expect(html).toContain('bad.csv');
  expect(html).toContain(entry!.uploadId);
  expect(html).toContain(`<code>${problem.runId}</code>`);
  expect(html).toContain('href="template.csv"');
  expect(html).toContain('href="annotated.csv"');
  expect(html).toContain('id="column-ecmo_mode"');
  expect(await readData(`${entry!.verdictPrefix}template.csv`)).toBe(renderCsvTemplate());
  const annotated = parse(await readData(`${entry!.verdictPrefix}annotated.csv`), {
    bom: true,
  }) as string[][];
  expect(annotated).toHaveLength(11);
  expect(annotated[0]!.at(-1)).toBe('问题');
  const marked = annotated.filter((record) => record.at(-1) !== '').slice(1);
  expect(marked).toHaveLength(1);
  expect(marked[0]).toContain(problem.runId);
  expect(marked[0]!.at(-1)).toMatch(/^错误：ecmo_mode：/);
  await expectAggregatesMatchAcceptedData(harness, 'C002', []);
});

it('accepts a corrected re-upload after a rejected one', async () => {
  const rows = syntheticRuns('C003', 25, 103);
  await harness.upload('uploads/C003/runs.csv', runsToCsv(rows).replace(',male,', ',mle,'));
  await harness.drain();
  await harness.upload('uploads/C003/runs.csv', runsToCsv(rows));
  await harness.drain();
  const statuses = (await uploadsOf('C003')).map((e) => e.status).sort();
  expect(statuses).toEqual(['completed', 'rejected']);
  await expectAggregatesMatchAcceptedData(harness, 'C003', rows);
});

it('counts the same file uploaded twice once', async () => {
  const rows = syntheticRuns('C004', 30, 104);
  await harness.upload('uploads/C004/runs.csv', runsToCsv(rows));
  await harness.drain();
  await harness.upload('uploads/C004/runs.csv', runsToCsv(rows));
  await harness.drain();
  await harness.upload('uploads/C004/runs-copy.csv', runsToCsv(rows));
  await harness.drain();
  // Same key and bytes (no versioning): one upload id. Same bytes at another key: a new upload that changes nothing.
  expect(await uploadsOf('C004')).toHaveLength(2);
  const versions = await harness.registry.listVersions('C004');
  expect(versions.map((v) => v.runs)).toEqual([30, 30]);
  await expectAggregatesMatchAcceptedData(harness, 'C004', rows);
});

it('applies the same event delivered twice once', async () => {
  const rows = syntheticRuns('C005', 20, 105);
  const events: Parameters<typeof harness.queue.sendS3Event>[0][] = [];
  const off = local.stack.onObjectEvent((event) => events.push(event));
  await harness.upload('uploads/C005/runs.csv', runsToCsv(rows));
  off();
  await harness.drain();
  harness.queue.sendS3Event(events[0]!);
  harness.queue.sendS3Event(events[0]!);
  await harness.drain();
  expect(await harness.registry.listVersions('C005')).toHaveLength(1);
  await expectAggregatesMatchAcceptedData(harness, 'C005', rows);
});

it('loses no update when one center uploads twice at once, and keeps two centers apart', async () => {
  const a = syntheticRuns('C006', 40, 106, { prefix: 'A' });
  const b = syntheticRuns('C006', 40, 107, { prefix: 'B' });
  const c = syntheticRuns('C007', 40, 108);
  const d = syntheticRuns('C008', 40, 109);
  // Call the batch processor directly with one batch, so the four messages run truly concurrently.
  const objects = ['uploads/C006/a.csv', 'uploads/C006/b.csv', 'uploads/C007/c.csv', 'uploads/C008/d.csv'];
  const bodies = [a, b, c, d].map(runsToCsv);
  const events: Parameters<typeof harness.queue.sendS3Event>[0][] = [];
  const off = local.stack.onObjectEvent((event) => events.push(event));
  await Promise.all(objects.map((key, i) => harness.upload(key, bodies[i]!)));
  off();
  await harness.drain();
  expect(events).toHaveLength(4);
  expect((await harness.registry.listVersions('C006')).map((v) => v.runs).sort()).toEqual([40, 80]);
  await expectAggregatesMatchAcceptedData(harness, 'C006', [...a, ...b]);
  await expectAggregatesMatchAcceptedData(harness, 'C007', c);
  await expectAggregatesMatchAcceptedData(harness, 'C008', d);
});

describe('a crash between each pair of steps, then the queue retries', () => {
  const steps = ingestSteps.filter((s) => s !== 'resolve-center');
  it.each(steps.map((step, i) => [step, `C0${30 + i}`] as const))(
    'crash before %s (%s)',
    async (crashAt, centerId) => {
      let crashes = 0;
      const crashing = createIngestHarness(local, {
        beforeStep: (step: IngestStep, context) => {
          if (step === crashAt && context.centerId === centerId && crashes === 0) {
            crashes += 1;
            throw new Error(`injected crash before ${step}`);
          }
        },
      });
      try {
        const base = syntheticRuns(centerId, 30, 200);
        const update = syntheticRuns(centerId, 20, 201, { firstIndex: 20 });
        await crashing.upload(`uploads/${centerId}/base.csv`, runsToCsv(base));
        await crashing.drain();
        await crashing.upload(`uploads/${centerId}/update.csv`, runsToCsv(update));
        await crashing.drain();
        expect(crashes).toBe(1);
        expect(await crashing.queue.deadLetters()).toEqual([]);
        const model = new Map<string, RunRow>();
        upsert(model, base);
        upsert(model, update);
        await expectAggregatesMatchAcceptedData(crashing, centerId, [...model.values()]);
        expect((await crashing.registry.listVersions(centerId)).map((v) => v.version)).toEqual([1, 2]);
        expect((await uploadsOf(centerId)).every((e) => e.status === 'completed')).toBe(true);
      } finally {
        crashing.close();
      }
    },
  );
});

it('decodes keys with spaces, plus signs and non-ASCII characters', async () => {
  const rows = syntheticRuns('C020', 15, 120);
  const key = 'uploads/C020/Q3 été + 数据 (final).csv';
  await harness.upload(key, runsToCsv(rows));
  await harness.drain();
  const [entry] = await uploadsOf('C020');
  expect(entry).toMatchObject({ key, status: 'completed' });
  await expectAggregatesMatchAcceptedData(harness, 'C020', rows);
});

it('rejects an unknown center with a verdict instead of dropping the upload', async () => {
  await harness.upload('uploads/C999/runs.csv', runsToCsv(syntheticRuns('C999', 5, 199)));
  await harness.drain();
  const [entry] = await uploadsOf('C999');
  expect(entry).toMatchObject({ status: 'rejected', verdictStatus: 'red' });
  const verdict = JSON.parse(await readData(`validation/C999/${entry!.uploadId}/verdict.json`));
  expect(verdict.problems[0]).toMatchObject({ rule: 'unknown-center', severity: 'error' });
  expect(await harness.registry.getPointer('C999')).toBeUndefined();
});

it('rejects a file with a row claiming another center', async () => {
  const rows = [...syntheticRuns('C021', 10, 121), ...syntheticRuns('C022', 1, 122, { prefix: 'X' })];
  await harness.upload('uploads/C021/runs.csv', runsToCsv(rows));
  await harness.drain();
  const [entry] = await uploadsOf('C021');
  expect(entry).toMatchObject({ status: 'rejected' });
  const verdict = JSON.parse(await readData(`${entry!.verdictPrefix}verdict.json`));
  expect(JSON.stringify(verdict.problems)).toContain('center_id');
  await expectAggregatesMatchAcceptedData(harness, 'C021', []);
});

it('removes runs only through a snapshot upload, keeping every prior version readable', async () => {
  const all = syntheticRuns('C023', 40, 123);
  await harness.upload('uploads/C023/all.csv', runsToCsv(all));
  await harness.drain();
  await harness.upload('uploads/C023/some.csv', runsToCsv(all.slice(0, 10)));
  await harness.drain();
  await expectAggregatesMatchAcceptedData(harness, 'C023', all);
  await harness.upload('uploads/C023/snapshot/now.csv', runsToCsv(all.slice(0, 25)));
  await harness.drain();
  await expectAggregatesMatchAcceptedData(harness, 'C023', all.slice(0, 25));
  const versions = await harness.registry.listVersions('C023');
  expect(versions.map((v) => [v.version, v.mode, v.runs])).toEqual([
    [1, 'upsert', 40],
    [2, 'upsert', 40],
    [3, 'snapshot', 25],
  ]);
  // Version 1 is still there, whole.
  expect((await readData(versions[0]!.curatedKey)).trim().split('\n')).toHaveLength(41);
});

it('runs the Lambda entry point, configured from the environment, with partial batch failures', async () => {
  process.env.DATA_BUCKET = local.stack.buckets.data;
  process.env.TABLE_NAME = local.stack.tableName;
  process.env.S3_ENDPOINT = local.stack.endpoints.s3;
  process.env.DYNAMODB_ENDPOINT = local.stack.endpoints.dynamodb;
  const { handler } = await import('../../../functions/ingest/handler.js');
  const rows = syntheticRuns('C024', 12, 124);
  await harness.upload('uploads/C024/lambda run.csv', runsToCsv(rows));
  await harness.drain();
  const key = (k: string) => encodeURIComponent(k).replace(/%2F/g, '/').replace(/%20/g, '+');
  const record = (messageId: string, objectKey: string) => ({
    messageId,
    attributes: { ApproximateReceiveCount: '1' },
    body: JSON.stringify({
      Records: [
        {
          eventSource: 'aws:s3',
          eventName: 'ObjectCreated:Put',
          s3: { bucket: { name: local.stack.buckets.uploads }, object: { key: key(objectKey) } },
        },
      ],
    }),
  });
  const response = await handler(
    {
      Records: [record('ok', 'uploads/C024/lambda run.csv'), record('gone', 'uploads/C024/missing.csv')],
    } as never,
    { awsRequestId: 'test' } as never,
  );
  expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'gone' }] });
  await expectAggregatesMatchAcceptedData(harness, 'C024', rows);
});
