/**
 * The registry end to end on the local stack, as `npm start` runs it: generate the synthetic registry (once),
 * upload every center's exports batch by batch as the centers would (PutObject to `uploads/{centerId}/…`; the
 * S3 notification feeds the ingest queue, which runs the ingest Lambda's code), include dirty files that come
 * back red and their corrected re-uploads, then generate the reports into the reports bucket.
 *
 * Nothing here is a shortcut around the pipeline: uploads go through s3rver, its event, the local queue and
 * `processIngestBatch` with the adapters `functions/ingest/handler.ts` builds from its environment.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { dependenciesFromEnv, ingestEnv } from '../../functions/ingest/handler.js';
import { processIngestBatch } from '../../functions/ingest/process-ingest-batch.js';
import { listCenterUploads } from '../../cli/commands/status.js';
import { DynamoRegistryStore, S3ObjectStore } from '../../shared/adapters/index.js';
import type { RegistryRun } from '../../shared/cohort/index.js';
import { keys, queues, topPrefixes } from '../../shared/config/resources.js';
import {
  createJsonLogger,
  deriveUploadId,
  quarterOf,
  readCuratedRuns,
  type LedgerEntry,
  type QuarterStaleEvent,
} from '../../shared/ingest/index.js';
import { buildRegistryReport, defaultReportSpec, type ReportUpload } from '../../shared/report/index.js';
import { currentVersion, publishReport, siteObjectStoreOn } from '../../shared/report/publish/index.js';
import { renderReportSite } from '../../shared/report/render/index.js';
import {
  DEFAULT_SEED,
  iterateRegistry,
  toCsv,
  type CenterExport,
  type RawCells,
} from '../../shared/synthetic/index.js';
import { validateUpload, type VerdictStatus } from '../../shared/validation/index.js';
import { LocalStackError } from './errors.js';
import { createLocalQueue, type LocalQueue } from './local-queue.js';
import type { LocalStack } from './local-stack.js';
import { connectS3Notifications } from './s3-notification.js';

/** One batch of uploads: the runs whose ECMO start falls in [from, to), sent in one mode. */
export interface UploadBatchSpec {
  /** Used in file names and object keys, e.g. `2023-Q1`. */
  id: string;
  label: string;
  /** ECMO start bounds (wall-clock ms); undefined = open. */
  from?: number;
  to?: number;
  mode: 'snapshot' | 'upsert';
}

/**
 * The default batches: each center's history through 2022 as its first complete export (a snapshot), then
 * 2023-Q1, then 2023-Q2 and Q3 (the study window ends in July 2023) as upserts.
 */
export const defaultUploadBatches: readonly UploadBatchSpec[] = [
  { id: '2017-2022', label: 'history through 2022', to: Date.UTC(2023, 0, 1), mode: 'snapshot' },
  { id: '2023-Q1', label: '2023-Q1', from: Date.UTC(2023, 0, 1), to: Date.UTC(2023, 3, 1), mode: 'upsert' },
  { id: '2023-Q2-Q3', label: '2023-Q2 and Q3', from: Date.UTC(2023, 3, 1), mode: 'upsert' },
];

/** Options of the synthetic exports {@link prepareExports} writes. */
export interface ExportOptions {
  seed?: number;
  /** Multiplies every center's volume. Default 1 (10,640 runs over 111 centers). */
  scale?: number;
  /** Centers to generate. Default: every active center. */
  centerIds?: readonly string[];
  /** Per-row error rate of the dirty copies. Default 0.02. */
  dirtyRate?: number;
  /** How many centers send a dirty file first (it comes back red), then the corrected one. Default 3. */
  dirtyCenters?: number;
  batches?: readonly UploadBatchSpec[];
}

