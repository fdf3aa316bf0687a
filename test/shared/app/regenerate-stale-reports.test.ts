/**
 * Which reports a batch of "quarter stale" messages regenerates. A report covers every run up to its cut-off,
 * so a change in quarter q reaches q's report and every later provisional one; final reports never change, and
 * old quarters that were never published are not built. The pipeline itself is injected (it is covered by the
 * report-trigger integration test on the local stack); the site index lives in a small in-memory object store.
 */
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import {
  regenerateStaleReports,
  type QuarterDecision,
} from '../../../shared/app/regenerate-stale-reports.js';
import type { ObjectBody, ObjectRef, ObjectStore } from '../../../shared/ports/index.js';
import type { GenerateQuarterReportDeps } from '../../../shared/report/generate-quarter-report.js';

/** Enough of an object store for the site's pointers: whole text objects, no versions. */
function memoryObjectStore(): ObjectStore & { text: Map<string, string> } {
  const text = new Map<string, string>();
  const id = (ref: ObjectRef) => `${ref.bucket}/${ref.key}`;
  return {
    text,
    getStream(ref) {
      const body = text.get(id(ref));
      if (body === undefined) return Promise.reject(new Error(`no such object ${id(ref)}`));
      return Promise.resolve({
        body: (async function* () {
          yield new TextEncoder().encode(body);
        })(),
      });
    },
    put(ref, body: ObjectBody) {
      if (typeof body !== 'string') return Promise.reject(new Error('text bodies only'));
      text.set(id(ref), body);
      return Promise.resolve({});
    },
    head(ref) {
      const body = text.get(id(ref));
      return Promise.resolve(body === undefined ? undefined : { contentLength: body.length });
    },
    // eslint-disable-next-line require-yield
    async *list() {
      throw new Error('the report batch must not list');
    },
  };
}

const sentAt = Date.parse('2023-10-25T12:00:00Z');
let n = 0;
function stale(quarter: string, count = 1): SQSRecord[] {
  return Array.from(
    { length: count },
    () =>
      ({
        messageId: `m${++n}`,
        body: JSON.stringify({ type: 'quarter-stale', quarter }),
        attributes: { ApproximateReceiveCount: '1', SentTimestamp: String(sentAt) },
      }) as unknown as SQSRecord,
  );
}

function setUp(published: { quarter: string; status: 'provisional' | 'final'; generatedAt: string }[]) {
  const objects = memoryObjectStore();
  const index = published.map((p) => ({ ...p, path: `${p.quarter}/v1/index.html` }));
  objects.text.set('reports/site/index.json', JSON.stringify(index));
  for (const p of published) {
    objects.text.set(
      `reports/site/${p.quarter}/current.json`,
      JSON.stringify({ version: 1, status: p.status, generatedAt: p.generatedAt }),
    );
  }
  const deps = {
    objectStore: objects,
    registryStore: undefined as never,
    buckets: { data: 'data', reports: 'reports' },
    clock: () => new Date('2023-10-25T12:05:00Z'), // open quarters: 2023-Q3 (closed, in grace) and 2023-Q4
    log: () => undefined,
  } satisfies GenerateQuarterReportDeps;
  const generated: string[] = [];
  const decisions: QuarterDecision[] = [];
  const run = (event: SQSEvent, fail: readonly string[] = []) =>
    regenerateStaleReports(event, deps, {
      generate: (_d, { quarter }) => {
        generated.push(quarter);
        return fail.includes(quarter)
          ? Promise.reject(new Error('render failed'))
          : Promise.resolve({ outcome: 'published' } as never);
      },
      onDecisions: (d) => decisions.push(...d),
    });
  return { run, generated, decisions };
}

const before = '2023-10-25T11:00:00Z'; // generated before the messages were sent

it('regenerates every published provisional report a correction reaches, once each, and not final ones', async () => {
  const { run, generated, decisions } = setUp([
    { quarter: '2023-Q1', status: 'final', generatedAt: before },
    { quarter: '2023-Q2', status: 'provisional', generatedAt: before },
    { quarter: '2023-Q3', status: 'provisional', generatedAt: before },
  ]);
  const response = await run({ Records: [...stale('2019-Q2', 3), ...stale('2023-Q3', 2)] });
  expect(response.batchItemFailures).toEqual([]);
  expect(generated).toEqual(['2023-Q2', '2023-Q3']);
  expect(decisions).toEqual([
    { quarter: '2023-Q2', events: 3, action: 'regenerated' },
    { quarter: '2023-Q3', events: 5, action: 'regenerated' },
  ]);
});

it('builds the stale quarter itself while it is open, but never an old quarter nothing was published for', async () => {
  const { run, generated, decisions } = setUp([{ quarter: '2023-Q2', status: 'final', generatedAt: before }]);
  await run({ Records: [...stale('2019-Q2', 2), ...stale('2023-Q2'), ...stale('2023-Q4')] });
  expect(generated).toEqual(['2023-Q4']);
  expect(decisions).toEqual([
    { quarter: '2019-Q2', events: 2, action: 'not-tracked' },
    { quarter: '2023-Q2', events: 1, action: 'already-final' },
    { quarter: '2023-Q4', events: 1, action: 'regenerated' },
  ]);
});

it('leaves a report generated after every message reaching it alone', async () => {
  const { run, generated, decisions } = setUp([
    { quarter: '2023-Q3', status: 'provisional', generatedAt: '2023-10-25T12:01:00Z' },
  ]);
  await run({ Records: stale('2022-Q4', 4) });
  expect(generated).toEqual([]);
  expect(decisions).toEqual([{ quarter: '2023-Q3', events: 4, action: 'up-to-date' }]);
});

it('retries exactly the messages that reach a failed quarter', async () => {
  const { run, decisions } = setUp([
    { quarter: '2023-Q2', status: 'provisional', generatedAt: before },
    { quarter: '2023-Q3', status: 'provisional', generatedAt: before },
  ]);
  const early = stale('2023-Q2', 2); // reach 2023-Q2 and 2023-Q3
  const late = stale('2023-Q3', 3); // reach 2023-Q3 only
  const response = await run({ Records: [...early, ...late] }, ['2023-Q2']);
  expect(decisions).toEqual([
    { quarter: '2023-Q2', events: 2, action: 'failed' },
    { quarter: '2023-Q3', events: 5, action: 'regenerated' },
  ]);
  expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(
    early.map((r) => r.messageId).sort(),
  );
});
