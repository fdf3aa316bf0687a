/**
 * The analysis set on worker threads, for the 200,000-run benchmark: the independent pieces (the m MICE chains,
 * the complete-case and imputed models, the subgroupings) run in parallel on `size` workers, which share the
 * analysis table through SharedArrayBuffers. shared/stats stays synchronous and pure: the parallelism is only
 * this orchestration. Every piece is a call of the single-threaded set's own function, so the numbers are the
 * same as `runAnalysisSet`'s, bit for bit.
 */
import { Worker } from 'node:worker_threads';
import {
  assembleResult,
  IMPUTATIONS,
  pooledModel,
  stageTimer,
  subgroupings,
  survivalStage,
  type AnalysisSetResult,
  type StageTime,
} from './analysis-set.js';
import type { AnalysisTable } from './analysis-table.js';
import { outcomeColumns } from './analysis-table.js';
import type { AnalysisTask } from './analysis-tasks.js';

type Reply = { id: number; value?: unknown; error?: string } | { ready: true };

/** Worker threads holding the table; `run` queues tasks and resolves each with its result. */
export class AnalysisPool {
  private readonly queue: { id: number; task: AnalysisTask }[] = [];
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private readonly idle: Worker[] = [];
  private nextId = 0;

  private constructor(private readonly workers: Worker[]) {}

  /** Starts `size` workers on a shared copy of the table's columns (resolves when all are ready). */
  static async start(table: AnalysisTable, size: number): Promise<AnalysisPool> {
    const columns: Record<string, Float64Array> = {};
    for (const [name, column] of Object.entries(table.columns)) {
      const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
      shared.set(column);
      columns[name] = shared;
    }
    const entry = new URL('./analysis-worker.ts', import.meta.url).href;
    const workers = Array.from(
      { length: size },
      () =>
        new Worker(new URL('../../shared/workers/typescript-worker.mjs', import.meta.url), {
          workerData: { n: table.n, columns, entry },
        }),
    );
    const pool = new AnalysisPool(workers);
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            worker.once('error', reject);
            worker.on('message', (reply: Reply) => {
              if ('ready' in reply) {
                pool.idle.push(worker);
                resolve();
              } else pool.settle(worker, reply);
            });
          }),
      ),
    );
    return pool;
  }

  /** Runs one task on the next free worker. */
  run<T>(task: AnalysisTask): Promise<T> {
    const id = this.nextId++;
    const done = new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
    });
    this.queue.push({ id, task });
    this.dispatch();
    return done;
  }

  /** Stops the workers. */
  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      worker.postMessage(this.queue.shift()!);
    }
  }

  private settle(worker: Worker, reply: { id: number; value?: unknown; error?: string }): void {
    const waiting = this.waiting.get(reply.id);
    this.waiting.delete(reply.id);
    this.idle.push(worker);
    this.dispatch();
    if (!waiting) return;
    if (reply.error !== undefined) waiting.reject(new Error(reply.error));
    else waiting.resolve(reply.value);
  }
}

/** A Float64Array in a SharedArrayBuffer, so that every worker reads it without a copy. */
function share(column: Float64Array): Float64Array {
  const shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
  shared.set(column);
  return shared;
}

/**
 * The analysis set of `runAnalysisSet` with its independent pieces on the pool's workers: stage by stage (so the
 * stage times compare with the single-threaded ones), CPU time of the whole process (all threads).
 */
export async function runAnalysisSetParallel(
  table: AnalysisTable,
  seed: number,
  pool: AnalysisPool,
): Promise<{ stages: Record<string, StageTime>; result: AnalysisSetResult }> {
  const stages: Record<string, StageTime> = {};
  const timed = stageTimer(stages);

  // 1. MICE: the m chains split over the workers (each chain is the same as in the full call).
  const imputations = await timed('mice', async () => {
    const chains = Array.from({ length: IMPUTATIONS }, (_, k) => k);
    const groups = [chains.filter((k) => k % 2 === 0), chains.filter((k) => k % 2 === 1)];
    const parts = await Promise.all(
      groups.map((group) => pool.run<Record<string, Float64Array>[]>({ kind: 'mice', seed, chains: group })),
    );
    const byChain: Record<string, Float64Array>[] = [];
    groups.forEach((group, g) =>
      group.forEach((k, i) => {
        const completed = parts[g]![i]!;
        byChain[k] = Object.fromEntries(Object.entries(completed).map(([name, col]) => [name, share(col)]));
      }),
    );
    return byChain;
  });

  // 2. Complete-case and imputed models of every outcome, then Rubin's rules.
  const { completeCase, pooled } = await timed('models', async () => {
    const completeCase = Object.fromEntries(
      await Promise.all(
        outcomeColumns.map(async (outcome) => [
          outcome,
          await pool.run<AnalysisSetResult['completeCase'][string]>({ kind: 'completeCase', outcome }),
        ]),
      ),
    ) as AnalysisSetResult['completeCase'];
    const pooled = Object.fromEntries(
      await Promise.all(
        outcomeColumns.map(async (outcome) => [
          outcome,
          pooledModel(
            table,
            await Promise.all(
              imputations.map((completed) =>
                pool.run<{ estimate: number; variance: number }>({ kind: 'imputed', outcome, completed }),
              ),
            ),
          ),
        ]),
      ),
    ) as AnalysisSetResult['pooled'];
    return { completeCase, pooled };
  });

  // 3. Subgroups, one task per subgrouping.
  const subgroups = await timed('subgroups', async () =>
    Object.fromEntries(
      await Promise.all(
        subgroupings.map(async (s, index) => [
          s.name,
          await pool.run<AnalysisSetResult['subgroups'][string]>({ kind: 'subgroup', index }),
        ]),
      ),
    ),
  );

  // 4. Matching (one fit and the matcher: sequential).
  const matching = await timed('matching', () =>
    pool.run<{
      pairs: { treated: number; control: number }[];
      matchedRows: Int32Array;
      before: number;
      after: number;
    }>({ kind: 'matching' }),
  );

  // 5. Survival, before and after matching, on this thread.
  const logRank = await timed('survival', () => ({
    before: survivalStage(table),
    after: survivalStage(table, matching.matchedRows),
  }));

  return { stages, result: assembleResult(completeCase, pooled, subgroups, matching, logRank) };
}
