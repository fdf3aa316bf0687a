/**
 * Center volumes for the synthetic registry: log-normal weights (a few large centers, many small ones), scaled to
 * a fixed registry total and rounded by the largest-remainder method so the total is exact.
 */
import type { Random } from '../random/seeded-random.js';

/**
 * Draws each center's number of runs so they sum to `totalRuns`, every center having at least `minRuns`.
 *
 * @param random seeded generator (consumes one normal deviate per center, in `centerIds` order)
 * @param centerIds the centers, in a fixed order
 * @param totalRuns the registry's total number of runs
 * @param logSd SD of the log volume (1.1 gives roughly 10% of centers above 30 runs a year at the default total)
 * @param minRuns smallest center volume
 * @throws RangeError when `totalRuns` cannot give every center `minRuns`
 * @example drawCenterVolumes(createRandom(1), ['C001', 'C002'], 100, 1, 4) // Map { 'C001' => 37, 'C002' => 63 }
 */
export function drawCenterVolumes(
  random: Random,
  centerIds: readonly string[],
  totalRuns: number,
  logSd: number,
  minRuns: number,
): Map<string, number> {
  const n = centerIds.length;
  if (totalRuns < n * minRuns) {
    throw new RangeError(`Cannot give ${n} centers at least ${minRuns} runs each from ${totalRuns} runs.`);
  }
  const weights = centerIds.map(() => Math.exp(logSd * random.normal()));
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const spare = totalRuns - n * minRuns;
  const exact = weights.map((w) => (w / weightSum) * spare);
  const counts = exact.map((x) => Math.floor(x));
  let left = spare - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact
    .map((x, i) => ({ i, r: x - Math.floor(x) }))
    .sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left <= 0) break;
    counts[i]! += 1;
    left -= 1;
  }
  return new Map(centerIds.map((id, i) => [id, counts[i]! + minRuns]));
}
