/**
 * What a synthetic run is, named by the first cohort step (STUDY.md, "Cohort") that would exclude it, or `cohort`
 * when it stays in. The generator draws a kind first and then builds a row that carries exactly that reason.
 */
import type { Random } from '../random/seeded-random.js';
import { RUN_KIND_PROPORTIONS } from './calibration.js';

export type ExcludedRunKind = keyof typeof RUN_KIND_PROPORTIONS;
export type RunKind = 'cohort' | ExcludedRunKind;

/** The exclusion kinds in the flowchart's order. */
export const excludedRunKinds = Object.keys(RUN_KIND_PROPORTIONS) as ExcludedRunKind[];

/** Draws a run's kind from RUN_KIND_PROPORTIONS; the remainder is `cohort`. */
export function drawRunKind(random: Random): RunKind {
  let u = random.next();
  for (const kind of excludedRunKinds) {
    u -= RUN_KIND_PROPORTIONS[kind];
    if (u < 0) return kind;
  }
  return 'cohort';
}
