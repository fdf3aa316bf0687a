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
import { RegistryStoreError } from './errors.js';

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

/** The version record a pointer switch creates: the new pointer's version, stamped with the merge time. */
export function dataSetVersionOf(change: PointerSwitch): DataSetVersion {
  const { centerId, version, curatedKey, mode, runs } = change.next;
  return { centerId, version, curatedKey, uploadId: change.uploadId, mode, runs, createdAt: change.mergedAt };
}

export interface RegistryStore {
  /** The ledger entry of an upload; undefined when it was never recorded. */
  getUpload(uploadId: string): Promise<LedgerEntry | undefined>;
  /**
   * Records a new upload unless its id is recorded already; in that case returns the existing entry untouched.
   */
  recordUpload(entry: LedgerEntry): Promise<{ created: true } | { created: false; existing: LedgerEntry }>;
  /**
   * Every ledger entry of a center, latest first (by the time it was recorded). Read from an index, so an upload
   * recorded a moment ago may be missing; status views only, never a decision.
   */
  listUploads(centerId: string): Promise<LedgerEntry[]>;
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

// ---------------------------------------------------------------------------------------------------------------
// Report publication: which version of a quarter's report is current, and who may switch the pointers.
// ---------------------------------------------------------------------------------------------------------------

/** Whether a published report may still change. */
export type PublicationStatus = 'provisional' | 'final';

/** The version of a quarter's report that readers are pointed at. */
export interface CommittedPublication {
  version: number;
  status: PublicationStatus;
  generatedAt: string;
}

/** A quarter's publication state. */
export interface QuarterPublication {
  quarter: string;
  /** The highest version number handed out so far; every build gets its own. */
  lastReserved: number;
  /** Undefined until a build has committed. */
  current?: CommittedPublication;
}

/** A build's own version number, or the final publication that makes a new build pointless. */
export type VersionReservation =
  { outcome: 'reserved'; version: number } | { outcome: 'final'; publication: QuarterPublication };

/** A request for the publication lease: the right to switch the site pointers, held by one build at a time. */
export interface PublicationLeaseClaim {
  quarter: string;
  /** The claiming build's reserved version. */
  version: number;
  /** The claiming build's status: a final build may replace any provisional version, a provisional one only older. */
  status: PublicationStatus;
  /** Unique per build. */
  owner: string;
  /** Epoch milliseconds now, and how long the lease lasts unless renewed. */
  nowMs: number;
  leaseMs: number;
}

/** The answer to a lease claim. */
export type PublicationLeaseOutcome =
  | { outcome: 'acquired'; expiresAt: number }
  /** Another build holds an unexpired lease; try again after `expiresAt` at the latest. */
  | { outcome: 'held'; owner: string; expiresAt: number }
  /** The quarter is final: nothing may be switched. */
  | { outcome: 'final'; publication: QuarterPublication }
  /** A provisional build whose version is not newer than the current one. */
  | { outcome: 'superseded'; publication: QuarterPublication };

/** What the lease holder records once every pointer is switched. */
export interface PublicationCommit {
  quarter: string;
  /** The holder's claim (its reserved version and status decide the condition, as for the claim). */
  claim: Pick<PublicationLeaseClaim, 'version' | 'status' | 'owner'>;
  /** The committee site's pointer as it now stands. */
  current: CommittedPublication;
}

/**
 * The publication records of the quarterly reports. The decisive checks are atomic in the store: a version
 * number is handed out once, and the pointers are switched only by the holder of an unexpired lease whose claim
 * the quarter's state allows (never over a final publication, never back to an older provisional version).
 */
export interface PublicationStore {
  /** The quarter's publication state (strongly consistent); undefined before the first reservation. */
  getPublication(quarter: string): Promise<QuarterPublication | undefined>;
  /**
   * Hands out the quarter's next version number unless the quarter is final. `seedVersion` is the highest version
   * already published before the store kept count (read from the site), used only when the quarter has no record.
   */
  reservePublicationVersion(quarter: string, seedVersion: number): Promise<VersionReservation>;
  /** Takes the lease if it is free, expired or the owner's own, and the quarter's state allows the claim. */
  claimPublicationLease(claim: PublicationLeaseClaim): Promise<PublicationLeaseOutcome>;
  /** Extends the owner's lease; false when the owner has lost it. */
  renewPublicationLease(owner: string, nowMs: number, leaseMs: number): Promise<boolean>;
  /**
   * Records the committed publication and releases the lease, in one transaction.
   * @throws {PublicationLeaseLostError} when the owner no longer holds the lease or the quarter's state has moved.
   */
  commitPublication(commit: PublicationCommit): Promise<void>;
  /** Releases the owner's lease without committing (a failed build); no-op when it is not the owner's. */
  releasePublicationLease(owner: string): Promise<void>;
}

/** The build lost the publication lease (it expired and another build took it) before it committed. */
export class PublicationLeaseLostError extends RegistryStoreError {
  override readonly name = 'PublicationLeaseLostError';
}
