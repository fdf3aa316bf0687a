import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  CenterPointer,
  LedgerEntry,
  QuarterAggregate,
  UploadStepTimes,
  UploadSupersession,
} from '../ingest/types/index.js';
import {
  PointerVersionConflictError,
  RegistryStoreError,
  TransactionTooLargeError,
  UploadAlreadyMergedError,
  type DataSetVersion,
  type PointerSwitch,
  type RegistryStore,
} from '../ports/index.js';
import { keyAttributes, registryItemKeys as k } from './registry-item-keys.js';

/** Options of {@link DynamoRegistryStore}. */
export interface DynamoRegistryStoreOptions {
  tableName: string;
  /** Most items in one TransactWriteItems call (DynamoDB: 100). */
  maxTransactionItems?: number;
}

type Item = Record<string, unknown>;

const bookkeeping = new Set<string>(keyAttributes);

function strip<T>(item: Item): T {
  return Object.fromEntries(Object.entries(item).filter(([key]) => !bookkeeping.has(key))) as T;
}

/** An aggregate item as stored: the per-column `sums` and `completeness` maps as JSON strings. */
type StoredAggregate = Omit<QuarterAggregate, 'sums' | 'completeness'> & {
  sums: string | QuarterAggregate['sums'];
  completeness: string | QuarterAggregate['completeness'];
};

/**
 * Stores the two per-column maps (~160 entries of nested numbers) as JSON strings: the same numbers, exactly
 * (JSON round-trips doubles), but one attribute each instead of hundreds of nested map entries to marshal,
 * which made the pointer-switch transaction the slowest call of a small upload on DynamoDB Local. Only this
 * adapter reads aggregate items (`listAggregates`).
 */
function encodeAggregate(aggregate: QuarterAggregate): StoredAggregate {
  return {
    ...aggregate,
    sums: JSON.stringify(aggregate.sums),
    completeness: JSON.stringify(aggregate.completeness),
  };
}

/** Reads an aggregate item in either layout (maps as JSON strings, or as DynamoDB maps written earlier). */
function decodeAggregate(item: StoredAggregate): QuarterAggregate {
  return {
    ...item,
    sums: typeof item.sums === 'string' ? (JSON.parse(item.sums) as QuarterAggregate['sums']) : item.sums,
    completeness:
      typeof item.completeness === 'string'
        ? (JSON.parse(item.completeness) as QuarterAggregate['completeness'])
        : item.completeness,
  };
}

function isConditionFailure(error: unknown): boolean {
  return (error as { name?: string })?.name === 'ConditionalCheckFailedException';
}

/**
 * The registry store port on DynamoDB. It only marshals (document client) and calls the SDK: the item layout
 * is in registry-item-keys.ts, the decisions in the ingestion core. SDK errors become RegistryStoreError with
 * the SDK error as `cause`; the pointer switch's failed conditions become PointerVersionConflictError or
 * UploadAlreadyMergedError.
 */
