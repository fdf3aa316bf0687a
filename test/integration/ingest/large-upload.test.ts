/**
 * Issue 4's last acceptance case on the local stack (s3rver + DynamoDB Local, no mocks): an upload of 100 MiB or
 * more is streamed, validated and merged under a bounded memory figure, and its aggregates equal a from-scratch
 * recomputation over its runs.
 *
 * Memory is measured honestly: the ingest Lambda's own entry point (functions/ingest/handler.ts, configured from
 * the environment as in AWS) runs in a child process, and the figure is that process's kernel high-water mark
 * (`process.resourceUsage().maxRSS`), not a sample and not jest's heap. s3rver and DynamoDB Local stay here.
 *
 * The bound, 700 MB, is the function's budget for a 100 MB file. The file itself is streamed (one chunk at a
 * time through the hash, the decoder and the CSV reader); what grows with it is the center's run set, which the
 * merge holds by design as one compact JSON line per run (~350 bytes, a third of a typed row object). Measured:
 * 530-580 MB peak (110-120 MB before the handler ran) with 296,464 runs. Holding the typed rows instead would add
 * ~450 MB and fail; by linear extrapolation the 200 MB file limit (shared/validation/limits.ts) then peaks under
 * ~1.3 GB, inside the ingest function's 1,769 MB (infra/stacks/function-specs.ts), with room for the runtime.
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import type { S3Event, SQSEvent, SQSRecord } from 'aws-lambda';
import { DynamoRegistryStore, S3ObjectStore } from '../../../shared/adapters/index.js';
import { withLocalStack } from '../../support/local-stack.js';
import { expectDataSetMatches, type ExpectedDataSet } from './support/ingest-harness.js';

/** The upload's size; the issue asks for 100 MB or more. */
const LARGE_BYTES = 100 * 1024 * 1024;
/** The peak RSS the ingest process must stay under; the file's doc comment says why. */
const MAX_RSS_MB = 700;
const CENTER = 'C090';
const SEED = 4100;
const KEY = `uploads/${CENTER}/history 2017-2023 (full export).csv`;

// Generating, uploading, ingesting and checking 100 MB takes about a minute on a quiet 2-core machine.
jest.setTimeout(900_000);
const local = withLocalStack();

/** Runs a support script with tsx in a child process; resolves with its last stdout line, parsed. */
async function runScript<T>(script: string, args: string[], env: Record<string, string> = {}): Promise<T> {
  const path = fileURLToPath(new URL(`./support/${script}`, import.meta.url));
  // Asynchronous on purpose: s3rver answers the child's requests from this process's event loop.
  const child = spawn(process.execPath, ['--import', 'tsx', path, ...args], {
    env: { ...process.env, ...env, NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${script} exited with ${code}: ${stderr.slice(-2000)}`);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]!) as T;
}

/** The SQS message the ingest queue delivers for an S3 notification. */
function sqsEventOf(notification: S3Event): SQSEvent {
  const now = String(Date.now());
  const record: SQSRecord = {
    messageId: 'large-upload-1',
    receiptHandle: 'large-upload-1',
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
  return { Records: [record] };
}

interface ChildResult {
  response: { batchItemFailures: unknown[] };
  rssBeforeMB: number;
  maxRssMB: number;
  cpuSeconds: number;
  seconds: number;
}

it('streams a 100 MB upload through the ingest handler under a bounded peak RSS; aggregates match', async () => {
  const { stack } = local;
  let phaseStart = performance.now();
  const phases: string[] = [];
  const phase = (name: string): void => {
    phases.push(`${name} ${((performance.now() - phaseStart) / 1000).toFixed(1)} s`);
    phaseStart = performance.now();
  };
  const workDir = await mkdtemp(join(tmpdir(), 'ecls-large-'));
  try {
    const file = join(workDir, 'large.csv');
    const expected = await runScript<ExpectedDataSet & { bytes: number }>('large-upload-data.ts', [
      file,
      String(LARGE_BYTES),
      CENTER,
      String(SEED),
    ]);
    const { runs } = expected;
    const { size } = await stat(file);
    expect(size).toBe(expected.bytes);
    expect(size).toBeGreaterThanOrEqual(LARGE_BYTES);
    phase('generate');

    const notified = new Promise<S3Event>((resolve) => {
      const off = stack.onObjectEvent((event) => {
        if (event.Records.some((r) => decodeURIComponent(r.s3.object.key.replace(/\+/g, ' ')) === KEY)) {
          off();
          resolve(event);
        }
      });
    });
    await stack.s3Client().send(
      new PutObjectCommand({
        Bucket: stack.buckets.uploads,
        Key: KEY,
        Body: createReadStream(file),
        ContentLength: size,
      }),
    );
    const eventFile = join(workDir, 'event.json');
    await writeFile(eventFile, JSON.stringify(sqsEventOf(await notified)));
    await rm(file);
    phase('upload');

    const result = await runScript<ChildResult>('ingest-child.ts', [eventFile], {
      DATA_BUCKET: stack.buckets.data,
      TABLE_NAME: stack.tableName,
      S3_ENDPOINT: stack.endpoints.s3,
      DYNAMODB_ENDPOINT: stack.endpoints.dynamodb,
    });
    phase('ingest (child)');
    console.log(
      `100 MB ingest in a child process: ${(size / 1024 / 1024).toFixed(1)} MiB, ${runs} runs, ` +
        `${result.seconds} s wall, ${result.cpuSeconds} s CPU, peak RSS ${result.maxRssMB} MB ` +
        `(${result.rssBeforeMB} MB before), bound ${MAX_RSS_MB} MB`,
    );
    expect(result.response.batchItemFailures).toEqual([]);
    expect(result.maxRssMB).toBeLessThan(MAX_RSS_MB);

    const { Items } = await stack.docClient().send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `UPLOADS#${CENTER}` },
      }),
    );
    expect(Items).toHaveLength(1);
    expect(Items![0]).toMatchObject({ status: 'completed', bytes: size, rows: runs, acceptedRows: runs });

    await expectDataSetMatches(
      {
        objects: new S3ObjectStore(stack.s3Client()),
        registry: new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName }),
        dataBucket: stack.buckets.data,
      },
      CENTER,
      expected,
    );
    phase('check');
    console.log(
      `phases (load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}): ${phases.join(', ')}`,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});
