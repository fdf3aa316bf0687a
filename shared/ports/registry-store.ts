/** The registry store port: the upload ledger, each center's data-set pointer, and the quarter aggregates. */
import type {
  CenterPointer,
  LedgerEntry,
  Quarter,
  QuarterAggregate,
  UploadMergeOutcome,
  UploadStepTimes,
  UploadSupersession,
} from '../ingest/types/index.js';

/** Everything that changes, all or nothing, when an accepted upload becomes the center's current data. */
export interface PointerSwitch {
  /** The version read before merging; the switch fails with PointerVersionConflictError if it has moved. */
  expectedVersion: number;
  /** The new pointer (version = expectedVersion + 1). */
  next: CenterPointer;
  /** Quarters whose aggregates changed or appeared. */
  putAggregates: QuarterAggregate[];
  /** Quarters that no longer have any run. */
  deleteQuarters: Quarter[];
  /** The ledger entry moves to `merged` with this outcome, unless it is merged already. */
  uploadId: string;
  merge: UploadMergeOutcome;
  mergedAt: string;
}

/** A past data-set version, kept so every prior state stays recoverable. */
export interface DataSetVersion {
  centerId: string;
  version: number;
  curatedKey: string;
  uploadId: string;
  mode: CenterPointer['mode'];
  runs: number;
  createdAt: string;
}

export interface RegistryStore {
  /** The ledger entry of an upload; undefined when it was never recorded. */
  getUpload(uploadId: string): Promise<LedgerEntry | undefined>;
  /**
   * Records a new upload unless its id is recorded already; in that case returns the existing entry untouched.
   */
  recordUpload(entry: LedgerEntry): Promise<{ created: true } | { created: false; existing: LedgerEntry }>;
  /** Stamps step times (and optionally a new status) on a recorded upload. */
  markUpload(
    uploadId: string,
    update: { steps: UploadStepTimes; status?: LedgerEntry['status'] },
  ): Promise<void>;
  /** The center's current pointer; undefined before its first accepted upload. */
  getPointer(centerId: string): Promise<CenterPointer | undefined>;
  /**
   * Atomically: moves the pointer from `expectedVersion` to `next`, records the version, puts and deletes the
   * aggregates, and marks the upload merged.
   * @throws {PointerVersionConflictError} when the pointer is no longer at `expectedVersion`.
   * @throws {UploadAlreadyMergedError} when the upload is merged already.
   * @throws {TransactionTooLargeError} when the switch exceeds one transaction.
   */
  switchPointer(change: PointerSwitch): Promise<void>;
  /** All quarter aggregates of a center, in quarter order. */
  listAggregates(centerId: string): Promise<QuarterAggregate[]>;
  /** Every data-set version of a center, oldest first. */
  listVersions(centerId: string): Promise<DataSetVersion[]>;
  /**
   * Completes an accepted upload without merging it, because a newer upload of its center was applied first:
   * status `completed`, the supersession recorded, `completedAt` stamped. A no-op when the upload is already
   * completed (a redelivery).
   */
  supersedeUpload(uploadId: string, superseded: UploadSupersession): Promise<void>;
}
