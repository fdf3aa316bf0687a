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
}
