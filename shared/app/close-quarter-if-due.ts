import { z } from 'zod';
import { keys } from '../config/resources.js';
import { generateQuarterReport, type GenerateQuarterReportDeps } from '../report/generate-quarter-report.js';
import { currentVersion, siteObjectStoreOn } from '../report/publish/index.js';
import { readRegistry } from '../report/registry-reader.js';
import { activeCenters } from '../config/centers.js';
import {
  closeQuarterAction,
  DEFAULT_GRACE_DAYS,
  MAX_GRACE_DAYS,
  quarterCloseMs,
  quarterDueForClose,
  quarterStartMs,
} from '../report/quarter-clock.js';

/** The scheduler's input. */
export const CloseQuarterEventSchema = z.object({
  action: z.literal(closeQuarterAction),
  graceDays: z.number().int().min(0).max(MAX_GRACE_DAYS).default(DEFAULT_GRACE_DAYS),
});

export type CloseQuarterEvent = z.input<typeof CloseQuarterEventSchema>;

export type CloseQuarterResult =
  | { outcome: 'nothing-due'; graceDays: number }
  | { outcome: 'already-final'; quarter: string; version: number }
  | { outcome: 'finalised'; quarter: string; version: number; keys: string[] };

/** A close run by hand: as the schedule's, or refused because no run started in the quarter. */
export type CloseQuarterByHandResult = CloseQuarterResult | { outcome: 'no-runs'; quarter: string };

/** What a close run would do now, read without changing anything. */
export type CloseQuarterPlan =
  | { outcome: 'nothing-due'; graceDays: number }
  | { outcome: 'already-final'; quarter: string; version: number }
  | {
      outcome: 'due';
      quarter: string;
      graceDays: number;
      /** Runs whose ECMO started within the quarter, in the centers' current data sets. */
      runs: number;
      /** The centers those runs come from, in configuration order. */
      centers: string[];
    };

/** How a close run by hand treats a due quarter. */
export interface CloseQuarterByHandOptions {
  /** Finalise the quarter even when no run started in it. */
  force?: boolean;
  /** The plan the caller has already read with {@link planCloseQuarter}, so every center's data is not read twice. */
  plan?: CloseQuarterPlan;
}

/** Thrown for an input that is not the scheduler's; the message names the problem. */
export class CloseQuarterInputError extends Error {
  override readonly name = 'CloseQuarterInputError';
}

function parseEvent(event: CloseQuarterEvent): { graceDays: number } {
  const parsed = CloseQuarterEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new CloseQuarterInputError(
      `close-quarter input must be { action: 'close-quarter-if-due', graceDays?: 0–${MAX_GRACE_DAYS} }: ` +
        parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/**
 * Says what {@link closeQuarterIfDue} would do now, changing nothing: the quarter due, or why none is, and for a
 * due quarter how many runs started in it and from which centers (read from the centers' current data sets).
 * @throws {CloseQuarterInputError} for an input that is not `{ action: 'close-quarter-if-due', graceDays? }`.
 */
export async function planCloseQuarter(
  event: CloseQuarterEvent,
  deps: GenerateQuarterReportDeps,
): Promise<CloseQuarterPlan> {
  const { graceDays } = parseEvent(event);
  const now = deps.clock();
  const quarter = quarterDueForClose(now.getTime(), graceDays);
  if (quarter === undefined) return { outcome: 'nothing-due', graceDays };
  const store = siteObjectStoreOn(deps.objectStore, deps.buckets.reports);
  const current = await currentVersion(store, keys.sitePrefix, quarter);
  if (current?.status === 'final') return { outcome: 'already-final', quarter, version: current.version };
  const centerIds = deps.centerIds ?? activeCenters().map((c) => c.id);
  const snapshot = await readRegistry(
    { objectStore: deps.objectStore, registryStore: deps.registryStore, dataBucket: deps.buckets.data },
    centerIds,
  );
  const from = quarterStartMs(quarter);
  const to = quarterCloseMs(quarter);
  const inQuarter = snapshot.runs.filter((run) => {
    const started = run.ecmo_start_at;
    return started !== undefined && started >= from && started < to;
  });
  const withRuns = new Set(inQuarter.map((run) => run.center_id));
  return {
    outcome: 'due',
    quarter,
    graceDays,
    runs: inQuarter.length,
    centers: centerIds.filter((id) => withRuns.has(id)),
  };
}

/**
 * The scheduled run fired by a person: as {@link closeQuarterIfDue}, but a quarter in which no run started is not
 * finalised unless `force` is set. The schedule finalises whatever the centers uploaded within the grace period;
 * a person at a keyboard is more likely to have picked the wrong date, and a final report never changes.
 * @throws {CloseQuarterInputError} for an input that is not `{ action: 'close-quarter-if-due', graceDays? }`.
 */
export async function closeQuarterByHand(
  event: CloseQuarterEvent,
  deps: GenerateQuarterReportDeps,
  options: CloseQuarterByHandOptions = {},
): Promise<CloseQuarterByHandResult> {
  if (!options.force) {
    const plan = options.plan ?? (await planCloseQuarter(event, deps));
    if (plan.outcome === 'due' && plan.runs === 0) {
      deps.log(`${plan.quarter}: no run started in the quarter; not finalised`);
      return { outcome: 'no-runs', quarter: plan.quarter };
    }
  }
  return closeQuarterIfDue(event, deps);
}

/**
 * Finalises the last closed quarter once `graceDays` have passed since it ended, unless it is final already.
 * Safe to run every day, and to retry: a final quarter is never republished.
 * @throws {CloseQuarterInputError} for an input that is not `{ action: 'close-quarter-if-due', graceDays? }`.
 */
export async function closeQuarterIfDue(
  event: CloseQuarterEvent,
  deps: GenerateQuarterReportDeps,
): Promise<CloseQuarterResult> {
  const { graceDays } = parseEvent(event);
  const now = deps.clock();
  const quarter = quarterDueForClose(now.getTime(), graceDays);
  if (quarter === undefined) {
    deps.log(`no quarter due on ${now.toISOString()} with ${graceDays} days of grace`);
    return { outcome: 'nothing-due', graceDays };
  }
  const store = siteObjectStoreOn(deps.objectStore, deps.buckets.reports);
  const current = await currentVersion(store, keys.sitePrefix, quarter);
  if (current?.status === 'final') {
    deps.log(`${quarter}: final already (v${current.version})`);
    return { outcome: 'already-final', quarter, version: current.version };
  }
  deps.log(`${quarter}: grace of ${graceDays} days has passed; finalising`);
  const result = await generateQuarterReport(deps, { quarter, final: true, now });
  if (result.outcome === 'already-final') {
    return { outcome: 'already-final', quarter, version: result.pointer.version };
  }
  const registry = result.sites.find((s) => s.centerId === undefined)!;
  return {
    outcome: 'finalised',
    quarter,
    version: registry.pointer.version,
    keys: result.sites.map((s) => s.indexKey),
  };
}
