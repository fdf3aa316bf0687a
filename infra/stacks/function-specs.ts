/**
 * The registry's Lambda functions as data: one entry per handler, with its size, trigger and grants. The stack
 * turns each grant into an environment variable plus the matching least-privilege permission, so a handler's
 * access is read here, in one place, and the tests can check it for every function the same way.
 */
import type { BucketRole } from '../../shared/config/resources.js';
import { registryItemKeys } from '../../shared/adapters/registry-item-keys.js';
import { envNames, topPrefixes } from '../../shared/config/resources.js';

/** Key patterns (S3 object key globs) for the service-wide prefixes of shared/config/resources.ts. */
export const servicePrefixes = {
  uploads: `${topPrefixes.uploads}*`,
  validation: `${topPrefixes.validation}*`,
  curated: `${topPrefixes.curated}*`,
  site: `${topPrefixes.site}*`,
  centerReports: `${topPrefixes.centerReports}*`,
} as const;

export { envNames };

/** Environment variables of the topics a function publishes to (the ingest handler reads `verdict`'s). */
export const topicEnvNames = {
  /** The center verdict notices (shared/adapters/composition-root.ts reads it). */
  verdict: envNames.verdictTopicArn,
} as const;

export type QueueRole = 'ingest' | 'report';
export type TopicRole = keyof typeof topicEnvNames;

export type FunctionGrant =
  | { kind: 'bucket'; bucket: BucketRole; read?: readonly string[]; write?: readonly string[] }
  | {
      kind: 'table';
      access: 'read' | 'readWrite';
      /** Item writes (UpdateItem) allowed on these partition-key values only, beside read access. */
      writeLeadingKeys?: readonly string[];
    }
  | { kind: 'sendToQueue'; queue: QueueRole }
  | { kind: 'publishToTopic'; topic: TopicRole };

export type FunctionTrigger =
  | {
      kind: 'queue';
      queue: QueueRole;
      batchSize: number;
      maxBatchingWindowSeconds?: number;
      maxConcurrency: number;
    }
  | { kind: 'schedule' };

export interface FunctionSpec {
  readonly name: 'ingest' | 'report' | 'close-quarter';
  /** Handler file, relative to the repository root. */
  readonly entry: string;
  readonly description: string;
  /** Starting points, to be resized from the benchmark figures (bench/). */
  readonly memorySize: number;
  readonly timeoutMinutes: number;
  readonly trigger: FunctionTrigger;
  readonly grants: readonly FunctionGrant[];
}

/** The registry's function names. */
export type FunctionName = FunctionSpec['name'];

/** What publishing a quarter's reports needs: the report and close-quarter functions both do it. */
const reportPublisherGrants: readonly FunctionGrant[] = [
  { kind: 'bucket', bucket: 'data', read: [servicePrefixes.curated] },
  // Publishing reads what it extends: site/index.json, each quarter's current.json and version directory.
  {
    kind: 'bucket',
    bucket: 'reports',
    read: [servicePrefixes.site, servicePrefixes.centerReports],
    write: [servicePrefixes.site, servicePrefixes.centerReports],
  },
  // The publication record and lease (one conditional write per build) make concurrent builds safe.
  { kind: 'table', access: 'read', writeLeadingKeys: [registryItemKeys.publicationPartition] },
];

export const functionSpecs: readonly FunctionSpec[] = [
  {
    name: 'ingest',
    entry: 'functions/ingest/handler.ts',
    description: 'Validates one center upload, writes its verdict and curated data, updates the ledger',
    // Sized from the measurements: validation is CPU-bound, and 1,769 MB is one full vCPU, so a larger size costs
    // about the same GB-seconds while finishing sooner. The largest upload the limits accept (500,000 rows,
    // 200 MB; shared/validation/limits.ts), merged into a center that already holds 500,000 other runs, peaks
    // near 1.2 GB of RSS under a 1,513 MB heap cap (test/integration/ingest/large-upload.test.ts, bench ingest).
    memorySize: 1769,
    timeoutMinutes: 5,
    // Each record is one CSV, processed one after another (so memory holds one upload at a time); two per
    // invocation keep a batch of two largest uploads (about 30-40 s each on one vCPU) well inside the 5-minute
    // timeout, and at most five invocations at once bound table contention.
    trigger: { kind: 'queue', queue: 'ingest', batchSize: 2, maxConcurrency: 5 },
    grants: [
      { kind: 'bucket', bucket: 'uploads', read: [servicePrefixes.uploads] },
      {
        kind: 'bucket',
        bucket: 'data',
        // validation/ is read back on the last attempt, to keep the findings in the "failed" verdict.
        read: [servicePrefixes.curated, servicePrefixes.validation],
        write: [servicePrefixes.validation, servicePrefixes.curated],
      },
      { kind: 'table', access: 'readWrite' },
      { kind: 'sendToQueue', queue: 'report' },
      // The verdict summary back to the center (SnsVerdictNotifier); each center subscribes with a filter policy.
      { kind: 'publishToTopic', topic: 'verdict' },
    ],
  },
  {
    name: 'report',
    entry: 'functions/report/handler.ts',
    description: 'Rebuilds the committee site and center reports after a burst of accepted uploads',
    memorySize: 3008,
    timeoutMinutes: 10,
    // Debounce: wait up to 5 minutes collecting change notices, and never run more than two builds at once.
    trigger: {
      kind: 'queue',
      queue: 'report',
      batchSize: 1000,
      maxBatchingWindowSeconds: 300,
      maxConcurrency: 2,
    },
    grants: reportPublisherGrants,
  },
  {
    name: 'close-quarter',
    entry: 'functions/close-quarter/handler.ts',
    description:
      'Daily: closes a quarter once its grace period has passed and publishes the quarterly report',
    memorySize: 3008,
    timeoutMinutes: 10,
    trigger: { kind: 'schedule' },
    // It reads the registry and publishes, as the report function does; it sends nothing to any queue.
    grants: reportPublisherGrants,
  },
];

export const bucketEnvNames: Record<BucketRole, string> = {
  uploads: envNames.uploadsBucket,
  data: envNames.dataBucket,
  reports: envNames.reportsBucket,
};