/** What was generated: written to `exports/manifest.json`, and reused while the options stay the same. */
export interface ExportManifest {
  options: {
    seed: number;
    scale: number;
    centerIds: string[] | null;
    dirtyRate: number;
    dirtyCenters: number;
  };
  batches: UploadBatchSpec[];
  /** Per batch id, the centers with runs in it (a center with none sends nothing). */
  files: Record<string, string[]>;
  /** The centers whose first batch goes up dirty first; their dirty file is in `{batch}-dirty/`. */
  dirty: { batchId: string; centerIds: string[] };
  /** The latest ECMO start in the registry (wall-clock ms): the report's quarter is its quarter. */
  latestEcmoStart: number;
  runs: number;
}

/** The path of one export file. */
export function exportPath(dir: string, batchId: string, centerId: string, dirty = false): string {
  return join(dir, dirty ? `${batchId}-dirty` : batchId, `${centerId}.csv`);
}

function inBatch(ms: number | undefined, batch: UploadBatchSpec): boolean {
  if (ms === undefined) return false;
  return (batch.from === undefined || ms >= batch.from) && (batch.to === undefined || ms < batch.to);
}

/** The CSV of the rows at `indexes`, with their raw-cell overrides renumbered. */
function subsetCsv(
  rows: readonly RegistryRun[],
  raw: ReadonlyMap<number, RawCells>,
  indexes: number[],
): string {
  const subsetRaw = new Map<number, RawCells>();
  indexes.forEach((rowIndex, i) => {
    const cells = raw.get(rowIndex);
    if (cells) subsetRaw.set(i, cells);
  });
  return toCsv(
    indexes.map((i) => rows[i]!),
    subsetRaw,
  );
}

/**
 * Writes the synthetic registry as the centers would send it: one CSV per center and batch
 * (`{dir}/{batchId}/{centerId}.csv`), and for `dirtyCenters` centers a dirty copy of their first batch
 * (`{dir}/{batchId}-dirty/…`) that validation rejects. Does nothing when `manifest.json` says the same options
 * were generated already (delete the directory to regenerate).
 * @returns the manifest and whether files were generated now.
 */
export async function prepareExports(
  dir: string,
  options: ExportOptions = {},
): Promise<{ manifest: ExportManifest; generated: boolean }> {
  const wanted = {
    seed: options.seed ?? DEFAULT_SEED,
    scale: options.scale ?? 1,
    centerIds: options.centerIds ? [...options.centerIds] : null,
    dirtyRate: options.dirtyRate ?? 0.02,
    dirtyCenters: options.dirtyCenters ?? 3,
  };
  const batches = [...(options.batches ?? defaultUploadBatches)];
  const manifestFile = join(dir, 'manifest.json');
  if (existsSync(manifestFile)) {
    const existing = JSON.parse(readFileSync(manifestFile, 'utf8')) as ExportManifest;
    if (JSON.stringify(existing.options) === JSON.stringify(wanted))
      return { manifest: existing, generated: false };
  }
  const generate = {
    seed: wanted.seed,
    scale: wanted.scale,
    ...(options.centerIds ? { centerIds: options.centerIds } : {}),
  };
  const files: Record<string, string[]> = Object.fromEntries(batches.map((b) => [b.id, []]));
  const dirtyBatch = batches[0]!;
  const dirtyIds: string[] = [];
  let latestEcmoStart = 0;
  let runs = 0;
  // The clean and the dirty registry come from the same seed: the dirty generator only alters rows in place,
  // so row i of a dirty center is row i of its clean export, with an error or not.
  const dirtyCenters = iterateRegistry({ ...generate, dirtyRate: wanted.dirtyRate });
  for (const center of iterateRegistry(generate)) {
    const dirty = dirtyCenters.next().value as CenterExport;
    runs += center.rows.length;
    for (const batch of batches) {
      const indexes = center.rows.flatMap((row, i) => (inBatch(row.ecmo_start_at, batch) ? [i] : []));
      if (indexes.length === 0) continue;
      mkdirSync(join(dir, batch.id), { recursive: true });
      writeFileSync(
        exportPath(dir, batch.id, center.centerId),
        subsetCsv(center.rows, center.rawCells, indexes),
      );
      files[batch.id]!.push(center.centerId);
      latestEcmoStart = Math.max(latestEcmoStart, ...indexes.map((i) => center.rows[i]!.ecmo_start_at ?? 0));
      if (batch !== dirtyBatch || dirtyIds.length >= wanted.dirtyCenters) continue;
      if (!dirty.dirtied.some((d) => indexes.includes(d.rowIndex))) continue;
      // Only a file validation rejects makes the point (some injected errors are warnings).
      const csv = subsetCsv(dirty.rows, dirty.rawCells, indexes);
      const verdict = await validateUpload(Readable.from([csv]), { centerId: center.centerId });
      if (verdict.status !== 'red') continue;
      mkdirSync(join(dir, `${batch.id}-dirty`), { recursive: true });
      writeFileSync(exportPath(dir, batch.id, center.centerId, true), csv);
      dirtyIds.push(center.centerId);
    }
  }
  const manifest: ExportManifest = {
    options: wanted,
    batches,
    files,
    dirty: { batchId: dirtyBatch.id, centerIds: dirtyIds },
    latestEcmoStart,
    runs,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, generated: true };
}

