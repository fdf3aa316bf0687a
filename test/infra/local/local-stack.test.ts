import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';

import {
  DescribeTableCommand,
  ListTablesCommand,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  GetObjectCommand,
  HeadBucketCommand,
  ListBucketsCommand,
  PutObjectCommand,
} from '@aws-sdk/client-s3';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';

import { PortInUseError } from '../../../infra/local/errors.js';
import { startLocalStack } from '../../../infra/local/local-stack.js';
import { localBucketNames, table } from '../../../shared/config/resources.js';
import { withLocalStack } from '../../support/local-stack.js';

const local = withLocalStack();

/** Java processes of DynamoDB Local listening on `port` (pgrep exits 1 when there are none). */
async function dynamoProcessesOnPort(port: number): Promise<string[]> {
  try {
    const { stdout } = await promisify(execFile)('pgrep', ['-f', `DynamoDBLocal.jar .*-port ${port}( |$)`]);
    return stdout.trim().split('\n').filter(Boolean);
  } catch (error) {
    if ((error as { code?: number }).code === 1) return [];
    throw error;
  }
}

describe('startLocalStack', () => {
  it('serves S3 and DynamoDB on loopback with the buckets from resources.ts', async () => {
    const { stack } = local;
    expect(stack.endpoints.s3).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(stack.endpoints.dynamodb).toBe(`http://127.0.0.1:${stack.ports.dynamodb}`);
    expect(stack.buckets).toEqual(localBucketNames);
    const listed = await stack.s3Client().send(new ListBucketsCommand({}));
    expect(listed.Buckets?.map((b) => b.Name).sort()).toEqual(Object.values(localBucketNames).sort());
    for (const bucket of Object.values(stack.buckets)) {
      await expect(stack.s3Client().send(new HeadBucketCommand({ Bucket: bucket }))).resolves.toBeDefined();
    }
  });

  it('creates the registry table with pk/sk and the gsi1 index', async () => {
    const { stack } = local;
    expect(stack.tableName).toBe(table.localName);
    const tables = await stack.dynamoClient().send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual([table.localName]);
    const { Table } = await stack
      .dynamoClient()
      .send(new DescribeTableCommand({ TableName: stack.tableName }));
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.GlobalSecondaryIndexes).toHaveLength(1);
    expect(Table?.GlobalSecondaryIndexes?.[0]).toMatchObject({
      IndexName: 'gsi1',
      KeySchema: [
        { AttributeName: 'gsi1pk', KeyType: 'HASH' },
        { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('commits a conditional TransactWriteItems and cancels a conflicting one', async () => {
    const { stack } = local;
    const doc = stack.docClient();
    const ledgerEntry = (uploadId: string) => ({
      Put: {
        TableName: stack.tableName,
        Item: {
          pk: 'CENTER#C001',
          sk: `UPLOAD#${uploadId}`,
          gsi1pk: 'UPLOADS',
          gsi1sk: `2024-01-01#${uploadId}`,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    await doc.send(new TransactWriteCommand({ TransactItems: [ledgerEntry('u1'), ledgerEntry('u2')] }));
    const stored = await doc.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: 'CENTER#C001', sk: 'UPLOAD#u1' } }),
    );
    expect(stored.Item?.gsi1sk).toBe('2024-01-01#u1');

    // u3 is new but u1 exists: the whole transaction must be cancelled, so u3 must not be written either.
    const conflicting = doc.send(
      new TransactWriteCommand({ TransactItems: [ledgerEntry('u3'), ledgerEntry('u1')] }),
    );
    await expect(conflicting).rejects.toBeInstanceOf(TransactionCanceledException);
    const reasons = await conflicting.catch((error: TransactionCanceledException) =>
      error.CancellationReasons?.map((r) => r.Code),
    );
    expect(reasons).toEqual(['None', 'ConditionalCheckFailed']);
    const u3 = await doc.send(
      new GetCommand({ TableName: stack.tableName, Key: { pk: 'CENTER#C001', sk: 'UPLOAD#u3' } }),
    );
    expect(u3.Item).toBeUndefined();
  });

  it('round-trips an S3 object', async () => {
    const { stack } = local;
    const key = 'uploads/C001/2024 Q1 export é.csv';
    const body = 'run_id,age\nR1,54\n';
    await stack
      .s3Client()
      .send(new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: key, Body: body }));
    const got = await stack
      .s3Client()
      .send(new GetObjectCommand({ Bucket: stack.buckets.uploads, Key: key }));
    expect(await got.Body?.transformToString()).toBe(body);
  });

  it('refuses a busy port with an error naming the port, the option and the env var', async () => {
    // One port held by a plain Node listener, and one by the fixture's own DynamoDB Local (Java).
    const blocker: Server = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const busyPort = (blocker.address() as { port: number }).port;
    try {
      const attempt = startLocalStack({
        s3Port: busyPort,
        dynamodbPort: 0,
        dataDir: local.dataDir,
        inMemoryDynamo: true,
      });
      await expect(attempt).rejects.toBeInstanceOf(PortInUseError);
      await expect(attempt).rejects.toThrow(
        new RegExp(
          `Port ${busyPort} for S3 \\(s3rver\\) is already in use.*s3Port option or the ECLS_S3_PORT`,
        ),
      );
      const second = startLocalStack({
        s3Port: 0,
        dynamodbPort: local.stack.ports.dynamodb,
        dataDir: local.dataDir,
      });
      await expect(second).rejects.toMatchObject({
        name: 'PortInUseError',
        port: local.stack.ports.dynamodb,
        option: 'dynamodbPort',
        envVar: 'ECLS_DYNAMODB_PORT',
      });
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('stop() leaves no Java process behind; a restart on the same data directory keeps the data', async () => {
    // A persisted stack of its own, so stopping it does not pull the fixture out from under the other tests.
    const dataDir = join(local.dataDir, 'persisted');
    const key = { pk: 'CENTER#C009', sk: 'UPLOAD#u1' };
    const first = await startLocalStack({ s3Port: 0, dynamodbPort: 0, dataDir });
    const pid = first.dynamodbPid;
    expect(await dynamoProcessesOnPort(first.ports.dynamodb)).toEqual([String(pid)]);
    await first
      .docClient()
      .send(new PutCommand({ TableName: first.tableName, Item: { ...key, status: 'ingested' } }));
    await first
      .s3Client()
      .send(new PutObjectCommand({ Bucket: first.buckets.data, Key: 'curated/C009/runs.json', Body: '[]' }));
    await first.stop();
    await first.stop();
    expect(await dynamoProcessesOnPort(first.ports.dynamodb)).toEqual([]);
    // Whatever else runs on this machine, our pid is gone: signal 0 only checks existence.
    expect(() => process.kill(pid, 0)).toThrow(expect.objectContaining({ code: 'ESRCH' }));

    // Provisioning is idempotent: the second start finds the table and buckets and keeps their contents.
    const second = await startLocalStack({ s3Port: 0, dynamodbPort: 0, dataDir });
    try {
      const item = await second.docClient().send(new GetCommand({ TableName: second.tableName, Key: key }));
      expect(item.Item?.status).toBe('ingested');
      const object = await second
        .s3Client()
        .send(new GetObjectCommand({ Bucket: second.buckets.data, Key: 'curated/C009/runs.json' }));
      expect(await object.Body?.transformToString()).toBe('[]');
    } finally {
      await second.stop();
    }
    expect(await dynamoProcessesOnPort(second.ports.dynamodb)).toEqual([]);
  }, 120_000);
});
