import type { UploadMode } from './upload.js';

/**
 * The verdict summary a center is sent after its upload was validated: status, counts and where the full
 * verdict is. It carries no row-level values (no run ids, cells or problem texts), so it is safe on any channel.
 */
export interface VerdictNotice {
  type: 'upload-verdict';
  centerId: string;
  uploadId: string;
  /** The uploaded object's key in the uploads bucket. */
  uploadKey: string;
  mode: UploadMode;
  /** `accepted` files are merged into the center's data set next; `rejected` ones change nothing. */
  status: 'accepted' | 'rejected';
  verdictStatus: 'green' | 'yellow' | 'red';
  counts: { rows: number; acceptedRows: number; rejectedRows: number; errors: number; warnings: number };
  /** Keys of the rendered verdict in the private data bucket. */
  links: { bucket: string; verdictJson: string; verdictHtml: string; problemsCsv: string };
  validatedAt: string;
}
