import type { Problem, Verdict } from '../validation/verdict-schema.js';

/** Why an upload was rejected before its content was read. */
export type CenterRejection = 'unroutable-key' | 'unknown-center' | 'inactive-center';

function rejectionMessage(reason: CenterRejection, key: string, centerId: string | null): string {
  switch (reason) {
    case 'unroutable-key':
      return `The file ${key} is not under uploads/{centerId}/; upload it to your center's folder, e.g. uploads/C001/runs.csv.`;
    case 'unknown-center':
      return `Center ${centerId} is not a registry center; check the folder name, or ask the registry to onboard the center.`;
    case 'inactive-center':
      return `Center ${centerId} is not active in the registry, so its uploads are not accepted; contact the registry office.`;
  }
}

/** A red verdict with one file-level problem (no row read). */
export function fileRejection(
  rule: string,
  message: string,
  centerId: string | null,
  bytes: number,
): Verdict {
  const problem: Problem = {
    scope: 'file',
    row: null,
    column: null,
    value: null,
    rule,
    severity: 'error',
    message,
    runId: null,
  };
  return {
    status: 'red',
    accepted: false,
    centerId,
    rows: 0,
    problems: [problem],
    problemsTruncated: false,
    summary: {
      rows: 0,
      acceptedRows: 0,
      rowsWithErrors: 0,
      errors: 1,
      warnings: 0,
      ruleCounts: { [rule]: 1 },
      completeness: 0,
      completenessThreshold: 0,
      columns: [],
      encoding: null,
      delimiter: null,
      bytes,
    },
  };
}

/**
 * The verdict of an upload whose key names no known, active center: rejected with a file-level problem that
 * says what to do, so the upload is answered rather than dropped.
 */
export function centerRejectionVerdict(
  reason: CenterRejection,
  context: { key: string; centerId: string | null; bytes: number },
): Verdict {
  return fileRejection(
    reason,
    rejectionMessage(reason, context.key, context.centerId),
    context.centerId,
    context.bytes,
  );
}

/**
 * Turns an accepted verdict into a rejection when rows claim another center. The validator checks this itself;
 * the pipeline re-checks because writing one center's runs into another's data set is the one mistake it must
 * never make.
 */
export function foreignRowsVerdict(verdict: Verdict, centerId: string, foreignRows: number): Verdict {
  const rule = 'center-mismatch';
  const message =
    `${foreignRows} row(s) carry a center_id other than ${centerId}, the center of the upload folder; ` +
    'a center uploads only its own runs. Correct center_id or upload to the right folder.';
  const problem: Problem = {
    scope: 'file',
    row: null,
    column: 'center_id',
    value: null,
    rule,
    severity: 'error',
    message,
    runId: null,
  };
  return {
    ...verdict,
    status: 'red',
    accepted: false,
    problems: [problem, ...verdict.problems],
    summary: {
      ...verdict.summary,
      acceptedRows: 0,
      errors: verdict.summary.errors + 1,
      ruleCounts: { ...verdict.summary.ruleCounts, [rule]: (verdict.summary.ruleCounts[rule] ?? 0) + 1 },
    },
  };
}