/** The ingest function wired to the stack: S3 notification → local queue (with DLQ) → the handler's code. */
export interface IngestWiring {
  queue: LocalQueue;
  /** Quarters marked stale by ingestion since the wiring started (the report trigger's input). */
  staleEvents: QuarterStaleEvent[];
  /** Called after each delivered record (succeeded or to be retried) with its message id and outcome. */
  onRecordDone(listener: (key: string, ok: boolean) => void): () => void;
  /** Waits until the queue is idle. */
  drain(): Promise<void>;
  close(): void;
}

/**
 * Wires the ingest function to the stack's uploads bucket as the CDK stack does in AWS: ObjectCreated under
 * `uploads/` → the ingest queue (3 receives, then the dead-letter directory) → `processIngestBatch` with the
 * dependencies `dependenciesFromEnv` builds from DATA_BUCKET, TABLE_NAME, S3_ENDPOINT and DYNAMODB_ENDPOINT, as
 * the Lambda would. Its JSON logs go to `logFile` instead of the terminal; stale-quarter events are collected.
 */
export function connectIngest(stack: LocalStack, options: { logFile: string }): IngestWiring {
  const env = {
    [ingestEnv.dataBucket]: stack.buckets.data,
    [ingestEnv.table]: stack.tableName,
    [ingestEnv.s3Endpoint]: stack.endpoints.s3,
    [ingestEnv.dynamodbEndpoint]: stack.endpoints.dynamodb,
  };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  let fromEnv: ReturnType<typeof dependenciesFromEnv>;
  try {
    fromEnv = dependenciesFromEnv();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) Reflect.deleteProperty(process.env, name);
      else process.env[name] = value;
    }
  }
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const staleEvents: QuarterStaleEvent[] = [];
  const deps = {
    ...fromEnv,
    logger: createJsonLogger((line) => log.write(`${line}\n`)),
    stalePublisher: {
      publish: async (events: readonly QuarterStaleEvent[]) => {
        staleEvents.push(...events);
      },
    },
  };
  const listeners = new Set<(key: string, ok: boolean) => void>();
  const queue = createLocalQueue({
    name: queues.ingest,
    deadLetterName: queues.ingestDeadLetter,
    dataDir: stack.dataDir,
    handler: async (event) => {
      const response = await processIngestBatch(event, deps);
      const failed = new Set(response.batchItemFailures.map((f) => f.itemIdentifier));
      for (const record of event.Records) {
        const s3Key = (JSON.parse(record.body) as { Records: { s3: { object: { key: string } } }[] })
          .Records[0]?.s3.object.key;
        const key = s3Key === undefined ? '' : decodeURIComponent(s3Key.replace(/\+/g, ' '));
        for (const listener of listeners) listener(key, !failed.has(record.messageId));
      }
      return response;
    },
    onHandlerError: (error) => log.write(`${JSON.stringify({ level: 'error', message: String(error) })}\n`),
  });
  const disconnect = connectS3Notifications(stack, queue, {
    bucket: stack.buckets.uploads,
    prefix: topPrefixes.uploads,
  });
  return {
    queue,
    staleEvents,
    onRecordDone(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    drain: () => queue.drain(),
    close() {
      disconnect();
      queue.close();
      log.end();
    },
  };
}

