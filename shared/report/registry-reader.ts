/**
 * Reads the registry as a report sees it: every center's current curated data set (through its pointer in the
 * registry store, from the immutable curated object in the data bucket) and the uploads that data set was built
 * from (the ledger entries of its versions since the last snapshot), and, for the data-quality dashboard, every
 * center's latest upload whatever its verdict: a rejected (red) upload never reaches the current data, so it is
 * found from the verdicts the ingest writes for every upload (`validation/{centerId}/{uploadId}/`) and read from
 * the ledger. Only the ports are used, so the same code reads S3 and DynamoDB in AWS and s3rver and DynamoDB
 * Local on a laptop.
 */
import type { RegistryRun } from '../cohort/index.js';
import { topPrefixes } from '../config/resources.js';
import { readCuratedRuns, type CenterPointer, type LedgerEntry } from '../ingest/index.js';
import type { ObjectStore, RegistryStore } from '../ports/index.js';
import { mapLimit } from './publish/map-limit.js';
import type { RegistryReport, ReportUpload } from './registry-report.js';

export interface RegistryReaderDeps {
  objectStore: ObjectStore;
  registryStore: RegistryStore;
  /** The data bucket holding the curated objects. */
  dataBucket: string;
}

/** One center's contribution to the snapshot. */
export interface CenterSnapshot {
  centerId: string;
  /** The pointer read; every run of the center came from this version. */
  pointer: CenterPointer;
  runs: number;
}

/** The registry's current data, as of the pointers read. */
export interface RegistrySnapshot {
  runs: RegistryRun[];
  uploads: ReportUpload[];
  /** The centers with data, in the order asked; centers without a pointer are left out. */
  centers: CenterSnapshot[];
  /**
   * The data-quality dashboard: one row per center asked, in the order asked, with its latest upload in the
   * ledger and that upload's verdict (a rejected one included), and how many uploads its current data uses. The
   * completeness of its data is the report build's (computed from the same runs), merged in by withDataQuality.
   */
  dataQuality: Omit<RegistryReport['dataQuality'][number], 'completeness'>[];
}

/** Centers read at once: enough to overlap S3 latency, few enough to keep memory flat. */
const CONCURRENCY = 8;

/**
 * Loads the current runs and the uploads used of every center in `centerIds`. Each center's runs come from the
 * one curated version its pointer names, so a center is never read half old, half new.
 * @throws {ObjectNotFoundError} when a pointer names a curated object that does not exist.
 */
export async function readRegistry(
  deps: RegistryReaderDeps,
  centerIds: readonly string[],
): Promise<RegistrySnapshot> {
  const perCenter = await mapLimit(centerIds, CONCURRENCY, async (centerId) => {
    const [data, latest] = await Promise.all([readCenter(deps, centerId), latestUpload(deps, centerId)]);
    return { centerId, data, latest };
  });
  const snapshot: RegistrySnapshot = { runs: [], uploads: [], centers: [], dataQuality: [] };
  for (const { centerId, data: center, latest } of perCenter) {
    snapshot.dataQuality.push({
      centerId,
      lastUploadAt: latest?.receivedAt ?? null,
      verdict: latest?.verdict ?? null,
      uploads: center?.uploads.length ?? 0,
    });
    if (center === undefined) continue;
    for (const run of center.runs) snapshot.runs.push(run);
    snapshot.uploads.push(...center.uploads);
    snapshot.centers.push({
      centerId: center.pointer.centerId,
      pointer: center.pointer,
      runs: center.runs.length,
    });
  }
  return snapshot;
}

/**
 * The report with its data-quality dashboard taken from the snapshot (every center's latest upload, rejected ones
 * included) instead of from the uploads its data used, which never include a rejected upload; each row keeps the
 * completeness the report computed from the center's runs (null for a center without data).
 * @example const report = withDataQuality(await buildRegistryReport(snapshot.runs, options), snapshot)
 */
export function withDataQuality(
  report: RegistryReport,
  snapshot: Pick<RegistrySnapshot, 'dataQuality'>,
): RegistryReport {
  const completeness = new Map(report.dataQuality.map((row) => [row.centerId, row.completeness]));
  return {
    ...report,
    dataQuality: snapshot.dataQuality.map((row) => ({
      ...row,
      completeness: completeness.get(row.centerId) ?? null,
    })),
  };
}

async function readCenter(
  deps: RegistryReaderDeps,
  centerId: string,
): Promise<{ pointer: CenterPointer; runs: RegistryRun[]; uploads: ReportUpload[] } | undefined> {
  const pointer = await deps.registryStore.getPointer(centerId);
  if (pointer === undefined) return undefined;
  const object = await deps.objectStore.getStream({ bucket: deps.dataBucket, key: pointer.curatedKey });
  const runs: RegistryRun[] = [];
  for await (const row of readCuratedRuns(object.body)) runs.push(row);
  return { pointer, runs, uploads: await uploadsUsed(deps.registryStore, pointer) };
}

/**
 * The center's latest upload in the ledger, whatever its verdict, or undefined when it has none. The ingest
 * writes a verdict under `validation/{centerId}/{uploadId}/` for every upload before recording it, so the
 * verdict prefixes name every upload of the center; the latest is the one received last by its ledger entry.
 * Uploads whose ledger entry is missing (a crash between the two steps) are skipped, not invented.
 */
async function latestUpload(deps: RegistryReaderDeps, centerId: string): Promise<ReportUpload | undefined> {
  // The parent of keys.validationPrefix(centerId, uploadId).
  const prefix = `${topPrefixes.validation}${centerId}/`;
  const uploadIds = new Set<string>();
  for await (const object of deps.objectStore.list(deps.dataBucket, prefix)) {
    const uploadId = object.key.slice(prefix.length).split('/')[0];
    if (uploadId) uploadIds.add(uploadId);
  }
  let latest: ReportUpload | undefined;
  for (const uploadId of [...uploadIds].sort()) {
    const entry = await deps.registryStore.getUpload(uploadId);
    if (entry === undefined || entry.centerId !== centerId) continue;
    const upload = reportUpload(entry, centerId, entry.steps.validatedAt);
    if (upload !== undefined && (latest === undefined || upload.receivedAt > latest.receivedAt))
      latest = upload;
  }
  return latest;
}

/** A ledger entry as the report lists it; undefined when the entry has no time at all. */
function reportUpload(
  entry: LedgerEntry,
  centerId: string,
  fallbackAt: string | undefined,
): ReportUpload | undefined {
  const receivedAt = entry.steps.recordedAt ?? entry.steps.validatedAt ?? fallbackAt;
  if (receivedAt === undefined) return undefined;
  return { uploadId: entry.uploadId, centerId, receivedAt, verdict: entry.verdictStatus };
}

/**
 * The uploads behind the current data set: its versions up to the pointer's, from the last snapshot on (a
 * snapshot replaces everything before it). Versions whose ledger entry is missing are skipped, not invented.
 */
async function uploadsUsed(store: RegistryStore, pointer: CenterPointer): Promise<ReportUpload[]> {
  const versions = (await store.listVersions(pointer.centerId)).filter((v) => v.version <= pointer.version);
  let from = 0;
  versions.forEach((v, i) => {
    if (v.mode === 'snapshot') from = i;
  });
  const uploads: ReportUpload[] = [];
  for (const version of versions.slice(from)) {
    const entry = await store.getUpload(version.uploadId);
    if (entry === undefined) continue;
    const upload = reportUpload(entry, pointer.centerId, version.createdAt);
    if (upload !== undefined) uploads.push(upload);
  }
  return uploads;
}
