/**
 * Screening of imputation-model predictors, so that the regression behind each imputation stays estimable.
 */
import { symmetricEigen } from './dense-matrix.js';

/**
 * Which predictor columns to keep, as mice's internal `remove.lindep(x, y, ry)` (mice 3.15; eps = 1e-4,
 * maxcor = 0.99), on the observed rows: none when y is (nearly) constant; drop columns with variance ≤ eps or with
 * correlation ≥ maxcor with y (signed, as mice); then, while the smallest/largest eigenvalue ratio of the
 * predictors' correlation matrix is below eps, drop the column loading most on the smallest eigenvector.
 * (mice recomputes that last step on a recycled sub-matrix; we recompute it on the remaining columns.)
 * @param columns predictor values on the observed rows, one array per column.
 * @param y the outcome on the same rows.
 * @returns one flag per column.
 * @example
 * keepPredictors([[1, 2, 3], [5, 5, 5]], [1, 3, 2]); // => [true, false]
 */
export function keepPredictors(
  columns: readonly (readonly number[])[],
  y: readonly number[],
  eps = 1e-4,
  maxcor = 0.99,
): boolean[] {
  const keep = columns.map(() => false);
  if (columns.length === 0 || y.length < 2) return keep;
  const yStats = moments(y);
  if (yStats.variance < eps) return keep;
  const stats = columns.map(moments);
  columns.forEach((col, j) => {
    const s = stats[j]!;
    if (!(s.variance > eps)) return;
    keep[j] = correlation(col, s, y, yStats) < maxcor;
  });
  let kept = keep.flatMap((k, j) => (k ? [j] : []));
  while (kept.length > 1) {
    const cx = kept.map((a) =>
      kept.map((b) => (a === b ? 1 : correlation(columns[a]!, stats[a]!, columns[b]!, stats[b]!))),
    );
    const { values, vectors } = symmetricEigen(cx);
    const k = kept.length - 1;
    if (!(values[k]! / values[0]! < eps)) break;
    let worst = 0;
    for (let i = 1; i <= k; i++) if (Math.abs(vectors[i]![k]!) > Math.abs(vectors[worst]![k]!)) worst = i;
    keep[kept[worst]!] = false;
    kept = kept.filter((_, i) => i !== worst);
  }
  return keep;
}

interface Moments {
  mean: number;
  variance: number;
}

function moments(values: readonly number[]): Moments {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { mean, variance };
}

function correlation(a: readonly number[], sa: Moments, b: readonly number[], sb: Moments): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i]! - sa.mean) * (b[i]! - sb.mean);
  return s / (a.length - 1) / Math.sqrt(sa.variance * sb.variance);
}
