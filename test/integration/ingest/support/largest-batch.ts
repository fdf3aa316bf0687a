/**
 * The ingest function's worst case, run the way AWS runs it: a batch of the configured size (the ingest entry of
 * infra/stacks/function-specs.ts) in which every record is the largest upload the limits accept
 * (shared/validation/limits.ts: `maxRows` rows, each with the longest run id), all for one center. Each upload
 * is a snapshot with its own run ids, so from the second one on the merge holds a full current data set and a
 * full incoming one at once: the most a center's data can make the function hold. The batch goes through the
 * Lambda's own entry point in a child process whose heap is capped below the function's memory (as the Lambda
 * runtime caps it), and the child reports its kernel high-water mark of resident memory.
 *
 * Used by test/integration/ingest/large-upload.test.ts (which asserts the bound and the data) and by
 * `npm run bench -- ingest` (which records the figures).
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { S3Event, SQSEvent, SQSRecord } from '../../../../infra/local/event-types.js';
import type { LocalStack } from '../../../../infra/local/local-stack.js';
import { functionSpecs } from '../../../../infra/stacks/function-specs.js';
import { defaultLimits } from '../../../../shared/validation/limits.js';
import type { ExpectedDataSet } from './ingest-harness.js';

/**
 * Memory left outside the V8 heap: the runtime's code, the young generation, and the SDK's socket and stream
 * buffers. The Lambda Node.js runtime likewise caps the old space below the function's memory size.
 */
export const HEAP_HEADROOM_MB = 256;

/** What the child process reports. */
export interface IngestChildResult {
  response: { batchItemFailures: { itemIdentifier: string }[] };
  rssBeforeMB: number;
  maxRssMB: number;
  heapLimitMB: number;
  cpuSeconds: number;
  seconds: number;
}

/** One upload of the batch. */
export interface LargestUpload {
  key: string;
  rows: number;
  bytes: number;
}

/** Everything the worst-case batch measured. */
export interface LargestBatchResult {
  memorySizeMB: number;
  heapCapMB: number;
  batchSize: number;
  /** The function's timeout: the batch, one record after another, must finish well inside it. */
  timeoutSeconds: number;
  limits: { maxRows: number; maxBytes: number };
  uploads: LargestUpload[];
  /** What the center must hold afterwards: the last upload's runs (a snapshot replaces the others). */
  expected: ExpectedDataSet;
  child: IngestChildResult;
  /** Seconds spent generating, uploading and ingesting. */
  phases: { generateSeconds: number; uploadSeconds: number; ingestSeconds: number };
}

/** The ingest function's size and batch, from the one table the stack is built from. */
export function ingestFunctionShape(): { memorySizeMB: number; batchSize: number; timeoutSeconds: number } {
  const spec = functionSpecs.find((s) => s.name === 'ingest');
  if (!spec || spec.trigger.kind !== 'queue')
    throw new Error('function-specs.ts has no queue-fed ingest entry');
  return {
    memorySizeMB: spec.memorySize,
    batchSize: spec.trigger.batchSize,
    timeoutSeconds: spec.timeoutMinutes * 60,
  };
}

/** Runs a support script with tsx in a child process; resolves with its last stdout line, parsed. */
export async function runSupportScript<T>(
  script: string,
  args: string[],
  options: { env?: Record<string, string>; nodeArgs?: string[] } = {},
): Promise<T> {
  const path = fileURLToPath(new URL(`./${script}`, import.meta.url));
  // Asynchronous on purpose: s3rver answers the child's requests from this process's event loop.
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', path, ...args], {
    env: { ...process.env, ...options.env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    // Only the last line is the result; the handler's JSON logs before it are not kept.
    stdout = (stdout + chunk.toString()).slice(-1_000_000);
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-20_000)));
  const [code, signal] = (await once(child, 'close')) as [number | null, string | null];
  if (code !== 0) throw new Error(`${script} exited with ${code ?? signal}: ${stderr.slice(-2000)}`);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

function sqsRecordOf(notification: S3Event, index: number): SQSRecord {
  const now = String(Date.now());
  return {
    messageId: `largest-${index + 1}`,
    receiptHandle: `largest-${index + 1}`,
    body: JSON.stringify(notification),
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: now,
      SenderId: 'AIDAS3',
      ApproximateFirstReceiveTimestamp: now,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:000000000000:ecls-ingest',
    awsRegion: 'us-east-1',
  };
}

/**
 * Generates the batch's uploads one at a time (streamed to a file in `workDir`, put into s3rver, then deleted),
 * and ingests them as one SQS batch in a capped child process.
 */
export async function runLargestBatch(options: {
  stack: LocalStack;
  workDir: string;
  centerId: string;
  seed: number;
}): Promise<LargestBatchResult> {
  const { stack, workDir, centerId, seed } = options;
  const { memorySizeMB, batchSize, timeoutSeconds } = ingestFunctionShape();
  const heapCapMB = memorySizeMB - HEAP_HEADROOM_MB;
  const { maxRows, maxBytes } = defaultLimits;
  const uploads: LargestUpload[] = [];
  const notifications: S3Event[] = [];
  let expected: ExpectedDataSet | undefined;
  let generateSeconds = 0;
  let uploadSeconds = 0;
  for (let i = 0; i < batchSize; i++) {
    let started = performance.now();
    const file = join(workDir, `largest-${i + 1}.csv`);
    const generated = await runSupportScript<ExpectedDataSet & { bytes: number }>('large-upload-data.ts', [
      file,
      String(maxRows),
      centerId,
      String(seed + i),
      `P${i + 1}-`,
    ]);
    const { size } = await stat(file);
    if (size !== generated.bytes) throw new Error(`${file} has ${size} bytes, not ${generated.bytes}`);
    generateSeconds += (performance.now() - started) / 1000;

    started = performance.now();
    const key = `uploads/${centerId}/snapshot/largest ${i + 1}.csv`;
    const notified = new Promise<S3Event>((resolve) => {
      const off = stack.onObjectEvent((event) => {
        if (event.Records.some((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === key)) {
          off();
          resolve(event);
        }
      });
    });
    await stack.s3Client().send(
      new PutObjectCommand({
        Bucket: stack.buckets.uploads,
        Key: key,
        Body: createReadStream(file),
        ContentLength: size,
      }),
    );
    notifications.push(await notified);
    await rm(file);
    uploadSeconds += (performance.now() - started) / 1000;
    uploads.push({ key, rows: generated.runs, bytes: size });
    expected = { runs: generated.runs, linesSha256: generated.linesSha256, aggregates: generated.aggregates };
  }

  const event: SQSEvent = { Records: notifications.map(sqsRecordOf) };
  const eventFile = join(workDir, 'largest-batch-event.json');
  await writeFile(eventFile, JSON.stringify(event));
  const started = performance.now();
  const child = await runSupportScript<IngestChildResult>('ingest-child.ts', [eventFile], {
    nodeArgs: [`--max-old-space-size=${heapCapMB}`],
    env: {
      DATA_BUCKET: stack.buckets.data,
      TABLE_NAME: stack.tableName,
      S3_ENDPOINT: stack.endpoints.s3,
      DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(memorySizeMB),
    },
  });
  const ingestSeconds = (performance.now() - started) / 1000;
  return {
    memorySizeMB,
    heapCapMB,
    batchSize,
    timeoutSeconds,
    limits: { maxRows, maxBytes },
    uploads,
    expected: expected!,
    child,
    phases: { generateSeconds, uploadSeconds, ingestSeconds },
  };
}