/** One upload made by {@link uploadBatches}, with what the ledger says about it. */
export interface UploadResult {
  batchId: string;
  centerId: string;
  key: string;
  uploadId: string;
  /** Whether this was the dirty copy (expected red). */
  dirty: boolean;
  status?: LedgerEntry['status'];
  verdict?: VerdictStatus;
}

/** How batches report progress: `start` once per batch, `tick` per upload processed, `stop` at its end. */
export interface BatchProgress {
  start(label: string, total: number): void;
  tick(detail: string): void;
  stop(summary: string): void;
}

/** A progress reporter that says nothing. */
export const silentProgress: BatchProgress = { start() {}, tick() {}, stop() {} };

/** The object key a center's export of a batch is uploaded to. */
export function uploadKey(batch: UploadBatchSpec, centerId: string): string {
  const prefix = batch.mode === 'snapshot' ? keys.snapshotPrefix(centerId) : keys.uploadPrefix(centerId);
  return `${prefix}${batch.id}.csv`;
}

interface PlannedUpload {
  batchId: string;
  centerId: string;
  key: string;
  file: string;
  dirty: boolean;
}

/** The uploads in order: per batch, the dirty copies within their batch, then a batch of corrected re-uploads. */
function planUploads(dir: string, manifest: ExportManifest): { label: string; uploads: PlannedUpload[] }[] {
  const plan: { label: string; uploads: PlannedUpload[] }[] = [];
  for (const batch of manifest.batches) {
    const dirtyHere =
      batch.id === manifest.dirty.batchId ? new Set(manifest.dirty.centerIds) : new Set<string>();
    plan.push({
      label: batch.label,
      uploads: (manifest.files[batch.id] ?? []).map((centerId) => ({
        batchId: batch.id,
        centerId,
        key: uploadKey(batch, centerId),
        file: exportPath(dir, batch.id, centerId, dirtyHere.has(centerId)),
        dirty: dirtyHere.has(centerId),
      })),
    });
    if (dirtyHere.size > 0) {
      plan.push({
        label: `corrected re-uploads (${[...dirtyHere].join(', ')})`,
        uploads: [...dirtyHere].map((centerId) => ({
          batchId: batch.id,
          centerId,
          key: uploadKey(batch, centerId),
          file: exportPath(dir, batch.id, centerId),
          dirty: false,
        })),
      });
    }
  }
  return plan;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Uploads every batch as the centers would and waits, batch by batch, until each upload is ingested: the PUTs of
 * a batch go up a few at a time, then the queue is drained. Each upload's outcome is read back from the ledger
 * by its upload id (derived as the ingest function derives it).
 */
export async function uploadBatches(
  stack: LocalStack,
  wiring: IngestWiring,
  exportsDir: string,
  manifest: ExportManifest,
  progress: BatchProgress = silentProgress,
): Promise<UploadResult[]> {
  const registry = new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName });
  const results: UploadResult[] = [];
  for (const { label, uploads } of planUploads(exportsDir, manifest)) {
    if (uploads.length === 0) continue;
    progress.start(label, uploads.length);
    const expected = new Set(uploads.map((u) => u.key));
    const seen = new Set<string>();
    let allSeen!: () => void;
    const eventsArrived = new Promise<void>((resolve) => (allSeen = resolve));
    const offEvents = stack.onObjectEvent((event) => {
      for (const record of event.Records) {
        const key = decodeURIComponent(record.s3.object.key.replace(/\+/g, ' '));
        if (expected.has(key)) seen.add(key);
      }
      if (seen.size === expected.size) allSeen();
    });
    const offDone = wiring.onRecordDone((key, ok) => {
      if (ok && expected.has(key)) progress.tick(key);
    });
    try {
      const batchResults = await mapLimit(uploads, 6, async (upload) => {
        const body = readFileSync(upload.file);
        const out = await stack.s3Client().send(
          new PutObjectCommand({
            Bucket: stack.buckets.uploads,
            Key: upload.key,
            Body: body,
            ContentType: 'text/csv',
          }),
        );
        const uploadId = deriveUploadId({
          bucket: stack.buckets.uploads,
          key: upload.key,
          versionId: out.VersionId ?? null,
          checksum: createHash('sha256').update(body).digest('hex'),
        });
        return {
          batchId: upload.batchId,
          centerId: upload.centerId,
          key: upload.key,
          uploadId,
          dirty: upload.dirty,
        };
      });
      await eventsArrived;
      await wiring.drain();
      const counts: Record<VerdictStatus, number> = { green: 0, yellow: 0, red: 0 };
      for (const result of batchResults) {
        const entry = await registry.getUpload(result.uploadId);
        const withLedger: UploadResult = { ...result };
        if (entry) {
          withLedger.status = entry.status;
          withLedger.verdict = entry.verdictStatus;
          counts[entry.verdictStatus] += 1;
        }
        results.push(withLedger);
      }
      const missing = batchResults.length - counts.green - counts.yellow - counts.red;
      progress.stop(
        `${label}: ${batchResults.length} uploads, ${counts.green} green, ${counts.yellow} yellow, ${counts.red} red` +
          (missing > 0 ? `, ${missing} not ingested (see ${wiring.queue.deadLetterDir})` : ''),
      );
    } finally {
      offEvents();
      offDone();
    }
  }
  return results;
}

