/**
 * What "report age" means for each handler that publishes reports, as pure functions of the handler's input,
 * result and clock, so a handler adds one line to emit it (report-age-metric.ts writes the line).
 */
import { DEFAULT_GRACE_DAYS, quarterDueMs } from '../report/quarter-clock.js';
import { reportAgeLine, type ReportAgeContext } from './report-age-metric.js';

/** One report-age data point: the age in whole seconds (never negative) and what it was measured for. */
export interface ReportAge {
  seconds: number;
  context: ReportAgeContext;
}

/** Negative or non-finite ages (clock skew, no send time) are 0 rather than a misleading value. */
function reportAge(ageSeconds: number, context: ReportAgeContext): ReportAge {
  return { seconds: Number.isFinite(ageSeconds) && ageSeconds > 0 ? Math.round(ageSeconds) : 0, context };
}

/** The part of an SQS batch the report handler's age reads: each message's send time (ms, as a string). */
export interface SentMessages {
  Records: readonly { attributes: { SentTimestamp: string } }[];
}

/**
 * After a report batch: the age of its oldest "quarter stale" message, i.e. how long the oldest accepted upload
 * in the batch waited for its report. A failed quarter's messages come back with their first send time, so the
 * age keeps growing until the report is published. Empty string for an empty batch.
 * @example process.stdout.write(reportBatchAgeLine(event, Date.now()))
 */
export function reportBatchAgeLine(event: SentMessages, nowMs: number): string {
  const age = reportBatchAge(event, nowMs);
  return age === undefined ? '' : reportAgeLine(age.seconds, age.context);
}

/** The data point of {@link reportBatchAgeLine}; undefined for a batch without send times. */
export function reportBatchAge(event: SentMessages, nowMs: number): ReportAge | undefined {
  const sent = event.Records.map((r) => Number(r.attributes.SentTimestamp)).filter(Number.isFinite);
  if (sent.length === 0) return undefined;
  return reportAge((nowMs - Math.min(...sent)) / 1000, { function: 'report', timestamp: nowMs });
}

/** The close-quarter handler's input and result, as far as the age reads them. */
export interface CloseQuarterOutcome {
  outcome: 'nothing-due' | 'already-final' | 'finalised';
  quarter?: string;
}

/**
 * After a daily close-quarter run: when it finalised a quarter, how late the final report is against its due
 * time (quarter close + grace days); when nothing was due or the quarter was final already, 0 (nothing is
 * waiting), which also gives the alarm a daily data point.
 * @example process.stdout.write(closeQuarterAgeLine(event, result, Date.now()))
 */
export function closeQuarterAgeLine(
  event: { graceDays?: number },
  result: CloseQuarterOutcome,
  nowMs: number,
): string {
  const age = closeQuarterAge(event, result, nowMs);
  return reportAgeLine(age.seconds, age.context);
}

/** The data point of {@link closeQuarterAgeLine}. */
export function closeQuarterAge(
  event: { graceDays?: number },
  result: CloseQuarterOutcome,
  nowMs: number,
): ReportAge {
  const context = {
    function: 'close-quarter' as const,
    timestamp: nowMs,
    ...(result.quarter === undefined ? {} : { quarter: result.quarter }),
  };
  if (result.outcome !== 'finalised' || result.quarter === undefined) return reportAge(0, context);
  const due = quarterDueMs(result.quarter, event.graceDays ?? DEFAULT_GRACE_DAYS);
  return reportAge((nowMs - due) / 1000, context);
}
