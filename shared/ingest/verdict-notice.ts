import type { Verdict } from '../validation/verdict-schema.js';
import type { UploadMode, VerdictNotice } from './types/index.js';

/**
 * The verdict summary sent to a center: the verdict's status and counts and the keys of its rendered files.
 * Only the summary counts are read from the verdict, never its problems, so no row-level value leaves.
 * @example verdictNotice({ centerId: 'C001', uploadId, uploadKey, mode: 'upsert', verdict, dataBucket, verdictPrefix, validatedAt })
 */
export function verdictNotice(input: {
  centerId: string;
  uploadId: string;
  uploadKey: string;
  mode: UploadMode;
  verdict: Verdict;
  dataBucket: string;
  verdictPrefix: string;
  validatedAt: string;
}): VerdictNotice {
  const { verdict, verdictPrefix } = input;
  return {
    type: 'upload-verdict',
    centerId: input.centerId,
    uploadId: input.uploadId,
    uploadKey: input.uploadKey,
    mode: input.mode,
    status: verdict.accepted ? 'accepted' : 'rejected',
    verdictStatus: verdict.status,
    counts: {
      rows: verdict.summary.rows,
      acceptedRows: verdict.accepted ? verdict.summary.acceptedRows : 0,
      rejectedRows: verdict.accepted ? 0 : verdict.summary.rows,
      errors: verdict.summary.errors,
      warnings: verdict.summary.warnings,
    },
    links: {
      bucket: input.dataBucket,
      verdictJson: `${verdictPrefix}verdict.json`,
      verdictHtml: `${verdictPrefix}verdict.html`,
      problemsCsv: `${verdictPrefix}problems.csv`,
    },
    validatedAt: input.validatedAt,
  };
}
