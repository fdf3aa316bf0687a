/**
 * The registry end to end on the local stack, as `npm start` runs it: generate the synthetic registry (once),
 * upload every center's exports batch by batch as the centers would (PutObject to `uploads/{centerId}/…`; the
 * S3 notification feeds the ingest queue, which runs the ingest Lambda's code), include dirty files that come
 * back red and their corrected re-uploads (and one center's last export that is left red for you to correct), then
 * publish the latest quarter's reports on demand, as `ecls report` does.
 *
 * Nothing here is a shortcut around the pipeline: uploads go through s3rver, its event, the local ingest queue
 * and the ingest function's code; its "quarter stale" events go through the debounced report queue to the report
 * function's code (pipeline.ts); every report is built and published by `generateQuarterReport`.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import type { RegistryRun } from '../../shared/cohort/index.js';
import type { RunRow } from '../../shared/dictionary/index.js';
import { keys } from '../../shared/config/resources.js';
import { deriveUploadId, placeRun, quarterOf, type LedgerEntry } from '../../shared/ingest/index.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportResult,
} from '../../shared/report/generate-quarter-report.js';
import {
  DEFAULT_SEED,
  iterateRegistry,
  toCsv,
  type CenterExport,
  type RawCells,
} from '../../shared/synthetic/index.js';
import { validateUpload, type VerdictStatus } from '../../shared/validation/index.js';
import { LocalStackError } from './errors.js';
import type { IngestWiring } from './ingest-wiring.js';
import type { LocalStack } from './local-stack.js';
import { mapLimit } from '../../shared/report/publish/map-limit.js';
import { clientsAs } from './function-runtime.js';
import { centerIdentity } from './iam/local-iam.js';
import { connectPipeline, type LocalPipeline } from './pipeline.js';

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
  /**
   * Whether one center's export of the last batch goes up dirty and is left red, so that a user (or a test) can
   * correct it with `ecls upload` and watch the provisional report follow. Default true.
   */
  leaveOneRed?: boolean;
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
    leaveOneRed: boolean;
  };
  batches: UploadBatchSpec[];
  /** Per batch id, the centers with runs in it (a center with none sends nothing). */
  files: Record<string, string[]>;
  /** The centers whose first batch goes up dirty first; their dirty file is in `{batch}-dirty/`. */
  dirty: { batchId: string; centerIds: string[] };
  /**
   * The center whose last-batch export goes up dirty and stays red (its dirty file is in `{batch}-dirty/`, the
   * clean one where it always is). Chosen among centers with a run in the report's quarter, so its correction
   * makes that quarter stale.
   */
  leftRed?: { batchId: string; centerId: string };
  /** The latest ECMO start in the registry (wall-clock ms): the report's quarter is its quarter. */
  latestEcmoStart: number;
  runs: number;
}

/** Per-row error rate of the export left red (or the dirty rate, if higher). */
const leftRedDirtyRate = 0.25;

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
    leaveOneRed: options.leaveOneRed ?? true,
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
  const lastBatch = batches[batches.length - 1]!;
  const dirtyIds: string[] = [];
  // Candidates for the center left red: its last-batch dirty copy and the quarters its clean runs fall in.
  const lastBatchDirty: { centerId: string; csv: string; quarters: Set<string> }[] = [];
  let latestEcmoStart = 0;
  let runs = 0;
  // The clean and the dirty registry come from the same seed: the dirty generator only alters rows in place,
  // so row i of a dirty center is row i of its clean export, with an error or not.
  const dirtyCenters = iterateRegistry({ ...generate, dirtyRate: wanted.dirtyRate });
  // The export left red is dirtier, so that even a small last batch of a few runs has an error to correct.
  const redCenters = wanted.leaveOneRed
    ? iterateRegistry({ ...generate, dirtyRate: Math.max(wanted.dirtyRate, leftRedDirtyRate) })
    : undefined;
  for (const center of iterateRegistry(generate)) {
    const dirty = dirtyCenters.next().value as CenterExport;
    const red = redCenters?.next().value as CenterExport | undefined;
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
      const dirtied = dirty.dirtied.some((d) => indexes.includes(d.rowIndex));
      if (
        batch === lastBatch &&
        batch !== dirtyBatch &&
        red?.dirtied.some((d) => indexes.includes(d.rowIndex))
      ) {
        lastBatchDirty.push({
          centerId: center.centerId,
          csv: subsetCsv(red.rows, red.rawCells, indexes),
          quarters: new Set(indexes.map((i) => placeRun(center.rows[i] as RunRow).quarter)),
        });
      }
      if (batch !== dirtyBatch || dirtyIds.length >= wanted.dirtyCenters || !dirtied) continue;
      // Only a file validation rejects makes the point (some injected errors are warnings).
      const csv = subsetCsv(dirty.rows, dirty.rawCells, indexes);
      if (!(await isRejected(csv, center.centerId))) continue;
      writeDirty(dir, batch.id, center.centerId, csv);
      dirtyIds.push(center.centerId);
    }
  }
  let leftRed: ExportManifest['leftRed'];
  const reportQuarter = quarterOf(latestEcmoStart);
  // Prefer a center that was not dirty before; among those, the first in center order.
  const candidates = lastBatchDirty
    .filter((c) => c.quarters.has(reportQuarter))
    .sort((a, b) => Number(dirtyIds.includes(a.centerId)) - Number(dirtyIds.includes(b.centerId)));
  for (const candidate of candidates) {
    if (!(await isRejected(candidate.csv, candidate.centerId))) continue;
    writeDirty(dir, lastBatch.id, candidate.centerId, candidate.csv);
    leftRed = { batchId: lastBatch.id, centerId: candidate.centerId };
    break;
  }
  const manifest: ExportManifest = {
    options: wanted,
    batches,
    files,
    dirty: { batchId: dirtyBatch.id, centerIds: dirtyIds },
    ...(leftRed ? { leftRed } : {}),
    latestEcmoStart,
    runs,
  };
  mkdirSync(dir, { recursive: true });
  writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
  return { manifest, generated: true };
}

