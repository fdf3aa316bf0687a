import { z } from 'zod';
import { keys } from '../config/resources.js';
import { generateQuarterReport, type GenerateQuarterReportDeps } from '../report/generate-quarter-report.js';
import { currentVersion, siteObjectStoreOn } from '../report/publish/index.js';
import {
  closeQuarterAction,
  DEFAULT_GRACE_DAYS,
  MAX_GRACE_DAYS,
  quarterDueForClose,
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

/** Thrown for an input that is not the scheduler's; the message names the problem. */
export class CloseQuarterInputError extends Error {
  override readonly name = 'CloseQuarterInputError';
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
  const parsed = CloseQuarterEventSchema.safeParse(event);
  if (!parsed.success) {
    throw new CloseQuarterInputError(
      `close-quarter input must be { action: 'close-quarter-if-due', graceDays?: 0–${MAX_GRACE_DAYS} }: ` +
        parsed.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '),
      { cause: parsed.error },
    );
  }
  const { graceDays } = parsed.data;
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
