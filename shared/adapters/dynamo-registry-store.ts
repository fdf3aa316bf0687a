import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type {
  CenterPointer,
  LedgerEntry,
  QuarterAggregate,
  UploadStepTimes,
  UploadSupersession,
} from '../ingest/types/index.js';
import {
  dataSetVersionOf,
  PointerVersionConflictError,
  PublicationLeaseLostError,
  RegistryStoreError,
  TransactionTooLargeError,
  UploadAlreadyMergedError,
  type DataSetVersion,
  type PointerSwitch,
  type PublicationCommit,
  type PublicationLeaseClaim,
  type PublicationLeaseOutcome,
  type PublicationStore,
  type QuarterPublication,
  type RegistryStore,
  type VersionReservation,
} from '../ports/index.js';
import { table } from '../config/resources.js';
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

/** Why each item of a cancelled transaction failed, in the order of its items (`None` where it did not fail). */
function cancellationCodes(cause: TransactionCanceledException): (string | undefined)[] {
  return (cause.CancellationReasons ?? []).map((reason) => reason.Code);
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
export class DynamoRegistryStore implements RegistryStore, PublicationStore {
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

  /** A center's ledger entries, latest first: Query gsi1 `UPLOADS#{centerId}` descending (eventually consistent). */
  async listUploads(centerId: string): Promise<LedgerEntry[]> {
    const { gsi1pk } = k.uploadByCenter(centerId, '', '');
    const items = await this.queryAll('Query (uploads of a center)', {
      IndexName: table.gsi1.name,
      KeyConditionExpression: `${table.gsi1.partitionKey} = :pk`,
      ExpressionAttributeValues: { ':pk': gsi1pk },
      ScanIndexForward: false,
    });
    return items.map((item) => strip<LedgerEntry>(item));
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
    try {
      await this.transactWrite([
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
            Item: {
              ...k.version(centerId, change.next.version),
              itemType: 'version',
              ...dataSetVersionOf(change),
            },
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
      ]);
    } catch (cause) {
      if (cause instanceof TransactionCanceledException) {
        const codes = cancellationCodes(cause);
        const [pointer, ledger, versionItem] = codes;
        if (ledger === 'ConditionalCheckFailed')
          throw new UploadAlreadyMergedError(change.uploadId, { cause });
        if (pointer === 'ConditionalCheckFailed' || versionItem === 'ConditionalCheckFailed') {
          throw new PointerVersionConflictError(centerId, change.expectedVersion, { cause });
        }
        // Two transactions on the same items at once: DynamoDB cancels one; it is a conflict like any other.
        if (codes.includes('TransactionConflict')) {
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

  private queryCenter(centerId: string, prefix: string): Promise<Item[]> {
    return this.queryAll('Query', {
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': k.centerPartition(centerId), ':prefix': prefix },
      ConsistentRead: true,
    });
  }

  /** Every page of one Query on the table. */
  private async queryAll(
    operation: string,
    input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>,
  ): Promise<Item[]> {
    const items: Item[] = [];
    let start: QueryCommandInput['ExclusiveStartKey'];
    do {
      const out = await this.call(operation, () =>
        this.client.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start })),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /** One TransactWriteItems call: the items are written all or nothing. */
  private async transactWrite(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<void> {
    await this.client.send(new TransactWriteCommand({ TransactItems: items }));
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

  // Report publication (PublicationStore): items in the one partition PUBLICATION, see registry-item-keys.ts.

  /** Reads a quarter's publication state (strongly consistent). */
  async getPublication(quarter: string): Promise<QuarterPublication | undefined> {
    const out = await this.call('GetItem (publication)', () =>
      this.client.send(
        new GetCommand({ TableName: this.tableName, Key: k.publication(quarter), ConsistentRead: true }),
      ),
    );
    return out.Item ? toPublication(quarter, out.Item) : undefined;
  }

  /** Adds one to the quarter's version counter (created at `seedVersion`) unless the quarter is final. */
  async reservePublicationVersion(quarter: string, seedVersion: number): Promise<VersionReservation> {
    try {
      const out = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: k.publication(quarter),
          UpdateExpression:
            'SET #last = if_not_exists(#last, :seed) + :one, #quarter = :quarter, #itemType = :itemType',
          ConditionExpression: 'attribute_not_exists(#status) OR #status <> :final',
          ExpressionAttributeNames: {
            '#last': 'lastReserved',
            '#quarter': 'quarter',
            '#itemType': 'itemType',
            '#status': 'status',
          },
          ExpressionAttributeValues: {
            ':seed': seedVersion,
            ':one': 1,
            ':quarter': quarter,
            ':itemType': 'publication',
            ':final': 'final',
          },
          ReturnValues: 'UPDATED_NEW',
        }),
      );
      return { outcome: 'reserved', version: Number(out.Attributes?.lastReserved) };
    } catch (cause) {
      if (!isConditionFailure(cause)) throw this.wrap('UpdateItem (publication version)', cause);
      return { outcome: 'final', publication: await this.readPublication(quarter, cause) };
    }
  }

  /** Takes the lease and checks the quarter's state in one transaction. */
  async claimPublicationLease(claim: PublicationLeaseClaim): Promise<PublicationLeaseOutcome> {
    const expiresAt = claim.nowMs + claim.leaseMs;
    try {
      await this.transactWrite([
        {
          Update: {
            TableName: this.tableName,
            Key: k.publicationLease(),
            UpdateExpression:
              'SET #owner = :owner, #expiresAt = :expiresAt, #quarter = :quarter, #version = :version, ' +
              '#itemType = :itemType',
            ConditionExpression: 'attribute_not_exists(#owner) OR #expiresAt < :now OR #owner = :owner',
            ExpressionAttributeNames: {
              '#owner': 'owner',
              '#expiresAt': 'expiresAt',
              '#quarter': 'quarter',
              '#version': 'version',
              '#itemType': 'itemType',
            },
            ExpressionAttributeValues: {
              ':owner': claim.owner,
              ':expiresAt': expiresAt,
              ':now': claim.nowMs,
              ':quarter': claim.quarter,
              ':version': claim.version,
              ':itemType': 'publication-lease',
            },
          },
        },
        {
          ConditionCheck: {
            TableName: this.tableName,
            Key: k.publication(claim.quarter),
            ...publicationCondition(claim),
          },
        },
      ]);
      return { outcome: 'acquired', expiresAt };
    } catch (cause) {
      if (!(cause instanceof TransactionCanceledException)) {
        throw this.wrap('TransactWriteItems (publication lease)', cause);
      }
      const codes = cancellationCodes(cause);
      const [lease, quarter] = codes;
      if (quarter === 'ConditionalCheckFailed') {
        const publication = await this.readPublication(claim.quarter, cause);
        return { outcome: publication.current?.status === 'final' ? 'final' : 'superseded', publication };
      }
      if (lease === 'ConditionalCheckFailed') {
        const out = await this.call('GetItem (publication lease)', () =>
          this.client.send(
            new GetCommand({ TableName: this.tableName, Key: k.publicationLease(), ConsistentRead: true }),
          ),
        );
        // Released between the claim and this read: free now, so the claim may be tried again at once.
        return {
          outcome: 'held',
          owner: String(out.Item?.owner ?? ''),
          expiresAt: Number(out.Item?.expiresAt ?? claim.nowMs),
        };
      }
      // Another claim or commit on the same items at that moment: DynamoDB cancels one; try again shortly.
      if (codes.includes('TransactionConflict')) {
        return { outcome: 'held', owner: '', expiresAt: claim.nowMs };
      }
      throw this.wrap('TransactWriteItems (publication lease)', cause);
    }
  }

  /** Extends the owner's lease to `nowMs + leaseMs`. */
  async renewPublicationLease(owner: string, nowMs: number, leaseMs: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: k.publicationLease(),
          UpdateExpression: 'SET #expiresAt = :expiresAt',
          ConditionExpression: '#owner = :owner',
          ExpressionAttributeNames: { '#owner': 'owner', '#expiresAt': 'expiresAt' },
          ExpressionAttributeValues: { ':owner': owner, ':expiresAt': nowMs + leaseMs },
        }),
      );
      return true;
    } catch (cause) {
      if (isConditionFailure(cause)) return false;
      throw this.wrap('UpdateItem (publication lease renewal)', cause);
    }
  }

  /** Records the committed publication and releases the lease in one transaction. */
  async commitPublication(commit: PublicationCommit): Promise<void> {
    const { quarter, claim, current } = commit;
    const condition = publicationCondition(claim);
    try {
      await this.transactWrite([
        {
          Update: {
            TableName: this.tableName,
            Key: k.publication(quarter),
            UpdateExpression: 'SET #version = :version, #status = :status, #generatedAt = :generatedAt',
            ConditionExpression: condition.ConditionExpression,
            ExpressionAttributeNames: {
              ...condition.ExpressionAttributeNames,
              '#version': 'version',
              '#status': 'status',
              '#generatedAt': 'generatedAt',
            },
            ExpressionAttributeValues: {
              ...condition.ExpressionAttributeValues,
              ':version': current.version,
              ':status': current.status,
              ':generatedAt': current.generatedAt,
            },
          },
        },
        { Update: this.leaseRelease(claim.owner) },
      ]);
    } catch (cause) {
      if (cause instanceof TransactionCanceledException) {
        throw new PublicationLeaseLostError(
          `${quarter}: the build of v${claim.version} no longer holds the publication lease, or the quarter was ` +
            'committed by another build meanwhile; its pointers may have been switched again by that build. ' +
            'Run the report again to publish a new version.',
          { cause },
        );
      }
      throw this.wrap('TransactWriteItems (publication commit)', cause);
    }
  }

  /** Releases the owner's lease; does nothing when another build holds it. */
  async releasePublicationLease(owner: string): Promise<void> {
    try {
      await this.client.send(new UpdateCommand(this.leaseRelease(owner)));
    } catch (cause) {
      if (!isConditionFailure(cause)) throw this.wrap('UpdateItem (publication lease release)', cause);
    }
  }

  /** The update that releases the lease: removes its owner and expiry, on condition that `owner` holds it. */
  private leaseRelease(owner: string) {
    return {
      TableName: this.tableName,
      Key: k.publicationLease(),
      UpdateExpression: 'REMOVE #owner, #expiresAt',
      ConditionExpression: '#owner = :owner',
      ExpressionAttributeNames: { '#owner': 'owner', '#expiresAt': 'expiresAt' },
      ExpressionAttributeValues: { ':owner': owner },
    };
  }

  private async readPublication(quarter: string, cause: unknown): Promise<QuarterPublication> {
    const publication = await this.getPublication(quarter);
    if (!publication) {
      throw new RegistryStoreError(
        `The publication record of ${quarter} failed its condition but cannot be read from table ${this.tableName}.`,
        { cause },
      );
    }
    return publication;
  }
}