/** What the report step published. */
export interface PublishedReports {
  quarter: string;
  /** The index.html key of each published site, the registry's first. */
  keys: string[];
  runs: number;
}

function quarterEnd(quarter: string): string {
  const [year, q] = quarter.split('-Q').map(Number) as [number, number];
  return new Date(Date.UTC(year, q * 3, 1) - 1000).toISOString();
}

/**
 * The "generate reports" step: reads every center's current curated data set (through its pointer), the ledger
 * for provenance and the data-quality dashboard, builds the registry report for `quarter` and publishes
 * it with the report pipeline's renderer and atomic publisher: the registry site under `site/{quarter}/v{n}/`
 * (with `site/index.html` and the quarter's `current.json`) and each center's private report under
 * `centers/{centerId}/{quarter}/v{n}/`. Each run publishes a new version; earlier ones stay.
 */
export async function generateReports(
  stack: LocalStack,
  options: { centerIds: readonly string[]; quarter: string; generatedAt?: string; softwareVersion?: string },
): Promise<PublishedReports> {
  const registry = new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName });
  const objects = new S3ObjectStore(stack.s3Client());
  const runs: RegistryRun[] = [];
  const uploads: ReportUpload[] = [];
  for (const centerId of options.centerIds) {
    const pointer = await registry.getPointer(centerId);
    if (pointer) {
      const object = await objects.getStream({ bucket: stack.buckets.data, key: pointer.curatedKey });
      for await (const row of readCuratedRuns(object.body)) runs.push(row);
    }
    for (const entry of await listCenterUploads(stack.docClient(), stack.tableName, centerId)) {
      uploads.push({
        uploadId: entry.uploadId,
        centerId,
        receivedAt: entry.steps.recordedAt ?? entry.steps.validatedAt ?? new Date(0).toISOString(),
        verdict: entry.verdictStatus,
      });
    }
  }
  const report = buildRegistryReport(runs, {
    spec: defaultReportSpec,
    quarter: options.quarter,
    cutoff: quarterEnd(options.quarter),
    uploads,
    generatedAt: options.generatedAt ?? new Date().toISOString(),
    softwareVersion: options.softwareVersion ?? '0.1.0',
    status: 'provisional',
  });
  // The registry's site, then each center's private report, each published atomically as a new version.
  const published: string[] = [];
  const sites: { prefix: string; centerId?: string }[] = [
    { prefix: keys.sitePrefix },
    ...options.centerIds.map((centerId) => ({ prefix: keys.centerReportsPrefix(centerId), centerId })),
  ];
  for (const site of sites) {
    const store = siteObjectStoreOn(objects, stack.buckets.reports);
    const files = await renderReportSite(
      report,
      site.centerId === undefined ? {} : { centerId: site.centerId },
    );
    const current = await currentVersion(store, site.prefix, options.quarter);
    const pointer = await publishReport(store, files, {
      prefix: site.prefix,
      quarter: options.quarter,
      version: (current?.version ?? 0) + 1,
    });
    published.push(`${pointer.path}index.html`);
  }
  return { quarter: options.quarter, keys: published, runs: runs.length };
}

