/**
 * The registry end to end on the local stack, as `npm start` runs it: generate the sample scenario's synthetic
 * registry (once; sample-scenario.ts decides what each center sends), upload every center's exports batch by
 * batch as the centers would (PutObject to `uploads/{centerId}/…`; the
 * S3 notification feeds the ingest queue, which runs the ingest Lambda's code), include dirty files that come
 * back red and their corrected re-uploads (and one center's last export that is left red for you to correct), then
 * publish the latest quarter's reports on demand, as `ecls report` does.
 *
 * Nothing here is a shortcut around the pipeline: uploads go through s3rver, its event, the local ingest queue
 * and the ingest function's code; its "quarter stale" events go through the debounced report queue to the report
 * function's code (pipeline.ts); every report is built and published by `generateQuarterReport`.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { deriveUploadId, quarterOf, type LedgerEntry } from '../../shared/ingest/index.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportResult,
} from '../../shared/report/generate-quarter-report.js';
import { mapLimit } from '../../shared/report/publish/map-limit.js';
import type { VerdictStatus } from '../../shared/validation/index.js';
import { LocalStackError } from './errors.js';
import { clientsAs } from './function-runtime.js';
import { centerIdentity } from './iam/local-iam.js';
import type { IngestWiring } from './ingest-wiring.js';
import type { LocalStack } from './local-stack.js';
import { connectPipeline, type LocalPipeline } from './pipeline.js';
import { planUploads, prepareExports, type ExportManifest, type ExportOptions } from './sample-scenario.js';

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
