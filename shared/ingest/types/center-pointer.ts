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
}
