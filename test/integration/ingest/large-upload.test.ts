/**
 * The ingest function within what AWS gives it, on the local stack (s3rver + DynamoDB Local, no mocks): a batch
 * of the configured size (infra/stacks/function-specs.ts) whose every record is the largest upload the limits
 * accept (shared/validation/limits.ts) is ingested by the Lambda's own entry point in a child process with its
 * heap capped at the function's memory minus headroom, and the process's peak resident memory (the kernel's
 * high-water mark, `process.resourceUsage().maxRSS`) stays under the function's memory size. The uploads are
 * snapshots of one center with different run ids, so the second one is merged while the center holds a full data
 * set: the most a center's data can make the function hold. Every record succeeds (no message of the batch is
 * given back to the queue), and the center's data set and aggregates equal the last upload's, recomputed from
 * scratch.
 *
 * Why this bound holds: memory follows the row count (one compact line per run, support/largest-batch.ts makes
 * each as long as a run id allows), and records are processed one after another, so the batch's peak is its
 * largest merge, not the sum. `npm run bench -- ingest` records the same figures in bench/results/ingest.json.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { jest } from '@jest/globals';
import { DynamoRegistryStore, S3ObjectStore } from '../../../shared/adapters/index.js';
import { withLocalStack } from '../../support/local-stack.js';
import { expectDataSetMatches } from './support/ingest-harness.js';
import { runLargestBatch } from './support/largest-batch.js';

const CENTER = 'C090';
const SEED = 4100;

// Two 500,000-row files: generating, uploading and ingesting them takes 3 to 4 minutes on a quiet 2-core
// machine, longer under load.
jest.setTimeout(1_500_000);
const local = withLocalStack();

it('ingests a batch of the largest accepted uploads under the function memory, one message at a time', async () => {
  const { stack } = local;
  const workDir = await mkdtemp(join(tmpdir(), 'ecls-largest-'));
  try {
    const result = await runLargestBatch({ stack, workDir, centerId: CENTER, seed: SEED });
    const { child, uploads, limits } = result;
    console.log(
      `largest batch: ${uploads.length} x ${limits.maxRows} rows ` +
        `(${uploads.map((u) => (u.bytes / 1024 / 1024).toFixed(1)).join(' + ')} MiB); peak RSS ` +
        `${child.maxRssMB} MB (${child.rssBeforeMB} MB before) of ${result.memorySizeMB} MB, heap cap ` +
        `${child.heapLimitMB} MB; ingest ${child.seconds} s wall, ${child.cpuSeconds} s CPU; generate ` +
        `${result.phases.generateSeconds.toFixed(0)} s, upload ${result.phases.uploadSeconds.toFixed(0)} s; ` +
        `load average ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')}`,
    );

    // The batch is the configured one, and each upload is as large as the limits let it be in rows.
    expect(result.batchSize).toBeGreaterThanOrEqual(1);
    expect(uploads).toHaveLength(result.batchSize);
    for (const upload of uploads) {
      expect(upload.rows).toBe(limits.maxRows);
      expect(upload.bytes).toBeLessThanOrEqual(limits.maxBytes);
    }
    // The child ran with the function's heap cap, not Node's default.
    expect(child.heapLimitMB).toBeLessThanOrEqual(result.heapCapMB + 64);
    expect(child.response.batchItemFailures).toEqual([]);
    expect(child.maxRssMB).toBeLessThan(result.memorySizeMB);

    const { Items } = await stack.docClient().send(
      new QueryCommand({
        TableName: stack.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': `UPLOADS#${CENTER}` },
      }),
    );
    expect(Items).toHaveLength(uploads.length);
    for (const item of Items!) {
      expect(item).toMatchObject({ status: 'completed', rows: limits.maxRows, acceptedRows: limits.maxRows });
      expect(item.superseded).toBeUndefined();
    }
    await expectDataSetMatches(
      {
        objects: new S3ObjectStore(stack.s3Client()),
        registry: new DynamoRegistryStore(stack.docClient(), { tableName: stack.tableName }),
        dataBucket: stack.buckets.data,
      },
      CENTER,
      result.expected,
    );
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
});
