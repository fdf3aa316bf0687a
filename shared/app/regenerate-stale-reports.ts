import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { keys } from '../config/resources.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportDeps,
  type GenerateQuarterReportResult,
} from '../report/generate-quarter-report.js';
import { currentVersion, siteObjectStoreOn } from '../report/publish/index.js';
import { publishedQuarters } from '../report/publish/published-quarters.js';
import { isQuarter, openReportQuarters } from '../report/quarter-clock.js';

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
 * Regenerates the provisional reports a batch of "quarter stale" messages reaches. A quarter's report covers
 * every run up to its cut-off, so data changed in quarter q reaches q's own report and every later one: each
 * message targets its own quarter while that quarter may still change (the current or last closed quarter), and
 * every published, not yet final report of q or later (read from the site index, one object). So a correction
 * of 2019 runs rebuilds the provisional 2023-Q3 report, and a history snapshot does not build dozens of new
 * reports for old quarters. A message that reaches no report is 'not-tracked'; final reports never change.
 * Debounced twice: the event source mapping collects messages for up to five minutes, and here a burst collapses
 * to one regeneration per target quarter; a target whose current report was generated after every message
 * reaching it was sent already includes their data (generatedAt is taken before the registry is read) and is
 * left alone. Failures are reported per target: every message reaching a failed target is retried, the others
 * are not. A message that is not a stale event is logged and dropped (retrying it cannot help).
 */
export async function regenerateStaleReports(
  event: SQSEvent,
  deps: GenerateQuarterReportDeps,
  options: ReportBatchOptions = {},
): Promise<SQSBatchResponse> {
  const generate = options.generate ?? generateQuarterReport;
  const messages: StaleMessage[] = [];
  for (const record of event.Records) {
    const message = parseStaleMessage(record);
    if (message === undefined) {
      deps.log(`dropped message ${record.messageId}: not a "quarter stale" event`);
      continue;
    }
    messages.push(message);
  }

  const store = siteObjectStoreOn(deps.objectStore, deps.buckets.reports);
  const decisions: QuarterDecision[] = [];
  const decide = (quarter: string, events: number, action: QuarterDecision['action']): void => {
    decisions.push({ quarter, events, action });
    deps.log(`${quarter}: ${events} stale event(s): ${action}`);
  };
  const failed = new Set<string>();
  let targets: Map<string, StaleMessage[]>;
  try {
    targets = await targetQuarters(messages, store, deps.clock(), decide);
  } catch (error) {
    // The site index could not be read: retry the whole batch.
    deps.log(`reading the site index failed (${(error as Error)?.name}: ${(error as Error)?.message})`);
    for (const m of messages) failed.add(m.record.messageId);
    targets = new Map();
  }
  // One quarter at a time: each build is memory-heavy, and the mapping's concurrency bounds the rest.
  for (const [quarter, reaching] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
    try {
      const current = await currentVersion(store, keys.sitePrefix, quarter);
      if (current?.status === 'final') {
        decide(quarter, reaching.length, 'already-final');
        continue;
      }
      const newestSent = Math.max(...reaching.map((m) => m.sentAt));
      if (current !== undefined && Date.parse(current.generatedAt) > newestSent) {
        decide(quarter, reaching.length, 'up-to-date');
        continue;
      }
      const result = await generate(deps, { quarter, now: deps.clock() });
      decide(quarter, reaching.length, result.outcome === 'already-final' ? 'already-final' : 'regenerated');
    } catch (error) {
      deps.log(`${quarter}: regeneration failed (${(error as Error)?.name}: ${(error as Error)?.message})`);
      decisions.push({ quarter, events: reaching.length, action: 'failed' });
      for (const m of reaching) failed.add(m.record.messageId);
    }
  }
  options.onDecisions?.(decisions);
  return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * Maps each target quarter to the messages that reach it (see regenerateStaleReports); decides 'not-tracked' for a
 * stale quarter whose messages reach no report, and 'already-final' for a stale quarter that is final itself
 * and reaches nothing else.
 */
async function targetQuarters(
  messages: readonly StaleMessage[],
  store: ReturnType<typeof siteObjectStoreOn>,
  now: Date,
  decide: (quarter: string, events: number, action: QuarterDecision['action']) => void,
): Promise<Map<string, StaleMessage[]>> {
  const open = new Set<string>(openReportQuarters(now.getTime()));
  const published = messages.length === 0 ? [] : await publishedQuarters(store, keys.sitePrefix);
  const provisional = published.filter((p) => p.status !== 'final').map((p) => p.quarter);
  const final = new Set(published.filter((p) => p.status === 'final').map((p) => p.quarter));
  const targets = new Map<string, StaleMessage[]>();
  const unreached = new Map<string, number>();
  for (const message of messages) {
    const reached = new Set(provisional.filter((q) => q >= message.quarter));
    if (open.has(message.quarter) && !final.has(message.quarter)) reached.add(message.quarter);
    if (reached.size === 0) unreached.set(message.quarter, (unreached.get(message.quarter) ?? 0) + 1);
    for (const q of reached) targets.set(q, [...(targets.get(q) ?? []), message]);
  }
  for (const [quarter, events] of [...unreached].sort(([a], [b]) => a.localeCompare(b))) {
    decide(quarter, events, final.has(quarter) ? 'already-final' : 'not-tracked');
  }
  return targets;
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
