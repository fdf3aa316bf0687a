// Worker-thread entry of bench/support/analysis-pool.ts: registers tsx (worker threads do not inherit the
// `--import tsx` loader of the main thread), then loads the TypeScript worker named in workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
