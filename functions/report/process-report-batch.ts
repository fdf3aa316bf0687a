import type { SQSBatchResponse, SQSEvent, SQSRecord } from '../../infra/local/event-types.js';
import { keys } from '../../shared/config/resources.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportDeps,
  type GenerateQuarterReportResult,
} from '../../shared/report/generate-quarter-report.js';
import { currentVersion, siteObjectStoreOn } from '../../shared/report/publish/index.js';
import { isQuarter, openReportQuarters } from '../../shared/report/quarter-clock.js';

/** What one batch did, per quarter (returned to tests and logged). */
export interface QuarterDecision {
  quarter: string;
  events: number;
  action: 'regenerated' | 'already-final' | 'up-to-date' | 'not-tracked' | 'failed';
}

export interface ReportBatchOptions {
  /** The pipeline; injectable so a test can count regenerations. Default generateQuarterReport. */
  generate?: (
    deps: GenerateQuarterReportDeps,
    options: { quarter: string; now: Date },
  ) => Promise<GenerateQuarterReportResult>;
  /** Receives the per-quarter decisions. */
  onDecisions?: (decisions: QuarterDecision[]) => void;
}

interface StaleMessage {
  record: SQSRecord;
  quarter: string;
  sentAt: number;
}

/**
 * Regenerates the provisional reports a batch of "quarter stale" messages names. Debounced twice: the event
 * source mapping collects messages for up to five minutes, and here a burst collapses to one regeneration per
 * distinct quarter; a quarter whose current report was generated after every message of the batch was sent
 * already includes their data (generatedAt is taken before the registry is read) and is left alone. A quarter
 * is regenerated while its report may still change (the current or last closed quarter) or when it has a
 * published report already, so a history snapshot touching old quarters does not build dozens of new reports.
 * Failures are reported per quarter: every message of a failed quarter is retried, the others are not.
 * A message that is not a stale event is logged and dropped (retrying it cannot help).
 */
export async function processReportBatch(
  event: SQSEvent,
  deps: GenerateQuarterReportDeps,
  options: ReportBatchOptions = {},
): Promise<SQSBatchResponse> {
  const generate = options.generate ?? generateQuarterReport;
  const byQuarter = new Map<string, StaleMessage[]>();
  for (const record of event.Records) {
    const message = parseStaleMessage(record);
    if (message === undefined) {
      deps.log(`dropped message ${record.messageId}: not a "quarter stale" event`);
      continue;
    }
    byQuarter.set(message.quarter, [...(byQuarter.get(message.quarter) ?? []), message]);
  }

  const now = deps.clock();
  const open = new Set<string>(openReportQuarters(now.getTime()));
  const store = siteObjectStoreOn(deps.objectStore, deps.buckets.reports);
  const failures: string[] = [];
  const decisions: QuarterDecision[] = [];
  // One quarter at a time: each build is memory-heavy, and the mapping's concurrency bounds the rest.
  for (const [quarter, messages] of [...byQuarter].sort(([a], [b]) => a.localeCompare(b))) {
    const decide = (action: QuarterDecision['action']): void => {
      decisions.push({ quarter, events: messages.length, action });
      deps.log(`${quarter}: ${messages.length} stale event(s): ${action}`);
    };
    try {
      const current = await currentVersion(store, keys.sitePrefix, quarter);
      if (current?.status === 'final') {
        decide('already-final');
        continue;
      }
      if (current === undefined && !open.has(quarter)) {
        decide('not-tracked');
        continue;
      }
      const newestSent = Math.max(...messages.map((m) => m.sentAt));
      if (current !== undefined && Date.parse(current.generatedAt) > newestSent) {
        decide('up-to-date');
        continue;
      }
      const result = await generate(deps, { quarter, now: deps.clock() });
      decide(result.outcome === 'already-final' ? 'already-final' : 'regenerated');
    } catch (error) {
      deps.log(`${quarter}: regeneration failed (${(error as Error)?.name}: ${(error as Error)?.message})`);
      decisions.push({ quarter, events: messages.length, action: 'failed' });
      failures.push(...messages.map((m) => m.record.messageId));
    }
  }
  options.onDecisions?.(decisions);
  return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
}

function parseStaleMessage(record: SQSRecord): StaleMessage | undefined {
  let body: unknown;
  try {
    body = JSON.parse(record.body);
  } catch {
    return undefined;
  }
  const quarter = (body as { quarter?: unknown } | null)?.quarter;
  if (typeof quarter !== 'string' || !isQuarter(quarter)) return undefined;
  const sentAt = Number(record.attributes.SentTimestamp);
  // Without a send time the message cannot be shown to be covered: treat it as newest.
  return { record, quarter, sentAt: Number.isFinite(sentAt) ? sentAt : Number.POSITIVE_INFINITY };
}
