/**
 * The sample scenario `npm start` plays, as data: which centers send what, in which batches (each center's history
 * as a snapshot, then quarterly upserts), which centers send a dirty file first and then its correction, and
 * which one center's last export is left red for the user to correct with `ecls upload`. The synthetic exports
 * are written once to `exports/` with a manifest; {@link planUploads} turns the manifest into the ordered
 * uploads. Running them through the pipeline is run-registry.ts's job.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { RegistryRun } from '../../shared/cohort/index.js';
import type { RunRow } from '../../shared/dictionary/index.js';
import { keys } from '../../shared/config/resources.js';
import { placeRun, quarterOf, type LedgerEntry } from '../../shared/ingest/index.js';
import {
  DEFAULT_SEED,
  iterateRegistry,
  toCsv,
  type CenterExport,
  type RawCells,
} from '../../shared/synthetic/index.js';
import { validateUpload } from '../../shared/validation/index.js';

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

/** The object key a center's export of a batch is uploaded to. */
export function uploadKey(batch: UploadBatchSpec, centerId: string): string {
  const prefix = batch.mode === 'snapshot' ? keys.snapshotPrefix(centerId) : keys.uploadPrefix(centerId);
  return `${prefix}${batch.id}.csv`;
}

/** One upload of the plan: which export file goes to which key. */
export interface PlannedUpload {
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
export function planUploads(
  dir: string,
  manifest: ExportManifest,
): { label: string; uploads: PlannedUpload[] }[] {
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
 * What `npm start` says about the export the scenario leaves red, from the center's latest upload as the ledger
 * has it now rather than from the manifest: after a restart the scenario's uploads are duplicates of the first
 * run's (the same bytes under the same key are the same upload), so a correction made since then stays the
 * latest upload, and the center is not red any more.
 * @param latest the held center's latest ledger entry (undefined if it has none).
 * @param report the quarter and version of the registry report just published.
 * @returns undefined when the scenario left no center red.
 */
export function leftRedNotice(
  manifest: Pick<ExportManifest, 'leftRed'>,
  latest: Pick<LedgerEntry, 'verdictStatus' | 'key'> | undefined,
  exportsDir: string,
  report: { quarter: string; version: number },
): string | undefined {
  const held = manifest.leftRed;
  if (!held) return undefined;
  if (latest && latest.verdictStatus !== 'red') {
    return (
      `${held.centerId}'s export left red by the sample scenario was corrected earlier: its latest upload ` +
      `(${latest.key}) is ${latest.verdictStatus}.`
    );
  }
  return (
    `${held.centerId}'s latest upload is red. Correct it with:\n` +
    `  npx ecls upload ${exportPath(exportsDir, held.batchId, held.centerId)} --center ${held.centerId}\n` +
    `and the ${report.quarter} report is regenerated (v${report.version + 1}) a few seconds later.`
  );
}
