/**
 * A {@link ModelRunner} on worker threads: a report's ~130 logistic fits and its m MICE chains are independent, so
 * they run on `size` workers while the main thread builds the tables, the matching and the survival curves.
 *
 * - Nothing large is copied per task: a Float64Array column is moved once into a SharedArrayBuffer (cached by
 *   identity, so the covariate columns every fit reads are shared once per report) and the workers read it in
 *   place; only a fit's row subset and outcome travel with it.
 * - Each worker holds the event loop open only while it has work, so an idle pool never keeps a process alive
 *   (a CLI exits, a Lambda freezes) and a busy one never lets it exit with a fit pending.
 * - Workers start from this module: the Lambda bundle loads itself (the bundle holds this module, whose last
 *   lines serve tasks in a worker); TypeScript sources (tsx, jest) go through shared/workers/typescript-worker.mjs.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData, type MessagePort } from 'node:worker_threads';
import type { AliasedFit, ColumnDesign } from './fit-logistic.js';
import {
  inlineModels,
  runFitRequest,
  runImputationRequest,
  type ImputationRequest,
  type LogisticFitRequest,
  type ModelRunner,
} from './model-runner.js';

type Task = { kind: 'fit'; request: LogisticFitRequest } | { kind: 'impute'; request: ImputationRequest };
type Reply = { id: number; value?: unknown; error?: string } | { ready: true };

/** Marks a worker started by this pool (the bundle is also loaded by other code). */
const WORKER_FLAG = 'eclsModelWorker';

interface Pending {
  id: number;
  task: Task;
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** Worker threads running a report's models; tasks queue in the order asked. */
export class ModelWorkerPool implements ModelRunner {
  private readonly workers: Worker[] = [];
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private readonly shared = new WeakMap<Float64Array, Float64Array>();
  private nextId = 0;
  private started = false;
  private closed = false;

  /** A pool of `size` workers (at least 1), started at the first task; they take tasks once loaded. */
  constructor(readonly size: number) {}

  private start(): void {
    const typescript = fileURLToPath(import.meta.url).endsWith('.ts');
    const entry = typescript
      ? new URL('../../workers/typescript-worker.mjs', import.meta.url)
      : new URL(import.meta.url);
    for (let k = 0; k < Math.max(1, this.size); k++) {
      const worker = new Worker(entry, {
        workerData: { [WORKER_FLAG]: true, entry: import.meta.url },
      });
      worker.on('message', (reply: Reply) => this.onReply(worker, reply));
      worker.on('error', (error) => this.onFailure(worker, error));
      worker.on('exit', (code) => {
        if (!this.closed) this.onFailure(worker, new Error(`a model worker exited with code ${code}`));
      });
      this.workers.push(worker);
    }
  }

  fitLogistic(request: LogisticFitRequest): Promise<AliasedFit> {
    const X: ColumnDesign = {
      columns: request.X.columns.map((column) => this.share(column)),
      ...(request.X.subset === undefined ? {} : { subset: request.X.subset }),
    };
    return this.run<AliasedFit>({ kind: 'fit', request: { ...request, X } });
  }

  /** The chains are split over the workers (each chain is the same as in a single call), then put in order. */
  async impute(request: ImputationRequest): Promise<Record<string, Float64Array>[]> {
    const m = request.options.m ?? 5;
    const chains = request.options.chains ?? Array.from({ length: m }, (_, k) => k);
    const size = Math.max(1, this.size);
    const groups = Array.from({ length: size }, (_, g) => chains.filter((__, i) => i % size === g)).filter(
      (group) => group.length > 0,
    );
    const parts = await Promise.all(
      groups.map((group) =>
        this.run<Record<string, Float64Array>[]>({
          kind: 'impute',
          request: { ...request, options: { ...request.options, chains: group } },
        }),
      ),
    );
    const byPosition: Record<string, Float64Array>[] = [];
    groups.forEach((group, g) =>
      group.forEach((_, i) => (byPosition[i * groups.length + g] = parts[g]![i]!)),
    );
    return byPosition;
  }

  /** Stops the workers; queued tasks are rejected. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pending of this.queue.splice(0)) pending.reject(new Error('the model pool was closed'));
    await Promise.all(this.workers.map((worker) => worker.terminate()));
  }

  /** The column in a SharedArrayBuffer (the same one for every task that reads it). */
  private share(column: ArrayLike<number>): Float64Array {
    if (!(column instanceof Float64Array)) return Float64Array.from(column);
    if (column.buffer instanceof SharedArrayBuffer) return column;
    let shared = this.shared.get(column);
    if (shared === undefined) {
      shared = new Float64Array(new SharedArrayBuffer(column.byteLength));
      shared.set(column);
      this.shared.set(column, shared);
    }
    return shared;
  }

  private run<T>(task: Task): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the model pool was closed'));
    if (!this.started) {
      this.started = true;
      this.start();
    }
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve: resolve as (value: unknown) => void, reject });
      this.dispatch();
      this.holdEventLoop();
    });
  }

  private dispatch(): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage({ id: pending.id, task: pending.task });
    }
  }

  private onReply(worker: Worker, reply: Reply): void {
    if ('ready' in reply) {
      this.idle.push(worker);
      this.dispatch();
      return;
    }
    const pending = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    this.dispatch();
    this.holdEventLoop();
    if (pending === undefined || pending.id !== reply.id) return;
    if (reply.error !== undefined) pending.reject(new Error(`model worker: ${reply.error}`));
    else pending.resolve(reply.value);
  }

  /**
   * Refs every worker while a task is queued or running (a worker still loading counts: the process must not
   * exit under a pending fit), and unrefs them all once idle. Set after listeners are added, which ref a port.
   */
  private holdEventLoop(): void {
    const busy = this.queue.length > 0 || this.running.size > 0;
    for (const worker of this.workers) {
      if (busy) worker.ref();
      else worker.unref();
    }
  }

  /** A worker that failed to start or died: its task fails, and with no worker left every queued task does. */
  private onFailure(worker: Worker, error: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    const index = this.workers.indexOf(worker);
    if (index >= 0) this.workers.splice(index, 1);
    const idleIndex = this.idle.indexOf(worker);
    if (idleIndex >= 0) this.idle.splice(idleIndex, 1);
    pending?.reject(error);
    this.holdEventLoop();
    if (this.workers.length === 0) {
      for (const queued of this.queue.splice(0)) queued.reject(error);
      // The next task starts a fresh set of workers.
      this.started = false;
    }
  }
}

let sharedPool: ModelWorkerPool | undefined;

/**
 * The process's model runner: one pool of workers, one per core, started at the first call and kept for the next
 * reports (a warm Lambda reuses it); on a one-core machine or on a worker thread, {@link inlineModels}.
 */
export function processModelRunner(): ModelRunner {
  const cores = availableParallelism();
  // A worker never starts workers of its own (a bundle loaded as a worker must not fan out again).
  if (cores < 2 || !isMainThread) return inlineModels;
  sharedPool ??= new ModelWorkerPool(Math.min(cores, 4));
  return sharedPool;
}

/** Serves model tasks on a worker thread's port. */
function serveModelTasks(port: MessagePort): void {
  port.on('message', ({ id, task }: { id: number; task: Task }) => {
    try {
      const value = task.kind === 'fit' ? runFitRequest(task.request) : runImputationRequest(task.request);
      port.postMessage({ id, value });
    } catch (error) {
      port.postMessage({
        id,
        error: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  });
  port.postMessage({ ready: true });
}

if (!isMainThread && parentPort && (workerData as Record<string, unknown> | null)?.[WORKER_FLAG] === true) {
  serveModelTasks(parentPort);
}
