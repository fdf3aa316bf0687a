/**
 * Checks that a logistic regression can be estimated before and after IRLS: full column rank (where R would
 * report NA), an event and a non-event in every level of a two-valued covariate, and the names of the covariates
 * whose estimates diverge when fitted probabilities reach 0 or 1. Each failure names the covariate and the fix.
 */
import { CollinearityError, SeparationError } from './errors.js';
import { choleskyInPlace } from './linear-algebra.js';
import type { Design } from './logistic-design.js';

/**
 * A column is collinear when less than this share of its (centred) sum of squares is left after regressing it on
 * the columns before it, i.e. R² > 1 - 1e-10. (R's QR rule is 1e-7 on the norm, 1e-14 on squares, which is beyond
 * what a cross-product matrix resolves in double precision.)
 */
export const RANK_TOLERANCE = 1e-10;
/**
 * A coefficient whose standard error exceeds this many units per SD of its covariate is diverging (a regular fit
 * has about 1 / sqrt(n p (1 - p)), well below 1): used to name the covariates of a separation.
 */
export const DIVERGING_SE = 50;

/**
 * Throws `CollinearityError` for the first covariate that is constant or (nearly) a linear combination of the
 * ones before it: Cholesky of the centred X'X (here X'WX with constant weights, the same up to scale), where R's
 * `glm` would report that coefficient as NA.
 */
export function requireFullRank({ p, names, sds }: Design, xtwx: Float64Array): void {
  for (let j = 1; j < p; j++) {
    if (!(sds[j]! > 0)) {
      throw new CollinearityError(
        `covariate ${names[j]} is constant (every row is the same); drop it`,
        names[j]!,
      );
    }
  }
  const k = p - 1;
  if (k === 0) return;
  const xtx = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b <= a; b++) xtx[a * k + b] = xtwx[(a + 1) * p + b + 1]!;
  }
  const outcome = choleskyInPlace(xtx, k, RANK_TOLERANCE);
  if (!outcome.ok) {
    const name = names[outcome.column + 1]!;
    throw new CollinearityError(
      `covariate ${name} is a linear combination of the covariates before it (R would report NA); drop it`,
      name,
    );
  }
}

/**
 * Quasi-complete separation by a two-valued covariate (a 0/1 dummy, or sex coded 1/2): a level in which every row
 * has the same outcome (a factor level with no events, say). Its MLE is ±∞; R returns a huge estimate and
 * standard error, often without any warning.
 */
export function requireEventsInEveryLevel(design: Design): void {
  const { n, p, y, names, firstValue, secondValue, discrete, pattern, patterns, patternValues } = design;
  // Rows and events per pattern, for the pattern columns.
  const patternRows = new Float64Array(patterns);
  const patternEvents = new Float64Array(patterns);
  for (let i = 0; i < n; i++) {
    patternRows[pattern[i]!]! += 1;
    patternEvents[pattern[i]!]! += y[i]!;
  }
  const dd = discrete.length;
  const slot = new Int32Array(p).fill(-1);
  discrete.forEach((j, t) => (slot[j] = t));
  const column = design.continuous;
  const c = column.length;
  for (let j = 1; j < p; j++) {
    if (Number.isNaN(secondValue[j]!)) continue;
    const events = [0, 0];
    const rows = [0, 0];
    const t = slot[j]!;
    if (t >= 0) {
      const low = patternValues[pattern[0]! * dd + t]!;
      for (let g = 0; g < patterns; g++) {
        const level = patternValues[g * dd + t] === low ? 0 : 1;
        rows[level]! += patternRows[g]!;
        events[level]! += patternEvents[g]!;
      }
    } else {
      const a = column.indexOf(j);
      const first = design.cont[a]!;
      for (let i = 0; i < n; i++) {
        const level = design.cont[i * c + a] === first ? 0 : 1;
        rows[level]!++;
        events[level]! += y[i]!;
      }
    }
    for (const level of [0, 1]) {
      const e = events[level]!;
      const r = rows[level]!;
      if (e === 0 || e === r) {
        const value = level === 0 ? firstValue[j]! : secondValue[j]!;
        throw new SeparationError(
          `covariate ${names[j]} = ${Number(value.toPrecision(12))} has ${e === 0 ? 'no events' : 'only events'} ` +
            `(${e} of ${r} rows), so its odds ratio is infinite (quasi-complete separation); merge the level ` +
            'with another or drop the covariate',
        );
      }
    }
  }
}
