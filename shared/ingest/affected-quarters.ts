import type { RunRow } from '../dictionary/index.js';
import type { RunChange } from './merge-runs.js';
import { decodeRun } from './run-encoding.js';
import { placeRun } from './run-quarter.js';
import type { Quarter } from './types/index.js';

/**
 * The quarters an upload made stale: the quarter of every changed run before the change and after it (a
 * corrected discharge date moves a run between quarters, and both quarters change). Sorted, without repeats.
 */
export function affectedQuarters(
  changes: Iterable<RunChange>,
  decode: (line: string) => RunRow = (line) => decodeRun(line),
): Quarter[] {
  const quarters = new Set<Quarter>();
  for (const change of changes) {
    if (change.before !== undefined) quarters.add(placeRun(decode(change.before)).quarter);
    if (change.after !== undefined) quarters.add(placeRun(decode(change.after)).quarter);
  }
  return [...quarters].sort();
}
