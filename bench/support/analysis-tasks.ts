/**
 * The independent pieces of the analysis set that the pool runs in worker threads: MICE chains, one outcome's
 * complete-case model, one outcome's imputed model on one completed data set, one subgrouping's models, and the
 * matching stage. Each is a call of the single-threaded set's own function (bench/support/analysis-set.ts), so
 * the parallel set gives the same numbers.
 */
import { completeCaseModel, imputeSet, imputedModel, matchingStage, subgroupModels } from './analysis-set.js';
import type { AnalysisTable } from './analysis-table.js';

/** A task message. Completed data sets travel as their imputed columns (SharedArrayBuffer-backed, not copied). */
export type AnalysisTask =
  | { kind: 'mice'; seed: number; chains: number[] }
  | { kind: 'completeCase'; outcome: string }
  | { kind: 'imputed'; outcome: string; completed: Record<string, Float64Array> }
  | { kind: 'subgroup'; index: number }
  | { kind: 'matching' };

/** Runs one task on the table; `transfer` lists buffers to move (not copy) back to the caller. */
export function runTask(
  table: AnalysisTable,
  task: AnalysisTask,
): { value: unknown; transfer: ArrayBuffer[] } {
  switch (task.kind) {
    case 'mice': {
      // Only the imputed columns go back; the complete ones are the table's.
      const imputed = imputeSet(table, task.seed, task.chains).map((completed) => ({
        ph: completed.ph!,
        paco2: completed.paco2!,
        pao2: completed.pao2!,
      }));
      const transfer = imputed.flatMap((c) => [c.ph.buffer, c.paco2.buffer, c.pao2.buffer]) as ArrayBuffer[];
      return { value: imputed, transfer };
    }
    case 'completeCase':
      return { value: completeCaseModel(table, task.outcome), transfer: [] };
    case 'imputed':
      return { value: imputedModel(table, task.completed, task.outcome), transfer: [] };
    case 'subgroup':
      return { value: subgroupModels(table, task.index), transfer: [] };
    case 'matching': {
      const matching = matchingStage(table);
      return { value: matching, transfer: [matching.matchedRows.buffer as ArrayBuffer] };
    }
  }
}
