/**
 * Collects an upload's problems: every one is counted (per rule and per severity), and the first `limit` are
 * kept with their details. Messages may be given lazily so a file with a million bad rows does not build a
 * million messages that would be cut anyway.
 */
import type { Problem, ProblemScope } from './verdict-schema.js';
import type { Severity } from '../dictionary/index.js';

/** Longest value echoed back in a problem. */
export const MAX_ECHOED_VALUE = 80;

/** Cuts a value to at most 80 characters, marking the cut with an ellipsis. */
export function truncateValue(value: string): string {
  return value.length <= MAX_ECHOED_VALUE ? value : `${value.slice(0, MAX_ECHOED_VALUE - 1)}…`;
}

export class ProblemCollector {
  readonly problems: Problem[] = [];
  readonly ruleCounts = new Map<string, number>();
  errors = 0;
  warnings = 0;
  truncated = false;

  constructor(private readonly limit: number) {}

  /** Counts a problem and keeps it while under the limit. */
  add(
    scope: ProblemScope,
    row: number | null,
    column: string | null,
    value: string | null,
    rule: string,
    severity: Severity,
    message: string | (() => string),
  ): void {
    this.ruleCounts.set(rule, (this.ruleCounts.get(rule) ?? 0) + 1);
    if (severity === 'error') this.errors++;
    else this.warnings++;
    if (this.problems.length >= this.limit) {
      this.truncated = true;
      return;
    }
    this.problems.push({
      scope,
      row,
      column,
      value: value === null ? null : truncateValue(value),
      rule,
      severity,
      message: typeof message === 'string' ? message : message(),
      runId: null,
    });
  }

  /** Sets the run id of the problems kept since `from` (the count of kept problems when the row started). */
  setRunId(from: number, runId: string | null): void {
    for (let i = from; i < this.problems.length; i++) this.problems[i]!.runId = runId;
  }

  /** Problems ordered by row (file-level problems without a row first), stable within a row. */
  sorted(): Problem[] {
    return this.problems
      .map((p, i) => ({ p, i }))
      .sort((a, b) => (a.p.row ?? 0) - (b.p.row ?? 0) || a.i - b.i)
      .map(({ p }) => p);
  }
}