export class DynamoRegistryStore implements RegistryStore {
  private readonly tableName: string;
  private readonly maxTransactionItems: number;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    options: DynamoRegistryStoreOptions,
  ) {
    this.tableName = options.tableName;
    this.maxTransactionItems = options.maxTransactionItems ?? 100;
  }

  /** Reads one ledger entry (strongly consistent). */
  async getUpload(uploadId: string): Promise<LedgerEntry | undefined> {
    const out = await this.call('GetItem', () =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: k.upload(uploadId), ConsistentRead: true }),
      ),
    );
    return out.Item ? strip<LedgerEntry>(out.Item) : undefined;
  }

  /** Creates a ledger entry if its upload id is new; otherwise returns the existing one. */
  async recordUpload(
    entry: LedgerEntry,
  ): Promise<{ created: true } | { created: false; existing: LedgerEntry }> {
    const item = {
      ...k.upload(entry.uploadId),
      ...k.uploadByCenter(entry.centerId, entry.steps.recordedAt ?? '', entry.uploadId),
      itemType: 'upload',
      ...entry,
    };
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return { created: true };
    } catch (cause) {
      if (!isConditionFailure(cause)) throw this.wrap('PutItem (ledger)', cause);
      const existing = await this.getUpload(entry.uploadId);
      if (!existing)
        throw new RegistryStoreError(`Ledger entry ${entry.uploadId} exists but cannot be read.`, { cause });
      return { created: false, existing };
    }
  }

  /** Stamps step times, and optionally a status, on a ledger entry. */
  async markUpload(
    uploadId: string,
    update: { steps: UploadStepTimes; status?: LedgerEntry['status'] },
  ): Promise<void> {
    const names: Record<string, string> = { '#steps': 'steps' };
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    Object.entries(update.steps).forEach(([step, at], i) => {
      names[`#s${i}`] = step;
      values[`:s${i}`] = at;
      sets.push(`#steps.#s${i} = :s${i}`);
    });
    if (update.status) {
      names['#status'] = 'status';
      values[':status'] = update.status;
      sets.push('#status = :status');
    }
    await this.call('UpdateItem (ledger)', () =>
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: k.upload(uploadId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
        }),
      ),
    );
  }

  /** Reads the center's pointer (strongly consistent). */
  async getPointer(centerId: string): Promise<CenterPointer | undefined> {
    const out = await this.call('GetItem (pointer)', () =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: k.pointer(centerId), ConsistentRead: true }),
      ),
    );
    return out.Item ? strip<CenterPointer>(out.Item) : undefined;
  }

  /** Moves the pointer, records the version, replaces aggregates and marks the upload merged, in one transaction. */
  async switchPointer(change: PointerSwitch): Promise<void> {
    const { centerId } = change.next;
    const items = 3 + change.putAggregates.length + change.deleteQuarters.length;
    if (items > this.maxTransactionItems) {
      throw new TransactionTooLargeError(
        `Switching center ${centerId} to version ${change.next.version} changes ${items - 3} quarters; one ` +
          `transaction holds ${this.maxTransactionItems - 3}. Split the upload by years.`,
      );
    }
    const pointerCondition =
      change.expectedVersion === 0
        ? { ConditionExpression: 'attribute_not_exists(pk)' }
        : {
            ConditionExpression: '#version = :expected',
            ExpressionAttributeNames: { '#version': 'version' },
            ExpressionAttributeValues: { ':expected': change.expectedVersion },
          };
    const version: DataSetVersion = {
      centerId,
      version: change.next.version,
      curatedKey: change.next.curatedKey,
      uploadId: change.uploadId,
      mode: change.next.mode,
      runs: change.next.runs,
      createdAt: change.mergedAt,
    };
    try {
      await this.client.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...k.pointer(centerId), itemType: 'pointer', ...change.next },
                ...pointerCondition,
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: k.upload(change.uploadId),
                UpdateExpression: 'SET #status = :merged, #merge = :merge, #steps.#mergedAt = :at',
                ConditionExpression: '#status = :accepted',
                ExpressionAttributeNames: {
                  '#status': 'status',
                  '#merge': 'merge',
                  '#steps': 'steps',
                  '#mergedAt': 'mergedAt',
                },
                ExpressionAttributeValues: {
                  ':merged': 'merged',
                  ':accepted': 'accepted',
                  ':merge': change.merge,
                  ':at': change.mergedAt,
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...k.version(centerId, change.next.version), itemType: 'version', ...version },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            ...change.putAggregates.map((aggregate) => ({
              Put: {
                TableName: this.tableName,
                Item: {
                  ...k.aggregate(centerId, aggregate.quarter),
                  ...k.aggregateByQuarter(centerId, aggregate.quarter),
                  itemType: 'aggregate',
                  computedAtVersion: change.next.version,
                  ...encodeAggregate(aggregate),
                },
              },
            })),
            ...change.deleteQuarters.map((quarter) => ({
              Delete: { TableName: this.tableName, Key: k.aggregate(centerId, quarter) },
            })),
          ],
        }),
      );
    } catch (cause) {
      if (cause instanceof TransactionCanceledException) {
        const [pointer, ledger, versionItem] = (cause.CancellationReasons ?? []).map((r) => r.Code);
        if (ledger === 'ConditionalCheckFailed')
          throw new UploadAlreadyMergedError(change.uploadId, { cause });
        if (pointer === 'ConditionalCheckFailed' || versionItem === 'ConditionalCheckFailed') {
          throw new PointerVersionConflictError(centerId, change.expectedVersion, { cause });
        }
        // Two transactions on the same items at once: DynamoDB cancels one; it is a conflict like any other.
        if ((cause.CancellationReasons ?? []).some((r) => r.Code === 'TransactionConflict')) {
          throw new PointerVersionConflictError(centerId, change.expectedVersion, { cause });
        }
      }
      throw this.wrap('TransactWriteItems (pointer switch)', cause);
    }
  }

  /** All quarter aggregates of a center, in quarter order (strongly consistent). */
  async listAggregates(centerId: string): Promise<QuarterAggregate[]> {
    return (await this.queryCenter(centerId, k.aggregatePrefix)).map((item) =>
      decodeAggregate(strip<StoredAggregate>(item)),
    );
  }

  /** Every data-set version of a center, oldest first. */
  async listVersions(centerId: string): Promise<DataSetVersion[]> {
    return (await this.queryCenter(centerId, k.versionPrefix)).map((item) => strip<DataSetVersion>(item));
  }

  /** Completes an accepted upload as superseded (conditional on `accepted`; already completed is a no-op). */
  async supersedeUpload(uploadId: string, superseded: UploadSupersession): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: k.upload(uploadId),
          UpdateExpression: 'SET #status = :completed, #superseded = :superseded, #steps.#completedAt = :at',
          ConditionExpression: '#status = :accepted',
          ExpressionAttributeNames: {
            '#status': 'status',
            '#superseded': 'superseded',
            '#steps': 'steps',
            '#completedAt': 'completedAt',
          },
          ExpressionAttributeValues: {
            ':completed': 'completed',
            ':accepted': 'accepted',
            ':superseded': superseded,
            ':at': superseded.at,
          },
        }),
      );
    } catch (cause) {
      if (!isConditionFailure(cause)) throw this.wrap('UpdateItem (supersede upload)', cause);
      const entry = await this.getUpload(uploadId);
      if (entry?.status !== 'completed') {
        throw new RegistryStoreError(
          `Upload ${uploadId} cannot be completed as superseded: it is ${entry ? entry.status : 'not recorded'}.`,
          { cause },
        );
      }
    }
  }

  private async queryCenter(centerId: string, prefix: string): Promise<Item[]> {
    const items: Item[] = [];
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const out = await this.call('Query', () =>
        this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
            ExpressionAttributeValues: { ':pk': k.centerPartition(centerId), ':prefix': prefix },
            ConsistentRead: true,
            ExclusiveStartKey: start,
          }),
        ),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  private async call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (cause) {
      throw this.wrap(operation, cause);
    }
  }

  private wrap(operation: string, cause: unknown): RegistryStoreError {
    return new RegistryStoreError(
      `DynamoDB ${operation} on table ${this.tableName} failed: ${(cause as Error)?.message ?? String(cause)}`,
      { cause },
    );
  }
}
