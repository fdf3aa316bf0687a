import type { Problem, Verdict } from '../validation/verdict-schema.js';
import { fileProblem } from '../validation/problem-collector.js';

/** Why an upload was rejected before its content was read. */
export type CenterRejection = 'unroutable-key' | 'unknown-center' | 'inactive-center';

/** The rejection as a file-level problem; its wording is in shared/i18n/problem-messages.ts. */
function rejectionProblem(reason: CenterRejection, key: string, centerId: string | null): Problem {
  const center = centerId ?? '';
  switch (reason) {
    case 'unroutable-key':
      return fileProblem(reason, 'error', { key });
    case 'unknown-center':
      return fileProblem(reason, 'error', { center, via: 'folder' });
    case 'inactive-center':
      return fileProblem(reason, 'error', { center });
  }
}

/** A red verdict with one file-level error (no row read). */
export function fileRejection(problem: Problem, centerId: string | null, bytes: number): Verdict {
  const { rule } = problem;
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
    rejectionProblem(reason, context.key, context.centerId),
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
  const problem = fileProblem(
    rule,
    'error',
    { kind: 'rows', count: foreignRows, expected: centerId },
    'center_id',
  );
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
