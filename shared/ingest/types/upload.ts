import type { Quarter } from './quarter-aggregate.js';

/** `upsert` adds or updates runs by run id; `snapshot` replaces all of the center's runs. */
export type UploadMode = 'upsert' | 'snapshot';

/** Where an upload stands in the ledger. `rejected` and `completed` are final. */
export type UploadStatus = 'rejected' | 'accepted' | 'merged' | 'completed';

/** The ledger's step timestamps (ISO 8601), one per step reached. */
export interface UploadStepTimes {
  validatedAt?: string;
  verdictWrittenAt?: string;
  recordedAt?: string;
  mergedAt?: string;
  completedAt?: string;
}

/** What an accepted upload did to its center's data set. */
export interface UploadMergeOutcome {
  /** The data set version the upload created. */
  version: number;
  curatedKey: string;
  added: number;
  updated: number;
  removed: number;
  unchanged: number;
  runs: number;
  affectedQuarters: Quarter[];
}

/** One upload in the ledger. */
export interface LedgerEntry {
  uploadId: string;
  /** The center from the key, or null when the key names none. */
  centerId: string | null;
  bucket: string;
  key: string;
  versionId: string | null;
  /** sha256 of the object's bytes, hex. */
  checksum: string;
  bytes: number;
  mode: UploadMode;
  status: UploadStatus;
  verdictStatus: 'green' | 'yellow' | 'red';
  rows: number;
  acceptedRows: number;
  rejectedRows: number;
  errors: number;
  warnings: number;
  /** Prefix of verdict.json, verdict.html and problems.csv in the data bucket. */
  verdictPrefix: string;
  steps: UploadStepTimes;
  merge?: UploadMergeOutcome;
  /** The S3 event sequencer of the upload's ObjectCreated event, when the event carried one. */
  sequencer?: string;
  /** Set when a newer upload of the center was already applied, so this one changed nothing (status `completed`). */
  superseded?: UploadSupersession;
}

/** Why an accepted upload was not merged: the center's data set already reflects a newer upload. */
export interface UploadSupersession {
  /** The upload that made the center's current data set newer than this one. */
  byUploadId: string;
  /** The sequencer the pointer held (newer than this upload's). */
  currentSequencer: string;
  at: string;
}
