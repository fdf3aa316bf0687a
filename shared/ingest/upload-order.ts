/**
 * The order of a center's uploads. A standard queue delivers S3 events in any order, so the pipeline compares
 * the `sequencer` S3 puts in every ObjectCreated record: a hexadecimal string that grows with each event. The
 * strings may differ in length, so they are compared as numbers, after left-padding the shorter with zeros.
 */
import type { CenterPointer, UploadMode } from './types/index.js';

/**
 * Compares two S3 event sequencers: negative when `a` is older, positive when newer, 0 when equal.
 * @example compareSequencers('0A', '00B') // -1 (0x0A < 0x0B)
 */
export function compareSequencers(a: string, b: string): number {
  const width = Math.max(a.length, b.length);
  const left = a.toUpperCase().padStart(width, '0');
  const right = b.toUpperCase().padStart(width, '0');
  return left < right ? -1 : left > right ? 1 : 0;
}

/** The later of two sequencers; either may be absent. */
export function laterSequencer(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return compareSequencers(a, b) >= 0 ? a : b;
}

/**
 * Whether an upload is older than the center's data set allows it to change, and so must not be merged:
 * - a snapshot replaces every run, so it is superseded by any newer applied upload (applying it would bring
 *   back runs, or values, that a newer upload replaced or removed);
 * - an upsert only touches its own run ids, so it is superseded only by a newer applied snapshot (the newer
 *   complete set); an upsert older than a newer upsert is still merged, since a center's parts (e.g. one file per
 *   year) are commonly uploaded together and arrive in any order.
 * Uploads or pointers without a sequencer are never superseded.
 */
export function isSuperseded(
  upload: { mode: UploadMode; sequencer?: string },
  pointer: Pick<CenterPointer, 'sequencer' | 'snapshotSequencer'> | undefined,
): boolean {
  if (upload.sequencer === undefined || pointer === undefined) return false;
  const newer = upload.mode === 'snapshot' ? pointer.sequencer : pointer.snapshotSequencer;
  return newer !== undefined && compareSequencers(upload.sequencer, newer) < 0;
}
