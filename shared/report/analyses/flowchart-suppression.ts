/**
 * Small-cell suppression of the flowchart. Each step is an equation, remaining before = excluded + remaining
 * after, so a hidden count in a step whose other two counts are shown gives itself away. As the table version
 * (small-cell-suppression.ts): hide the counts from 1 to threshold − 1, then, while some equation has exactly one
 * hidden count, hide its smallest shown non-zero count too.
 */
import type { FlowStep } from '../../cohort/index.js';
import { isSmallCount, type SuppressedCell } from '../small-cell-suppression.js';

export interface PublishedFlowStep {
  id: string;
  label: string;
  excluded: SuppressedCell;
  remaining: SuppressedCell;
}

/** The flowchart with every count suppressed as needed. */
export function suppressFlowchart(flow: readonly FlowStep[], threshold: number): PublishedFlowStep[] {
  // values[2i] = excluded of step i, values[2i + 1] = remaining after step i.
  const values = flow.flatMap((s) => [s.excluded, s.remaining]);
  const hidden: boolean[] = values.map((v) => isSmallCount(v, threshold));
  const equations: number[][] = flow.slice(1).map((_, k) => [2 * k + 1, 2 * (k + 1), 2 * (k + 1) + 1]);
  let changed = true;
  while (changed) {
    changed = false;
    for (const eq of equations) {
      if (eq.filter((i) => hidden[i]).length !== 1) continue;
      const shown = eq.filter((i) => !hidden[i]);
      const rank = (i: number) => (values[i] === 0 ? Number.MAX_SAFE_INTEGER : values[i]!);
      const pick = shown.reduce((best, i) => (rank(i) < rank(best) ? i : best));
      hidden[pick] = true;
      changed = true;
    }
  }
  const cell = (i: number): SuppressedCell =>
    hidden[i] ? { value: null, suppressed: true } : { value: values[i]! };
  return flow.map((s, k) => ({
    id: s.id,
    label: s.label,
    excluded: cell(2 * k),
    remaining: cell(2 * k + 1),
  }));
}
