/**
 * In-memory implementations of the ports for the pipeline's unit tests. They keep the semantics the pipeline
 * relies on (create-once ledger entries, the pointer's conditional switch, all-or-nothing) so the unit tests
 * exercise the same retry and conflict paths as the integration tests against s3rver and DynamoDB Local.
 */
import {
  dataSetVersionOf,
  ObjectNotFoundError,
  PointerVersionConflictError,
  UploadAlreadyMergedError,
  type DataSetVersion,
  type ObjectBody,
  type ObjectRef,
  type ObjectStore,
  type PointerSwitch,
  type QuarterStalePublisher,
  type RegistryStore,
} from '../../../../shared/ports/index.js';
import type {
  CenterPointer,
  LedgerEntry,
  QuarterAggregate,
  QuarterStaleEvent,
  UploadSupersession,
} from '../../../../shared/ingest/index.js';

async function toBuffer(body: ObjectBody): Promise<Buffer> {
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof Uint8Array) return Buffer.from(body);
  const parts: Buffer[] = [];
  for await (const chunk of body)
    parts.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(parts);
}

export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, Buffer>();
  /** When each object was last written, as S3 reports LastModified. */
  readonly modified = new Map<string, Date>();

  async getStream(ref: ObjectRef) {
    const bytes = this.objects.get(`${ref.bucket}/${ref.key}`);
    if (!bytes) throw new ObjectNotFoundError(ref.bucket, ref.key);
    return {
      body: (async function* () {
        for (let i = 0; i < bytes.length; i += 4096) yield bytes.subarray(i, i + 4096);
      })(),
      contentLength: bytes.length,
      lastModified: this.modified.get(`${ref.bucket}/${ref.key}`)!,
    };
  }

  async put(ref: ObjectRef, body: ObjectBody) {
    this.objects.set(`${ref.bucket}/${ref.key}`, await toBuffer(body));
    this.modified.set(`${ref.bucket}/${ref.key}`, new Date());
    return {};
  }

  async head(ref: ObjectRef) {
    const bytes = this.objects.get(`${ref.bucket}/${ref.key}`);
    return bytes ? { contentLength: bytes.length } : undefined;
  }

  async *list(bucket: string, prefix: string) {
    for (const key of [...this.objects.keys()].sort()) {
      if (key.startsWith(`${bucket}/${prefix}`)) {
        yield { key: key.slice(bucket.length + 1), size: this.objects.get(key)!.length };
      }
    }
  }

  /** An object's text, for assertions. */
  text(bucket: string, key: string): string | undefined {
    return this.objects.get(`${bucket}/${key}`)?.toString('utf8');
  }
}

export class MemoryRegistryStore implements RegistryStore {
  readonly uploads = new Map<string, LedgerEntry>();
  readonly pointers = new Map<string, CenterPointer>();
  readonly aggregates = new Map<string, Map<string, QuarterAggregate>>();
  readonly versions: DataSetVersion[] = [];

  async getUpload(uploadId: string) {
    const entry = this.uploads.get(uploadId);
    return entry && structuredClone(entry);
  }

  async recordUpload(entry: LedgerEntry) {
    const existing = this.uploads.get(entry.uploadId);
    if (existing) return { created: false as const, existing: structuredClone(existing) };
    this.uploads.set(entry.uploadId, structuredClone(entry));
    return { created: true as const };
  }

  async listUploads(centerId: string) {
    // The Dynamo adapter's order: its index sort key is `${recordedAt}#${uploadId}`, read descending.
    const sortKey = (e: LedgerEntry) => `${e.steps.recordedAt ?? ''}#${e.uploadId}`;
    return [...this.uploads.values()]
      .filter((e) => e.centerId === centerId)
      .sort((a, b) => sortKey(b).localeCompare(sortKey(a)))
      .map((e) => structuredClone(e));
  }

  async markUpload(
    uploadId: string,
    update: { steps: LedgerEntry['steps']; status?: LedgerEntry['status'] },
  ) {
    const entry = this.uploads.get(uploadId)!;
    Object.assign(entry.steps, update.steps);
    if (update.status) entry.status = update.status;
  }

  async getPointer(centerId: string) {
    const pointer = this.pointers.get(centerId);
    return pointer && structuredClone(pointer);
  }

  async switchPointer(change: PointerSwitch) {
    const { centerId } = change.next;
    const entry = this.uploads.get(change.uploadId);
    if (entry && (entry.status === 'merged' || entry.status === 'completed')) {
      throw new UploadAlreadyMergedError(change.uploadId);
    }
    if ((this.pointers.get(centerId)?.version ?? 0) !== change.expectedVersion) {
      throw new PointerVersionConflictError(centerId, change.expectedVersion);
    }
    this.pointers.set(centerId, structuredClone(change.next));
    const byQuarter = this.aggregates.get(centerId) ?? new Map<string, QuarterAggregate>();
    for (const aggregate of change.putAggregates)
      byQuarter.set(aggregate.quarter, structuredClone(aggregate));
    for (const quarter of change.deleteQuarters) byQuarter.delete(quarter);
    this.aggregates.set(centerId, byQuarter);
    this.versions.push(dataSetVersionOf(change));
    if (entry) {
      entry.status = 'merged';
      entry.merge = structuredClone(change.merge);
      entry.steps.mergedAt = change.mergedAt;
    }
  }

  async listAggregates(centerId: string) {
    return [...(this.aggregates.get(centerId)?.values() ?? [])]
      .map((a) => structuredClone(a))
      .sort((a, b) => (a.quarter < b.quarter ? -1 : 1));
  }

  async listVersions(centerId: string) {
    return this.versions.filter((v) => v.centerId === centerId);
  }

  async supersedeUpload(uploadId: string, superseded: UploadSupersession) {
    const entry = this.uploads.get(uploadId);
    if (entry?.status === 'completed') return;
    if (entry?.status !== 'accepted') throw new Error(`Upload ${uploadId} is not accepted.`);
    entry.status = 'completed';
    entry.superseded = structuredClone(superseded);
    entry.steps.completedAt = superseded.at;
  }
}

export class CollectingPublisher implements QuarterStalePublisher {
  readonly events: QuarterStaleEvent[] = [];
  async publish(events: readonly QuarterStaleEvent[]) {
    this.events.push(...events);
  }
}
