import type { UploadMode } from './types/index.js';

/** A center's runs as canonical lines (run-encoding.ts) by run id. */
export type RunSet = ReadonlyMap<string, string>;

/** One run that an upload changed: its line before (absent when added) and after (absent when removed). */
export interface RunChange {
  runId: string;
  before?: string;
  after?: string;
}

/** The result of merging an accepted upload into the center's current runs. */
export interface RunSetMerge {
  runs: Map<string, string>;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  changes: RunChange[];
}

/**
 * Merges an accepted upload into the center's current runs. `upsert` adds new run ids and replaces the runs
 * whose id it carries, leaving the others; `snapshot` replaces the whole set, which is the only way a run is
 * ever removed. A run whose line is identical counts as unchanged, so a repeated upload changes nothing.
 * @example mergeRuns(new Map([['R1', a]]), new Map([['R2', b]]), 'upsert').runs.size // 2
 */
export function mergeRuns(current: RunSet, incoming: RunSet, mode: UploadMode): RunSetMerge {
  const runs = mode === 'snapshot' ? new Map<string, string>() : new Map(current);
  const changes: RunChange[] = [];
  let added = 0;
  let updated = 0;
  let unchanged = 0;
  for (const [runId, line] of incoming) {
    const before = current.get(runId);
    runs.set(runId, line);
    if (before === undefined) {
      added += 1;
      changes.push({ runId, after: line });
    } else if (before !== line) {
      updated += 1;
      changes.push({ runId, before, after: line });
    } else {
      unchanged += 1;
    }
  }
  let removed = 0;
  if (mode === 'snapshot') {
    for (const [runId, before] of current) {
      if (incoming.has(runId)) continue;
      removed += 1;
      changes.push({ runId, before });
    }
  }
  return { runs, added, updated, removed, unchanged, changes };
}
