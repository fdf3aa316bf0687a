import type { RunRow } from '../dictionary/index.js';
import { QuarterAggregator } from './quarter-aggregator.js';
import type { QuarterAggregate } from './types/index.js';

/**
 * Computes a center's per-quarter aggregates from scratch over its whole current data set: the oracle the
 * stored aggregates must equal after any sequence of uploads, redeliveries and crashes. Runs are taken in
 * run-id order so the floating-point sums do not depend on the order of the input.
 * @example recomputeAggregates('C001', runs).map((a) => [a.quarter, a.runs])
 */
export function recomputeAggregates(centerId: string, runs: Iterable<RunRow>): QuarterAggregate[] {
  const sorted = [...runs].sort((a, b) => compareRunIds(a.run_id ?? '', b.run_id ?? ''));
  const aggregator = new QuarterAggregator(centerId);
  for (const run of sorted) aggregator.add(run);
  return aggregator.result();
}

/** Run-id order: plain code-unit order, the same everywhere (no locale). */
export function compareRunIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