/** Options of {@link runRegistry}. */
export interface RunRegistryOptions extends ExportOptions {
  /** Where the exports are written. Default `{dataDir}/exports`. */
  exportsDir?: string;
  progress?: BatchProgress;
  /** One line per step. */
  log?: (line: string) => void;
}

/** What {@link runRegistry} did. */
export interface RegistryRunSummary {
  manifest: ExportManifest;
  uploads: UploadResult[];
  reports: PublishedReports;
  deadLetters: number;
}

/** Thrown when the run could not complete as designed (e.g. an upload that never got a verdict). */
export class RegistryRunError extends LocalStackError {}

/**
 * Runs the registry end to end on a started stack: exports (first run only), every upload batch through the
 * ingest pipeline, then the reports for the latest quarter with data.
 * @throws {RegistryRunError} when an upload got no ledger entry (its message is in the dead-letter directory).
 */
export async function runRegistry(
  stack: LocalStack,
  options: RunRegistryOptions = {},
): Promise<RegistryRunSummary> {
  const log = options.log ?? (() => undefined);
  const exportsDir = options.exportsDir ?? join(stack.dataDir, 'exports');
  log(`synthetic registry: ${exportsDir}`);
  const { manifest, generated } = await prepareExports(exportsDir, options);
  log(
    generated
      ? `generated ${manifest.runs} runs of ${new Set(Object.values(manifest.files).flat()).size} centers; ` +
          `these send a dirty file first: ${manifest.dirty.centerIds.join(', ') || 'none'}`
      : `using the exports generated earlier (${manifest.runs} runs; delete ${exportsDir} to regenerate)`,
  );

  mkdirSync(join(stack.dataDir, 'logs'), { recursive: true });
  const wiring = connectIngest(stack, { logFile: join(stack.dataDir, 'logs', 'ingest.log') });
  let uploads: UploadResult[];
  try {
    uploads = await uploadBatches(stack, wiring, exportsDir, manifest, options.progress);
  } finally {
    wiring.close();
  }
  const deadLetters = (await wiring.queue.deadLetters()).length;
  const missing = uploads.filter((u) => u.status === undefined);
  if (missing.length > 0) {
    throw new RegistryRunError(
      `${missing.length} upload(s) got no verdict (${missing.map((u) => u.key).join(', ')}); their messages are in ` +
        `${wiring.queue.deadLetterDir} and the handler's log in ${join(stack.dataDir, 'logs', 'ingest.log')}.`,
    );
  }

  const centerIds = [...new Set(Object.values(manifest.files).flat())].sort();
  const quarter = quarterOf(manifest.latestEcmoStart);
  log(`generating the reports for ${quarter} …`);
  const reports = await generateReports(stack, { centerIds, quarter });
  log(
    `published the registry report ${reports.keys[0]} and ${reports.keys.length - 1} center reports ` +
      `(${reports.runs} runs) to bucket ${stack.buckets.reports}`,
  );
  return { manifest, uploads, reports, deadLetters };
}
