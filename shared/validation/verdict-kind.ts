/**
 * What a verdict means for the center, beyond its colour: a red verdict may reject the center's file (fix it and
 * upload again) or say the registry could not process the upload at all (nothing to fix in the file), and a
 * yellow one may be a valid upload that was not applied because a newer one was. Pages and texts choose their
 * banner from the kind, so a center is never told to correct a file that had no errors.
 */
import type { Verdict } from './verdict-schema.js';

/** The rule id of the note on a superseded upload. */
export const supersededRule = 'superseded' as const;
/** The rule id of the problem on an upload that could not be processed. */
export const ingestFailedRule = 'ingest-failed' as const;

/**
 * accepted: green; accepted-with-warnings: yellow; rejected: red because of the file (or its folder);
 * failed: red because every attempt to process it failed; superseded: valid, but a newer upload was applied first.
 */
export type VerdictKind = 'accepted' | 'accepted-with-warnings' | 'rejected' | 'failed' | 'superseded';

/** The kind of a verdict, read from its status and its file-level rule counts (exact even when problems are cut). */
export function verdictKind(verdict: Verdict): VerdictKind {
  const counts = verdict.summary.ruleCounts;
  if ((counts[ingestFailedRule] ?? 0) > 0) return 'failed';
  if (verdict.status === 'red') return 'rejected';
  if ((counts[supersededRule] ?? 0) > 0) return 'superseded';
  return verdict.status === 'green' ? 'accepted' : 'accepted-with-warnings';
}
