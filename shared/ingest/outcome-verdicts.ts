/**
 * Verdicts for what happened to an upload after validation: superseded by a newer upload of its center, or not
 * processed at all because every delivery of its event failed. Both keep the validation's findings (when there
 * are any) and add one file-level problem that says what happened and what the center can do.
 */
import { ingestFailedRule, supersededRule } from '../validation/verdict-kind.js';
import type { Problem, Verdict } from '../validation/verdict-schema.js';
import { fileProblem } from '../validation/problem-collector.js';
import { fileRejection } from './center-rejection-verdict.js';

// The rule ids live with the verdict kinds they decide (shared/validation/verdict-kind.ts).
export { ingestFailedRule, supersededRule };

/** Adds (or, when the rule is there already, replaces) one file-level problem and sets the status. */
function withProblem(verdict: Verdict, problem: Problem, status: Verdict['status']): Verdict {
  const seen = (verdict.summary.ruleCounts[problem.rule] ?? 0) > 0;
  const error = !seen && problem.severity === 'error';
  const warning = !seen && problem.severity === 'warning';
  return {
    ...verdict,
    status,
    accepted: status !== 'red',
    problems: [problem, ...verdict.problems.filter((p) => p.rule !== problem.rule)],
    summary: {
      ...verdict.summary,
      acceptedRows: status === 'red' ? 0 : verdict.summary.acceptedRows,
      errors: verdict.summary.errors + (error ? 1 : 0),
      warnings: verdict.summary.warnings + (warning ? 1 : 0),
      // A file-level rule occurs once per file, so its count is 1 whether it was there before or not.
      ruleCounts: { ...verdict.summary.ruleCounts, [problem.rule]: 1 },
    },
  };
}

/**
 * The verdict of a valid upload that was not applied because a newer upload of its center already was: the
 * validation verdict with a file-level warning (so at least yellow). Nothing in the registry changed.
 */
export function supersededVerdict(
  verdict: Verdict,
  context: { centerId: string; key: string; newerUploadId: string },
): Verdict {
  return withProblem(
    verdict,
    fileProblem(supersededRule, 'warning', {
      key: context.key,
      center: context.centerId,
      newerUploadId: context.newerUploadId,
    }),
    'yellow',
  );
}

/**
 * The verdict of an upload whose every delivery failed, written before its event goes to the dead-letter queue:
 * red, with a file-level error saying it could not be processed, that the registry team is alerted, and what the
 * center can do. `previous` is the validation verdict when one was written; its findings are kept.
 */
export function failedIngestVerdict(
  previous: Verdict | undefined,
  context: {
    centerId: string | null;
    key: string;
    uploadId: string;
    attempts: number;
    bytes: number;
    reason: string;
  },
): Verdict {
  const problem = fileProblem(ingestFailedRule, 'error', {
    key: context.key,
    attempts: context.attempts,
    reason: context.reason,
    uploadId: context.uploadId,
  });
  if (!previous) return fileRejection(problem, context.centerId, context.bytes);
  return withProblem(previous, problem, 'red');
}
