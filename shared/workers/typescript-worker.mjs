// Entry of a worker thread whose code is TypeScript (under tsx, jest or the benches; a bundled Lambda starts its
// workers from the bundle itself): worker threads do not inherit the main thread's loader, so this registers tsx
// and then loads the module named in workerData.entry.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
