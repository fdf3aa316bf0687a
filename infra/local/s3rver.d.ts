// Minimal typings for the parts of s3rver 3.7 the local stack uses. s3rver ships no types; only
// infra/local/s3-local.ts imports it.
declare module 's3rver' {
  import type { EventEmitter } from 'node:events';
  import type { Server } from 'node:http';
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
    configureBuckets?: { name: string; configs?: (string | Buffer)[] }[];
  }

  class S3rver extends EventEmitter {
    constructor(options?: S3rverOptions);
    /** Set by run(). */
    httpServer?: Server;
    /** Koa's middleware stack (s3rver extends Koa); composed when run() starts listening. */
    middleware: unknown[];
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
    configureBuckets(): Promise<void>;
    reset(): void;
  }

  export default S3rver;
}
