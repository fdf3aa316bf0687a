/**
 * Reads the registry as a report sees it: every center's current curated data set (through its pointer in the
 * registry store, from the immutable curated object in the data bucket) and the uploads that data set was built
 * from (the ledger entries of its versions since the last snapshot). Only the ports are used, so the same code
 * reads S3 and DynamoDB in AWS and s3rver and DynamoDB Local on a laptop.
 */
import type { RegistryRun } from '../cohort/index.js';
import { readCuratedRuns, type CenterPointer } from '../ingest/index.js';
import type { ObjectStore, RegistryStore } from '../ports/index.js';
import type { ReportUpload } from './registry-report-schema.js';

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
  const perCenter = await mapLimit(centerIds, CONCURRENCY, (centerId) => readCenter(deps, centerId));
  const snapshot: RegistrySnapshot = { runs: [], uploads: [], centers: [] };
  for (const center of perCenter) {
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
    uploads.push({
      uploadId: entry.uploadId,
      centerId: pointer.centerId,
      receivedAt: entry.steps.recordedAt ?? entry.steps.validatedAt ?? version.createdAt,
      verdict: entry.verdictStatus,
    });
  }
  return uploads;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
