import type { UploadMode } from './upload.js';

/** The center's current curated data set: the pointer and optimistic lock kept in DynamoDB. */
export interface CenterPointer {
  centerId: string;
  /** Starts at 1 with the first accepted upload; absent pointer = version 0, no runs. */
  version: number;
  /** Immutable key of the version's curated object in the data bucket. */
  curatedKey: string;
  /** The upload that produced this version. */
  uploadId: string;
  mode: UploadMode;
  runs: number;
  updatedAt: string;
  /**
   * The S3 event sequencer of the newest upload applied so far (absent when no applied upload carried one). An
   * upload whose event is older than what it would overwrite is superseded instead of merged (upload-order.ts).
   */
  sequencer?: string;
  /** The S3 event sequencer of the newest applied snapshot: upserts older than it are superseded too. */
  snapshotSequencer?: string;
}
