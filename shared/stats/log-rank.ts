/**
 * The log-rank (Mantel–Haenszel) test comparing survival curves across groups.
 */
import { pchisq } from './distributions.js';
import { solveLinear } from './dense-matrix.js';
import { EmptyGroupError, LengthMismatchError } from './errors.js';
import { checkSurvivalInput, type EventIndicator } from './survival-input.js';

/** Result of {@link logRankTest}; `observed`/`expected` follow `groups` (sorted like R's factor levels). */
export interface LogRankResult {
  statistic: number;
  df: number;
  pValue: number;
  observed: number[];
  expected: number[];
  groups: (number | string)[];
}

/**
 * Log-rank test (Mantel 1966; Peto & Peto 1972, rho = 0), as R's `survdiff(Surv(time, event) ~ group)`.
 * At each distinct event time, group g expects n_g·d/n deaths with hypergeometric covariance
 * d(n−d)/(n−1)·(n_g/n)(δ_gh − n_h/n); the statistic (O−E)ᵀV⁻(O−E) drops the first group with E > 0, as
 * survdiff does, and has k − 1 degrees of freedom (k = groups with E > 0).
 * @throws {LengthMismatchError} when `time`, `event` and `group` differ in length.
 * @throws {EmptyGroupError} when there are fewer than two groups or no events at all.
 * @throws {NonFiniteValueError} when a time is not finite.
 * @example
 * logRankTest([1, 2, 3, 4], [1, 1, 1, 0], ['a', 'a', 'b', 'b']); // => { statistic: 2.882353, df: 1, pValue: 0.08956, ... }
 */
export function logRankTest(
  time: readonly number[],
  event: readonly EventIndicator[],
  group: readonly (number | string)[],
): LogRankResult {
  const events = checkSurvivalInput(time, event);
  if (group.length !== time.length) {
    throw new LengthMismatchError(`time has ${time.length} values but group has ${group.length}`);
  }
  const groups = [...new Set(group)].sort(compareLevels);
  if (groups.length < 2)
    throw new EmptyGroupError(`log-rank test needs at least two groups, got ${groups.length}`);
  const k = groups.length;
  const gi = group.map((g) => groups.indexOf(g));
  const order = time.map((_, i) => i).sort((a, b) => time[a]! - time[b]!);

  const atRisk = new Array<number>(k).fill(0);
  for (const g of gi) atRisk[g]!++;
  const observed = new Array<number>(k).fill(0);
  const expected = new Array<number>(k).fill(0);
  const variance = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let p = 0;
  while (p < order.length) {
    const t = time[order[p]!]!;
    const deaths = new Array<number>(k).fill(0);
    const leaving = new Array<number>(k).fill(0);
    while (p < order.length && time[order[p]!] === t) {
      const g = gi[order[p]!]!;
      leaving[g]!++;
      if (events[order[p]!] === 1) deaths[g]!++;
      p++;
    }
    const d = deaths.reduce((s, x) => s + x, 0);
    const n = atRisk.reduce((s, x) => s + x, 0);
    if (d > 0) {
      for (let g = 0; g < k; g++) {
        observed[g]! += deaths[g]!;
        expected[g]! += (atRisk[g]! * d) / n;
      }
      if (n > 1) {
        const f = (d * (n - d)) / (n - 1);
        for (let g = 0; g < k; g++) {
          for (let h = 0; h < k; h++) {
            variance[g]![h]! += f * (atRisk[g]! / n) * ((g === h ? 1 : 0) - atRisk[h]! / n);
          }
        }
      }
    }
    for (let g = 0; g < k; g++) atRisk[g]! -= leaving[g]!;
  }
  if (observed.every((o) => o === 0)) throw new EmptyGroupError('log-rank test needs at least one event');

  const used = groups.map((_, g) => g).filter((g) => expected[g]! > 0);
  const kept = used.slice(1);
  const diff = kept.map((g) => observed[g]! - expected[g]!);
  const v = kept.map((g) => kept.map((h) => variance[g]![h]!));
  const solved = solveLinear(v, diff);
  const statistic = solved.reduce((s, x, i) => s + x * diff[i]!, 0);
  const df = used.length - 1;
  return { statistic, df, pValue: pchisq(statistic, df, false), observed, expected, groups };
}

function compareLevels(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
}
