import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoRegistryStore } from '../../../shared/adapters/index.js';
import {
  PointerVersionConflictError,
  RegistryStoreError,
  TransactionTooLargeError,
  UploadAlreadyMergedError,
  type PointerSwitch,
} from '../../../shared/ports/index.js';
import { emptyAggregate } from '../../../shared/ingest/quarter-aggregator.js';
import type { LedgerEntry } from '../../../shared/ingest/index.js';

const doc = DynamoDBDocumentClient.from(
  new DynamoDBClient({ region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
);
const mock = mockClient(doc);
const store = new DynamoRegistryStore(doc, { tableName: 't' });

const change: PointerSwitch = {
  expectedVersion: 1,
  next: {
    centerId: 'C001',
    version: 2,
    curatedKey: 'k',
    uploadId: 'u',
    mode: 'upsert',
    runs: 1,
    updatedAt: 'now',
  },
  putAggregates: [],
  deleteQuarters: [],
  uploadId: 'u',
  merge: {
    version: 2,
    curatedKey: 'k',
    added: 1,
    updated: 0,
    removed: 0,
    unchanged: 0,
    runs: 1,
    affectedQuarters: [],
  },
  mergedAt: 'now',
};

const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: 'cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

beforeEach(() => mock.reset());

describe('DynamoRegistryStore.switchPointer', () => {
  it('conditions the pointer on the version read and the ledger on "accepted"', async () => {
    mock.on(TransactWriteCommand).resolves({});
    await store.switchPointer(change);
    const items = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(items[0]!.Put).toMatchObject({
      ConditionExpression: '#version = :expected',
      ExpressionAttributeValues: { ':expected': 1 },
    });
    expect(items[1]!.Update).toMatchObject({ ConditionExpression: '#status = :accepted' });
    expect(items[2]!.Put).toMatchObject({ ConditionExpression: 'attribute_not_exists(pk)' });
  });

  it.each([
    [['ConditionalCheckFailed', 'None', 'None'], PointerVersionConflictError],
    [['None', 'None', 'ConditionalCheckFailed'], PointerVersionConflictError],
    [['TransactionConflict', 'None', 'None'], PointerVersionConflictError],
    [['ConditionalCheckFailed', 'ConditionalCheckFailed', 'None'], UploadAlreadyMergedError],
  ])('turns cancellation reasons %j into %p, keeping the SDK error as cause', async (codes, expected) => {
    const sdkError = cancelled(codes);
    mock.on(TransactWriteCommand).rejects(sdkError);
    const error = await store.switchPointer(change).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(expected);
    expect((error as Error).cause).toBe(sdkError);
  });

  it('refuses a switch larger than one transaction before calling DynamoDB', async () => {
    const many = Array.from({ length: 98 }, (_, i) => `${2000 + i}-Q1` as const);
    await expect(store.switchPointer({ ...change, deleteQuarters: many })).rejects.toThrow(
      TransactionTooLargeError,
    );
    expect(mock.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });
});

describe('DynamoRegistryStore ledger', () => {
  const entry = {
    uploadId: 'u1',
    centerId: 'C001',
    steps: { recordedAt: '2024-01-01T00:00:00Z' },
  } as LedgerEntry;

  it('creates an entry once and returns the existing one on a repeat', async () => {
    const conditionFailed = Object.assign(new Error('exists'), { name: 'ConditionalCheckFailedException' });
    mock.on(PutCommand).rejectsOnce(conditionFailed);
    mock.on(GetCommand).resolves({
      Item: {
        pk: 'UPLOAD#u1',
        sk: 'LEDGER',
        gsi1pk: 'x',
        gsi1sk: 'y',
        itemType: 'upload',
        ...entry,
        status: 'completed',
      },
    });
    expect(await store.recordUpload(entry)).toEqual({
      created: false,
      existing: { ...entry, status: 'completed' },
    });
    const put = mock.commandCalls(PutCommand)[0]!.args[0].input;
    expect(put).toMatchObject({
      ConditionExpression: 'attribute_not_exists(pk)',
      Item: { gsi1pk: 'UPLOADS#C001' },
    });
  });

  it('wraps other SDK errors as RegistryStoreError with the cause', async () => {
    const sdkError = Object.assign(new Error('throttled'), {
      name: 'ProvisionedThroughputExceededException',
    });
    mock.on(GetCommand).rejects(sdkError);
    const error = await store.getUpload('u1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RegistryStoreError);
    expect((error as Error).message).toMatch(/GetItem on table t failed: throttled/);
    expect((error as Error).cause).toBe(sdkError);
  });

  it("lists a center's uploads from gsi1, latest first, across pages, without the key attributes", async () => {
    const item = (uploadId: string) => ({
      pk: `UPLOAD#${uploadId}`,
      sk: 'LEDGER',
      gsi1pk: 'UPLOADS#C001',
      gsi1sk: `t#${uploadId}`,
      itemType: 'upload',
      ...entry,
      uploadId,
    });
    mock
      .on(QueryCommand)
      .resolvesOnce({ Items: [item('u3')], LastEvaluatedKey: { pk: 'UPLOAD#u3' } })
      .resolvesOnce({ Items: [item('u1')] });
    expect(await store.listUploads('C001')).toEqual([
      { ...entry, uploadId: 'u3' },
      { ...entry, uploadId: 'u1' },
    ]);
    const queries = mock.commandCalls(QueryCommand).map((c) => c.args[0].input);
    expect(queries[0]).toMatchObject({
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': 'UPLOADS#C001' },
      ScanIndexForward: false,
    });
    expect(queries[1]).toMatchObject({ ExclusiveStartKey: { pk: 'UPLOAD#u3' } });
  });
});

describe('aggregate items', () => {
  const aggregate = {
    ...emptyAggregate('C001', '2023-Q3'),
    runs: 3,
    ecmoHours: 0.1 + 0.2,
  };
  aggregate.sums.pre_ph = { n: 2, sum: 14.37, sumSquares: 103.25690000000002 };
  aggregate.completeness.pre_ph = { filled: 2, applicable: 3 };

  it('stores sums and completeness as JSON strings and reads them back exactly, old map items too', async () => {
    mock.reset();
    mock.on(TransactWriteCommand).resolves({});
    await store.switchPointer({ ...change, putAggregates: [aggregate] });
    const items = mock.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    const stored = items.find((i) => i.Put?.Item?.itemType === 'aggregate')!.Put!.Item!;
    expect(typeof stored.sums).toBe('string');
    expect(typeof stored.completeness).toBe('string');

    const legacy = {
      ...stored,
      sk: 'QUARTER#2023-Q2',
      quarter: '2023-Q2',
      ...{ sums: aggregate.sums, completeness: aggregate.completeness },
    };
    mock.on(QueryCommand).resolves({ Items: [stored, legacy] });
    const [read, readLegacy] = await store.listAggregates('C001');
    expect(read).toEqual(aggregate);
    expect(readLegacy).toEqual({ ...aggregate, quarter: '2023-Q2' });
  });
});
