/**
 * Collects an upload's problems: every one is counted (per rule and per severity), and the first `limit` are
 * kept with their details. File-level problems are kept apart from row and cell problems and listed first, so a
 * file-level reason (a missing column, too many rows) is never pushed out of the list by a flood of bad cells.
 * Parameters may be given lazily so a file with a million bad rows does not build a million messages that would
 * be cut anyway.
 */
import type { Problem, ProblemScope } from './verdict-schema.js';
import type { Severity } from '../dictionary/index.js';
import { renderProblemMessage } from '../i18n/problem-messages.js';
import type { ProblemParams, ProblemRule, StoredParams } from './problem-rules.js';

/** Longest value echoed back in a problem. */
export const MAX_ECHOED_VALUE = 80;

/** Cuts a value to at most 80 characters, marking the cut with an ellipsis. */
export function truncateValue(value: string): string {
  return value.length <= MAX_ECHOED_VALUE ? value : `${value.slice(0, MAX_ECHOED_VALUE - 1)}…`;
}

export class ProblemCollector {
  readonly ruleCounts = new Map<string, number>();
  errors = 0;
  warnings = 0;
  truncated = false;
  private readonly fileProblems: Problem[] = [];
  private readonly rowProblems: Problem[] = [];

  constructor(private readonly limit: number) {}

  /** Counts a problem and keeps it while under the limit; its English message is rendered from `params`. */
  add<R extends ProblemRule>(
    scope: ProblemScope,
    row: number | null,
    column: string | null,
    value: string | null,
    rule: R,
    severity: Severity,
    params: ProblemParams[R] | (() => ProblemParams[R]),
  ): void {
    this.ruleCounts.set(rule, (this.ruleCounts.get(rule) ?? 0) + 1);
    if (severity === 'error') this.errors++;
    else this.warnings++;
    const list = scope === 'file' ? this.fileProblems : this.rowProblems;
    if (list.length >= this.limit) {
      this.truncated = true;
      return;
    }
    const resolved = typeof params === 'function' ? (params as () => ProblemParams[R])() : params;
    list.push({
      scope,
      row,
      column,
      value: value === null ? null : truncateValue(value),
      rule,
      severity,
      message: renderProblemMessage(rule, resolved, 'en'),
      params: resolved as StoredParams,
      runId: null,
    });
  }

  /** How many row and cell problems are kept so far: a row notes it before its checks, for {@link setRunId}. */
  get keptRowProblems(): number {
    return this.rowProblems.length;
  }

  /** Sets the run id of the row and cell problems kept since `from` (the count when the row started). */
  setRunId(from: number, runId: string | null): void {
    for (let i = from; i < this.rowProblems.length; i++) this.rowProblems[i]!.runId = runId;
  }

  /**
   * The kept problems, at most `limit`: file-level problems first (those without a line, then by line), then row
   * and cell problems by line, each stable within a line. Row problems past the limit are cut.
   */
  sorted(): Problem[] {
    const byRow = (list: Problem[]) =>
      list
        .map((p, i) => ({ p, i }))
        .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
        .map(({ p }) => p);
    const all = [...byRow(this.fileProblems), ...byRow(this.rowProblems)];
    if (all.length > this.limit) {
      this.truncated = true;
      all.length = this.limit;
    }
    return all;
  }
}

/**
 * A file-level problem with no line, column or value, its English message rendered from `params`: for the
 * problems the ingest pipeline adds to a verdict after validation.
 */
export function fileProblem<R extends ProblemRule>(
  rule: R,
  severity: Severity,
  params: ProblemParams[R],
  column: string | null = null,
): Problem {
  return {
    scope: 'file',
    row: null,
    column,
    value: null,
    rule,
    severity,
    message: renderProblemMessage(rule, params, 'en'),
    params: params as StoredParams,
    runId: null,
  };
}
