/**
 * Greedy 1:1 nearest-neighbour matching on a distance measure (usually the propensity score), without replacement.
 */
import { InvalidArgumentError, LengthMismatchError, NoMatchesError, NonFiniteValueError } from './errors.js';
import { toTreatmentFlags, type TreatmentIndicator } from './treatment-indicator.js';

/** A matched pair of 0-based row indices. */
export interface MatchedPair {
  treated: number;
  control: number;
}

/** Options of {@link nearestNeighborMatch}. */
export interface NearestNeighborMatchOptions {
  /** Caliper in standard deviations of the distance (sd over all units, as MatchIt's `std.caliper = TRUE`). */
  caliper?: number;
  /** Order in which treated units choose: decreasing distance (default), increasing, or row order. */
  order?: 'largest' | 'smallest' | 'data';
}

/**
 * Greedy nearest-neighbour matching (Rosenbaum & Rubin 1985), reproducing MatchIt 4.5's
 * `matchit(method = "nearest")` defaults: 1:1, no replacement, `m.order = "largest"`, `std.caliper = TRUE`.
 * As MatchIt's `nn_matchC_vec`: all units are sorted by distance (stable, so ties keep row order); each treated
 * unit in turn takes the closer of the nearest still-available control to its left and to its right in that sort
 * order, the left one on a tie in distance; if that nearest control lies outside the caliper the treated unit
 * stays unmatched. The caliper width is `caliper * sd(distance)` over all units (MatchIt's `process.caliper`), and
 * it is ignored, as in MatchIt, when the distance takes a single value.
 * MatchIt 4.5.1–4.5.3 compute |d_i − d_j| with an integer abs() (kosukeimai/MatchIt#163), so every difference
 * of propensity scores in (0, 1) becomes 0. That ignores the caliper, and it also changes matching without one:
 * the left/right choice compares those truncated differences, so the left control wins every comparison. This
 * function implements the intended algorithm; R reproduces it only on an integer distance (see match-lalonde.R).
 * @returns pairs ordered by the treated unit's row index.
 * @throws {LengthMismatchError} when `distance` and `treated` differ in length.
 * @throws {NonFiniteValueError} when a distance is not finite.
 * @throws {EmptyGroupError} when there is no treated or no control unit.
 * @throws {InvalidArgumentError} when the caliper is not a positive number or `order` is unknown.
 * @throws {NoMatchesError} when the caliper leaves no treated unit with a control.
 * @example
 * nearestNeighborMatch([0.9, 0.2, 0.85, 0.3], [1, 1, 0, 0]);
 * // => [{ treated: 0, control: 2 }, { treated: 1, control: 3 }]
 */
export function nearestNeighborMatch(
  distance: readonly number[],
  treated: readonly TreatmentIndicator[],
  options: NearestNeighborMatchOptions = {},
): MatchedPair[] {
  if (distance.length !== treated.length) {
    throw new LengthMismatchError(`distance has ${distance.length} values but treated has ${treated.length}`);
  }
  distance.forEach((d, i) => {
    if (!Number.isFinite(d))
      throw new NonFiniteValueError(`distance[${i}] is ${d}; every distance must be finite`);
  });
  const isTreated = toTreatmentFlags(treated);
  const width = caliperWidth(distance, options.caliper);
  const order = options.order ?? 'largest';
  const n = distance.length;

  // Positions in the stable ascending sort of the distance (ties keep row order, as R's sort.list).
  const sorted = distance.map((_, i) => i).sort((a, b) => distance[a]! - distance[b]!);
  const position = new Array<number>(n);
  sorted.forEach((row, p) => (position[row] = p));
  // Union–find over sort positions: left.find(p) is the nearest available control at or left of p (-1: none).
  const left = new NearestAvailable(n, (p) => !isTreated[sorted[p]!]!, -1);
  const right = new NearestAvailable(n, (p) => !isTreated[sorted[p]!]!, n);

  const pairs: MatchedPair[] = [];
  for (const row of treatedOrder(distance, isTreated, order)) {
    const p = position[row]!;
    const d = distance[row]!;
    const l = left.find(p);
    const r = right.find(p);
    let chosen = -1;
    if (l >= 0 && r < n) {
      chosen = Math.abs(distance[sorted[l]!]! - d) <= Math.abs(distance[sorted[r]!]! - d) ? l : r;
    } else if (l >= 0) chosen = l;
    else if (r < n) chosen = r;
    if (chosen < 0) continue;
    // The closer side is outside the caliper, so the other is too (MatchIt's find_left/find_right break).
    if (width !== undefined && Math.abs(distance[sorted[chosen]!]! - d) > width) continue;
    left.remove(chosen);
    right.remove(chosen);
    pairs.push({ treated: row, control: sorted[chosen]! });
  }
  if (pairs.length === 0) {
    throw new NoMatchesError(
      width === undefined
        ? 'no treated unit could be matched'
        : `no treated unit has a control within the caliper (${options.caliper} SD = ${width}); widen the caliper`,
    );
  }
  return pairs.sort((a, b) => a.treated - b.treated);
}

function caliperWidth(distance: readonly number[], caliper: number | undefined): number | undefined {
  if (caliper === undefined) return undefined;
  if (!(Number.isFinite(caliper) && caliper > 0)) {
    throw new InvalidArgumentError(
      `caliper is ${caliper}; it must be a positive number of standard deviations`,
    );
  }
  const n = distance.length;
  const mean = distance.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(distance.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
  // MatchIt drops a caliper on a variable with a single unique value.
  return sd > 0 ? caliper * sd : undefined;
}

function treatedOrder(
  distance: readonly number[],
  isTreated: readonly boolean[],
  order: NearestNeighborMatchOptions['order'],
): number[] {
  const rows = isTreated.flatMap((t, i) => (t ? [i] : []));
  switch (order) {
    case 'largest':
      return rows.sort((a, b) => distance[b]! - distance[a]!);
    case 'smallest':
      return rows.sort((a, b) => distance[a]! - distance[b]!);
    case 'data':
      return rows;
    default:
      throw new InvalidArgumentError(`order is ${String(order)}; use 'largest', 'smallest' or 'data'`);
  }
}

/** Nearest available slot in one direction, with path compression; slots are removed once used. */
class NearestAvailable {
  private readonly parent: Int32Array;

  constructor(
    n: number,
    available: (p: number) => boolean,
    private readonly none: number,
  ) {
    const step = none < 0 ? -1 : 1;
    this.parent = new Int32Array(n);
    for (let p = 0; p < n; p++) this.parent[p] = available(p) ? p : p + step;
  }

  find(p: number): number {
    let q = p;
    while (q !== this.none && this.parent[q] !== q) q = this.parent[q]!;
    // Path compression.
    let s = p;
    while (s !== this.none && this.parent[s] !== s) {
      const next = this.parent[s]!;
      this.parent[s] = q;
      s = next;
    }
    return q;
  }

  remove(p: number): void {
    this.parent[p] = this.none < 0 ? p - 1 : p + 1;
  }
}
