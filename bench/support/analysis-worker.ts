/**
 * A worker thread of the analysis pool (bench/support/analysis-pool.ts): holds the analysis table (its columns in
 * SharedArrayBuffers, so nothing is copied) and runs the tasks it is sent, one at a time, with the same functions
 * as the single-threaded set (bench/support/analysis-set.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { AnalysisTable } from './analysis-table.js';
import { runTask, type AnalysisTask } from './analysis-tasks.js';

const { n, columns } = workerData as { n: number; columns: Record<string, Float64Array> };
const table: AnalysisTable = { n, columns, diagnosis: [] };
const port = parentPort!;

port.on('message', ({ id, task }: { id: number; task: AnalysisTask }) => {
  try {
    const { value, transfer } = runTask(table, task);
    port.postMessage({ id, value }, transfer);
  } catch (error) {
    port.postMessage({ id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});
port.postMessage({ ready: true });