/**
 * The condition a quarter's publication item must meet for a claim (and its commit): never over a final
 * publication; a provisional build also only over an older version.
 */
function publicationCondition(claim: Pick<PublicationLeaseClaim, 'version' | 'status'>): {
  ConditionExpression: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
} {
  const notFinal = 'attribute_exists(#pk) AND (attribute_not_exists(#status) OR #status <> :final)';
  return claim.status === 'final'
    ? {
        ConditionExpression: notFinal,
        ExpressionAttributeNames: { '#pk': 'pk', '#status': 'status' },
        ExpressionAttributeValues: { ':final': 'final' },
      }
    : {
        ConditionExpression: `${notFinal} AND (attribute_not_exists(#version) OR #version < :claimed)`,
        ExpressionAttributeNames: { '#pk': 'pk', '#status': 'status', '#version': 'version' },
        ExpressionAttributeValues: { ':final': 'final', ':claimed': claim.version },
      };
}

/** A publication item as the port returns it. */
function toPublication(quarter: string, item: Item): QuarterPublication {
  const publication: QuarterPublication = { quarter, lastReserved: Number(item.lastReserved ?? 0) };
  if (item.status === 'provisional' || item.status === 'final') {
    publication.current = {
      version: Number(item.version),
      status: item.status,
      generatedAt: String(item.generatedAt),
    };
  }
  return publication;
}
