/**
 * `npm run bench -- ingest`: the ingestion on the local stack (s3rver + DynamoDB Local), through the same
 * notification, queue and batch handler as AWS. Writes bench/results/ingest.json with:
 * - large: one upload of >= 100 MB (generated on the fly to a temp file), its time and the process's peak RSS
 *   (this process holds s3rver too; the ingest function's own peak is measured in a child process by
 *   test/integration/ingest/large-upload.test.ts);
 * - oneCenter: one 5,000-run center file from upload to aggregates (target <= 3 s);
 * - allCenters: the first uploads of all 112 centers put at once;
 * - largestBatch: the ingest function's worst case, as AWS runs it: a batch of the configured size (function-specs.ts)
 *   of the largest uploads the limits accept (limits.ts), ingested by the Lambda's entry point in a child process
 *   whose heap is capped below the function's memory; its peak RSS against the memory size, the files' rows and
 *   bytes, and the wall time (test/integration/ingest/large-upload.test.ts asserts the bound on the same run).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ingestUploadBatch } from '../shared/app/ingest-upload-batch.js';
import { connectS3Notifications, createLocalQueue, startLocalStack } from '../infra/local/index.js';
import { CallbackStalePublisher, DynamoRegistryStore, S3ObjectStore } from '../shared/adapters/index.js';
import { centers, findCenter } from '../shared/config/centers.js';
import { queues } from '../shared/config/resources.js';
import {
  canonicalJson,
  dictionaryValidator,
  recomputeAggregates,
  type IngestDependencies,
} from '../shared/ingest/index.js';
import type { UploadValidator } from '../shared/ports/index.js';
import { runLargestBatch } from '../test/integration/ingest/support/largest-batch.js';
import { createRandom } from '../shared/random/seeded-random.js';
import {
  csvHeader,
  runsToCsv,
  runToCsvLine,
  syntheticRun,
  syntheticRuns,
} from '../test/shared/ingest/support/synthetic-runs.js';

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));
const largeBytes = Number(process.env.INGEST_BENCH_LARGE_MB ?? 100) * 1024 * 1024;

const loadAtStart = os.loadavg().map((l) => Math.round(l * 100) / 100);
const dataDir = await mkdtemp(join(tmpdir(), 'ecls-ingest-bench-'));
const stack = await startLocalStack({ s3Port: 0, dynamodbPort: 0, inMemoryDynamo: true, dataDir });
const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

try {
  const registry = new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName });
  // Time spent in the validation engine (shared/validation), to tell it apart from the pipeline's own time.
  let validationMs = 0;
  const engine = dictionaryValidator();
  const validator: UploadValidator = {
    render: (verdict, options) => engine.render(verdict, options),
    validate: async (body, options) => {
      const started = performance.now();
      try {
        return await engine.validate(body, options);
      } finally {
        validationMs += performance.now() - started;
      }
    },
  };
  const deps: IngestDependencies = {
    objects: new S3ObjectStore(stack.s3Client()),
    registry,
    validator,
    stalePublisher: new CallbackStalePublisher(() => undefined),
    dataBucket: stack.buckets.data,
    findCenter,
  };
  const queue = createLocalQueue({
    name: queues.ingest,
    dataDir,
    handler: (event) => ingestUploadBatch(event, deps),
    onHandlerError: (error) => console.error('ingest failed:', (error as Error).message),
  });
  const disconnect = connectS3Notifications(stack, queue, {
    bucket: stack.buckets.uploads,
    prefix: 'uploads/',
  });
  // A streamed PUT would otherwise be sent aws-chunked with a trailing checksum, which s3rver stores verbatim.
  const uploader = new S3Client({
    endpoint: stack.endpoints.s3,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
  // s3rver answers the PUT before it emits the event: wait for the event, so drain() does not return early.
  const put = async (key: string, body: string | NodeJS.ReadableStream, length?: number) => {
    const queued = new Promise<void>((resolve) => {
      const off = stack.onObjectEvent((event) => {
        if (event.Records.some((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === key)) {
          off();
          resolve();
        }
      });
    });
    await uploader.send(
      new PutObjectCommand({
        Bucket: stack.buckets.uploads,
        Key: key,
        Body: body as never,
        ContentLength: length,
      }),
    );
    await queued;
  };

  // 1. A >= 100 MB upload, generated row by row to a temp file and streamed up.
  const file = join(dataDir, 'large.csv');
  const out = createWriteStream(file);
  const random = createRandom(42);
  out.write(`${csvHeader}\n`);
  let runs = 0;
  let written = 0;
  while (written < largeBytes) {
    const line = `${runToCsvLine(syntheticRun(random, 'C100', `L${String(++runs).padStart(7, '0')}`))}\n`;
    written += line.length;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  const size = (await stat(file)).size;
  await put('uploads/C100/large.csv', createReadStream(file), size);
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  let started = performance.now();
  let cpuStart = process.cpuUsage();
  const cpuSecondsSince = (start: NodeJS.CpuUsage): number => {
    const used = process.cpuUsage(start);
    return Math.round((used.user + used.system) / 1e4) / 100;
  };
  validationMs = 0;
  await queue.drain();
  const largeSeconds = (performance.now() - started) / 1000;
  const largeCpuSeconds = cpuSecondsSince(cpuStart);
  const largeValidationSeconds = validationMs / 1000;
  clearInterval(sampler);
  const largePointer = await registry.getPointer('C100');
  if (!largePointer) {
    const { Items } = await stack.docClient().send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': 'UPLOADS#C100' },
      }),
    );
    let text = '';
    if (Items?.[0]) {
      const key = `${String(Items[0].verdictPrefix)}verdict.json`;
      const { body } = await deps.objects.getStream({ bucket: stack.buckets.data, key });
      for await (const chunk of body) text += Buffer.from(chunk).toString();
    }
    throw new Error(`The large upload was not merged: ${JSON.stringify(Items)} ${text.slice(0, 2000)}`);
  }
  const large = {
    bytes: size,
    megabytes: mb(size),
    runs,
    acceptedRuns: largePointer?.runs ?? 0,
    seconds: Math.round(largeSeconds * 10) / 10,
    // Node's CPU time in this process: the ingest and s3rver (DynamoDB Local is a separate Java process).
    cpuSeconds: largeCpuSeconds,
    validationSeconds: Math.round(largeValidationSeconds * 10) / 10,
    rssBeforeMB: mb(baselineRss),
    peakRssMB: mb(peakRss),
    peakRssAboveBaselineMB: mb(peakRss - baselineRss),
    processMaxRssMB: mb(process.resourceUsage().maxRSS * 1024),
  };
  console.log('large upload', large);
  await rm(file);

  // 2. One 5,000-run center file from upload to aggregates: the first upload, then two snapshot uploads of other
  // 5,000-run files (the same work: validate, replace every run, recompute every quarter). The median is the
  // figure; each attempt keeps its wall and CPU time and the load average, since the machine is shared.
  const attempts: {
    seconds: number;
    cpuSeconds: number;
    validationSeconds: number;
    loadAverage: number[];
  }[] = [];
  let fiveThousand = syntheticRuns('C001', 5000, 7);
  let csv = runsToCsv(fiveThousand);
  for (const [i, key] of [
    'uploads/C001/history.csv',
    'uploads/C001/snapshot/a.csv',
    'uploads/C001/snapshot/b.csv',
  ].entries()) {
    if (i > 0) {
      fiveThousand = syntheticRuns('C001', 5000, 7 + i, { prefix: `S${i}-` });
      csv = runsToCsv(fiveThousand);
    }
    started = performance.now();
    cpuStart = process.cpuUsage();
    validationMs = 0;
    await put(key, csv);
    await queue.drain();
    attempts.push({
      seconds: Math.round(((performance.now() - started) / 1000) * 1000) / 1000,
      cpuSeconds: cpuSecondsSince(cpuStart),
      validationSeconds: Math.round(validationMs) / 1000,
      loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
    });
  }
  const median = (values: number[]): number =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const stored = await registry.listAggregates('C001');
  const consistent = canonicalJson(stored) === canonicalJson(recomputeAggregates('C001', fiveThousand));
  const oneCenter = {
    runs: 5000,
    megabytes: mb(Buffer.byteLength(csv)),
    seconds: median(attempts.map((a) => a.seconds)),
    // Node's CPU time in this process (ingest and s3rver); DynamoDB Local's Java process is not counted.
    cpuSeconds: median(attempts.map((a) => a.cpuSeconds)),
    validationSeconds: median(attempts.map((a) => a.validationSeconds)),
    attempts,
    targetSeconds: 3,
    quarters: stored.length,
    aggregatesMatchRecomputation: consistent,
  };
  console.log('one center', oneCenter);

  // 3. The first uploads of all 112 centers at once (50 runs each; inactive C112 is rejected with a verdict).
  const files = centers
    .filter((c) => c.id !== 'C001' && c.id !== 'C100')
    .map((c, i) => ({ id: c.id, active: c.active, csv: runsToCsv(syntheticRuns(c.id, 50, 1000 + i)) }));
  files.push({ id: 'C001b', active: true, csv: runsToCsv(syntheticRuns('C001', 50, 999, { prefix: 'N' })) });
  started = performance.now();
  cpuStart = process.cpuUsage();
  await Promise.all(files.map((f) => put(`uploads/${f.id.slice(0, 4)}/first-${f.id}.csv`, f.csv)));
  await queue.drain();
  const allSeconds = (performance.now() - started) / 1000;
  let merged = 0;
  for (const c of centers) if ((await registry.getPointer(c.id))?.version) merged += 1;
  const allCenters = {
    uploads: files.length,
    centersWithData: merged,
    seconds: Math.round(allSeconds * 100) / 100,
    cpuSeconds: cpuSecondsSince(cpuStart),
    uploadsPerSecond: Math.round((files.length / allSeconds) * 10) / 10,
    deadLetters: (await queue.deadLetters()).length,
  };
  console.log('all centers', allCenters);
  queue.close();
  disconnect();

  // 4. The function's worst case. The in-process queue is disconnected: only the child process ingests these.
  const worst = await runLargestBatch({ stack, workDir: dataDir, centerId: 'C090', seed: 4100 });
  const largestBatch = {
    memorySizeMB: worst.memorySizeMB,
    heapCapMB: worst.heapCapMB,
    batchSize: worst.batchSize,
    limits: worst.limits,
    uploads: worst.uploads.map((u) => ({ ...u, megabytes: mb(u.bytes) })),
    // The child's kernel high-water mark of resident memory, against the function's memory size.
    peakRssMB: worst.child.maxRssMB,
    rssBeforeMB: worst.child.rssBeforeMB,
    headroomMB: worst.memorySizeMB - worst.child.maxRssMB,
    peakShareOfMemory: Math.round((worst.child.maxRssMB / worst.memorySizeMB) * 1000) / 1000,
    batchItemFailures: worst.child.response.batchItemFailures.length,
    // The handler's wall and CPU time for the whole batch (one record after another) in the child.
    seconds: worst.child.seconds,
    cpuSeconds: worst.child.cpuSeconds,
    timeoutSeconds: worst.timeoutSeconds,
    generateSeconds: Math.round(worst.phases.generateSeconds * 10) / 10,
    uploadSeconds: Math.round(worst.phases.uploadSeconds * 10) / 10,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
  console.log('largest batch', largestBatch);

  await mkdir(resultsDir, { recursive: true });
  await writeFile(
    join(resultsDir, 'ingest.json'),
    `${JSON.stringify(
      {
        generatedAt: new Date().toISOString(),
        node: process.version,
        stack: 's3rver + DynamoDB Local (in memory), local queue, batch size 10',
        loadAverage: { start: loadAtStart, end: os.loadavg().map((l) => Math.round(l * 100) / 100) },
        cpus: os.cpus().length,
        large,
        oneCenter,
        allCenters,
        largestBatch,
      },
      null,
      2,
    )}\n`,
  );
} finally {
  await stack.stop();
  await rm(dataDir, { recursive: true, force: true });
}