async function isRejected(csv: string, centerId: string): Promise<boolean> {
  const verdict = await validateUpload(Readable.from([csv]), { centerId });
  return verdict.status === 'red';
}

function writeDirty(dir: string, batchId: string, centerId: string, csv: string): void {
  mkdirSync(join(dir, `${batchId}-dirty`), { recursive: true });
  writeFileSync(exportPath(dir, batchId, centerId, true), csv);
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

/**
 * The uploads in order: per batch, the dirty copies within their batch, then a batch of corrected re-uploads; the
 * center left red sends only its dirty copy.
 */
function planUploads(dir: string, manifest: ExportManifest): { label: string; uploads: PlannedUpload[] }[] {
  const plan: { label: string; uploads: PlannedUpload[] }[] = [];
  for (const batch of manifest.batches) {
    const dirtyHere =
      batch.id === manifest.dirty.batchId ? new Set(manifest.dirty.centerIds) : new Set<string>();
    const leftRed = manifest.leftRed?.batchId === batch.id ? manifest.leftRed.centerId : undefined;
    plan.push({
      label: batch.label,
      uploads: (manifest.files[batch.id] ?? []).map((centerId) => {
        const dirty = dirtyHere.has(centerId) || centerId === leftRed;
        return {
          batchId: batch.id,
          centerId,
          key: uploadKey(batch, centerId),
          file: exportPath(dir, batch.id, centerId, dirty),
          dirty,
        };
      }),
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
  centerS3: (centerId: string) => S3Client = () => stack.s3Client(),
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
        const out = await centerS3(upload.centerId).send(
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
  /** The registry site's version of the quarter (1 on a first run). */
  version: number;
  runs: number;
}

/** Options of {@link runRegistry}. */
export interface RunRegistryOptions extends ExportOptions {
  /** Where the exports are written. Default `{dataDir}/exports`. */
  exportsDir?: string;
  progress?: BatchProgress;
  /** One line per step. */
  log?: (line: string) => void;
  /**
   * The functions wired to the stack. Pass one to keep it running after the run (`npm start` serves uploads
   * made later); without one, a pipeline is connected for the run and closed at its end.
   */
  pipeline?: LocalPipeline;
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
 * ingest pipeline (whose stale events reach the report function), then the latest quarter's reports on demand
 * with `generateQuarterReport`, the one report pipeline every trigger runs.
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

  const pipeline = options.pipeline ?? connectPipeline(stack);
  // Each center uploads under its own synthesized role, as it does in AWS.
  const centers = new Map<string, S3Client>();
  try {
    const centerS3 = (centerId: string): S3Client => {
      let client = centers.get(centerId);
      if (!client) {
        client = clientsAs(pipeline.runtime, centerIdentity(pipeline.runtime.deployment, centerId)).s3;
        centers.set(centerId, client);
      }
      return client;
    };
    const uploads = await uploadBatches(
      stack,
      pipeline.ingest,
      exportsDir,
      manifest,
      options.progress,
      centerS3,
    );
    // Let the report function handle the stale quarters of the last batch before the on-demand report.
    await pipeline.drain();
    const deadLetters =
      (await pipeline.ingest.queue.deadLetters()).length +
      (await pipeline.reports.queue.deadLetters()).length;
    const missing = uploads.filter((u) => u.status === undefined);
    if (missing.length > 0) {
      throw new RegistryRunError(
        `${missing.length} upload(s) got no verdict (${missing.map((u) => u.key).join(', ')}); their messages are ` +
          `in ${pipeline.ingest.queue.deadLetterDir} and the handler's log in ${join(pipeline.logDir, 'ingest.log')}.`,
      );
    }
    const quarter = quarterOf(manifest.latestEcmoStart);
    log(`generating the reports for ${quarter} …`);
    const result = await generateQuarterReport(pipeline.reports.deps, { quarter });
    const reports = publishedReports(result);
    log(
      result.outcome === 'already-final'
        ? `${quarter} is final already (v${reports.version}); nothing published`
        : `published the registry report ${reports.keys[0]} and ${reports.keys.length - 1} center reports ` +
            `(${reports.runs} runs) to bucket ${stack.buckets.reports}`,
    );
    return { manifest, uploads, reports, deadLetters };
  } finally {
    for (const client of centers.values()) client.destroy();
    if (options.pipeline === undefined) pipeline.close();
  }
}

/** The registry's page first, then the centers' pages. */
function publishedReports(result: GenerateQuarterReportResult): PublishedReports {
  if (result.outcome === 'already-final') {
    return {
      quarter: result.quarter,
      keys: [`${result.pointer.path}index.html`],
      version: result.pointer.version,
      runs: 0,
    };
  }
  if (result.outcome === 'superseded') {
    return {
      quarter: result.quarter,
      keys: [`${result.current.path}index.html`],
      version: result.current.version,
      runs: result.runs,
    };
  }
  const registry = result.sites.find((site) => site.centerId === undefined)!;
  const centers = result.sites.filter((site) => site.centerId !== undefined);
  return {
    quarter: result.quarter,
    keys: [registry.indexKey, ...centers.map((site) => site.indexKey)],
    version: registry.pointer.version,
    runs: result.runs,
  };
}
