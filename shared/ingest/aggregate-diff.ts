import type { Quarter, QuarterAggregate } from './types/index.js';

/** JSON with object keys sorted, so two equal values always serialise the same (DynamoDB does not keep key order). */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(
          Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
        )
      : v,
  );
}

/** Whether two quarter aggregates hold the same figures. */
export function sameAggregate(a: QuarterAggregate, b: QuarterAggregate): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/**
 * What to write so the stored aggregates become `next`: the quarters that changed or appeared, and the quarters
 * that no longer have runs. Unchanged quarters are left alone, which keeps the switch transaction small.
 */
export function diffAggregates(
  stored: readonly QuarterAggregate[],
  next: readonly QuarterAggregate[],
): { put: QuarterAggregate[]; remove: Quarter[] } {
  const storedByQuarter = new Map(stored.map((a) => [a.quarter, a]));
  const nextQuarters = new Set(next.map((a) => a.quarter));
  const put = next.filter((a) => {
    const old = storedByQuarter.get(a.quarter);
    return old === undefined || !sameAggregate(old, a);
  });
  const remove = stored.filter((a) => !nextQuarters.has(a.quarter)).map((a) => a.quarter);
  return { put, remove };
}
