/**
 * Logistic regression by iteratively reweighted least squares (McCullagh & Nelder 1989, §4.4), step for step as
 * R's `glm(y ~ x, family = binomial)` (`glm.fit`): the same start (mu = (y + 0.5) / 2), the same clamped logit
 * link, the same stopping rule |dev - dev_old| / (|dev| + 0.1) < 1e-8 with at most 25 iterations, and standard
 * errors from the weights of the last iteration, as `summary.glm`. Wald intervals are `confint.default`'s.
 *
 * This is the report's hot path (dozens of models × 5 imputations, and a 200,000-row benchmark). Registry models
 * are mostly 0/1 covariates, so the design is stored compressed: the two-valued covariates of a row become one
 * pattern id (rows sharing every 0/1 value share a pattern; about a thousand patterns at 5,500 rows), and only
 * the other (continuous) covariates are kept per row, centred, row-major. One pass over the rows per IRLS
 * iteration computes eta, mu and the deviance and accumulates, per pattern, Σw, Σwz and Σw·x for the continuous
 * columns, plus the continuous × continuous block of X'WX; X'WX and X'Wz are then assembled from the pattern sums
 * (the same sums, grouped) and solved by Cholesky. The design is never copied as a dense n × p matrix.
 */
import { pnorm, qnorm } from './distributions.js';
import {
  CollinearityError,
  ConvergenceError,
  EmptyGroupError,
  InvalidArgumentError,
  LengthMismatchError,
  NonFiniteValueError,
  SeparationError,
} from './errors.js';
import { choleskyInPlace, choleskyInverse, choleskySolveInPlace } from './linear-algebra.js';

/**
 * A design matrix without the intercept column: an array of rows; or `data` row-major with `rows` × `cols`; or
 * `columns`, one array per covariate (all of one length), optionally restricted to the row positions `subset`
 * (in that order). The columnar form is read in place: a table's own columns and a subgroup's row positions need
 * no copy of the design.
 */
export type DesignMatrix =
  | readonly ArrayLike<number>[]
  | { readonly rows: number; readonly cols: number; readonly data: ArrayLike<number> }
  | { readonly columns: readonly ArrayLike<number>[]; readonly subset?: ArrayLike<number> };

/** Options of {@link logisticRegression}. Defaults are R's (`glm.control()`, `confint.default`). */
export interface LogisticRegressionOptions {
  /** One name per column of X. Default `x1`, `x2`, …. The intercept is always named `(Intercept)`. */
  names?: readonly string[];
  /** IRLS iteration limit (R's `maxit`). Default 25. */
  maxIterations?: number;
  /** Relative deviance change that ends IRLS (R's `epsilon`). Default 1e-8. */
  epsilon?: number;
  /** Level of the Wald intervals. Default 0.95. */
  confidenceLevel?: number;
}

/** One row of R's `summary(fit)$coefficients`, with the odds ratio and its Wald interval. */
export interface LogisticCoefficient {
  name: string;
  /** Log odds ratio (R's "Estimate"). */
  estimate: number;
  /** R's "Std. Error": sqrt of the diagonal of (X'WX)⁻¹. */
  stdError: number;
  /** Wald z = estimate / stdError. */
  z: number;
  /** Two-sided Wald p-value, 2 Φ(-|z|). */
  pValue: number;
  /** exp(estimate). */
  oddsRatio: number;
  /** Lower Wald bound on the odds-ratio scale: exp(confint.default(fit)[, 1]). */
  ciLower: number;
  /** Upper Wald bound on the odds-ratio scale: exp(confint.default(fit)[, 2]). */
  ciUpper: number;
}

/** Result of {@link logisticRegression}. */
export interface LogisticRegressionResult {
  /** `(Intercept)` first, then the columns of X in order. */
  coefficients: LogisticCoefficient[];
  /** Residual deviance (R's `fit$deviance`), -2 log-likelihood for 0/1 outcomes. */
  deviance: number;
  /** Deviance of the intercept-only model (R's `fit$null.deviance`). */
  nullDeviance: number;
  /** R's `AIC(fit)`: deviance + 2 × number of coefficients for 0/1 outcomes. */
  aic: number;
  /** IRLS iterations used (R's `fit$iter`). */
  iterations: number;
  /** Always true in a returned result: a fit that does not converge throws `ConvergenceError`. */
  converged: boolean;
  /** Rows used. */
  nObs: number;
}

/** R's binomial family clamps the linear predictor at ±30 (C code `logit_linkinv`, `logit_mu_eta`). */
const ETA_THRESHOLD = 30;
/** R's `glm.fit` warns "fitted probabilities numerically 0 or 1 occurred" beyond this distance from 0 or 1. */
const BOUNDARY = 10 * Number.EPSILON;
/**
 * A column is collinear when less than this share of its (centred) sum of squares is left after regressing it on
 * the columns before it, i.e. R² > 1 - 1e-10. (R's QR rule is 1e-7 on the norm, 1e-14 on squares, which is beyond
 * what a cross-product matrix resolves in double precision.)
 */
const RANK_TOLERANCE = 1e-10;
/**
 * A coefficient whose standard error exceeds this many units per SD of its covariate is diverging (a regular fit
 * has about 1 / sqrt(n p (1 - p)), well below 1): used to name the covariates of a separation.
 */
const DIVERGING_SE = 50;

/**
 * Fits P(y = 1) = logit⁻¹(β₀ + Xβ) by maximum likelihood with IRLS, reproducing R's
 * `glm(y ~ ., family = binomial)`, `summary(fit)$coefficients`, `confint.default(fit)`, `fit$deviance`,
 * `fit$null.deviance`, `AIC(fit)` and `fit$iter`.
 * @param X covariates without the intercept column: one row per observation, row-major `{ rows, cols, data }`, or
 * `{ columns, subset? }` (see {@link DesignMatrix}).
 * @param y the outcome, 0 or 1 per row of X.
 * @throws {LengthMismatchError} when X and y (or names) disagree in length. @throws {NonFiniteValueError} naming
 * the row and column of a NaN or ±Infinity. @throws {InvalidArgumentError} when y is not 0/1.
 * @throws {EmptyGroupError} when there are no rows, or no more rows than coefficients.
 * @throws {CollinearityError} naming a covariate that is constant or a linear combination of the ones before it
 * (where R reports NA). @throws {SeparationError} naming the covariates involved when the outcome is (quasi-)
 * completely separated: a level of a two-valued covariate without events or without non-events, or fitted
 * probabilities numerically 0 or 1 (R's warning). @throws {ConvergenceError} when IRLS has not
 * converged after `maxIterations` (R: "algorithm did not converge").
 * @example
 * const fit = logisticRegression([[1], [2], [3], [4], [5], [6]], [0, 1, 0, 0, 1, 1], { names: ['dose'] });
 * fit.coefficients[1]; // { name: 'dose', estimate: 0.6690…, stdError: 0.7302…, … } as glm(y ~ dose, binomial)
 */
export function logisticRegression(
  X: DesignMatrix,
  y: ArrayLike<number>,
  options: LogisticRegressionOptions = {},
): LogisticRegressionResult {
  const maxIterations = options.maxIterations ?? 25;
  const epsilon = options.epsilon ?? 1e-8;
  const confidenceLevel = options.confidenceLevel ?? 0.95;
  if (!(maxIterations >= 1) || !(epsilon > 0) || !(confidenceLevel > 0 && confidenceLevel < 1)) {
    throw new InvalidArgumentError(
      `invalid options: maxIterations ${maxIterations}, epsilon ${epsilon}, confidenceLevel ${confidenceLevel}`,
    );
  }
  const design = buildDesign(X, y, options.names);
  const { n, p, names, means } = design;
  const outcome = design.y;

  const eventCount = countEvents(outcome);
  if (eventCount === 0 || eventCount === n) {
    throw new SeparationError(
      `the outcome is ${eventCount === 0 ? 0 : 1} in all ${n} rows, so there is nothing to model (the intercept ` +
        'diverges); check the outcome definition or the subgroup',
    );
  }
  // glm.fit's start for the binomial family, mu = (y + 0.5) / 2: its deviance, and the first step's X'WX and X'Wz.
  // Its weights are all 3/16 (mu is 1/4 or 3/4), so that X'WX is X'X times 3/16: it serves the rank check too.
  const sums = new PatternSums(design);
  irlsPass(design, undefined, sums);
  const xtwx = new Float64Array(p * p);
  const beta = new Float64Array(p);
  assemble(design, sums, xtwx, beta); // beta holds X'Wz
  requireFullRank(design, xtwx);
  requireEventsInEveryLevel(design);

  let devOld = sums.deviance;
  let dev = devOld;
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    if (iterations > 1) assemble(design, sums, xtwx, beta); // beta holds X'Wz
    const factor = choleskyInPlace(xtwx, p, RANK_TOLERANCE);
    if (!factor.ok) {
      // The columns were checked to be of full rank, so only collapsing weights can do this: separation.
      throw new SeparationError(
        `the IRLS weights collapsed at iteration ${iterations} (covariate ${names[factor.column]} lost all ` +
          'information): the outcome is separated; merge sparse categories or drop the covariate',
      );
    }
    choleskySolveInPlace(xtwx, p, beta); // beta now holds the new coefficients
    // New eta, mu and deviance, and the sums of the next step (unused after the last iteration).
    irlsPass(design, beta, sums);
    dev = sums.deviance;
    if (Math.abs(dev - devOld) / (Math.abs(dev) + 0.1) < epsilon) {
      converged = true;
      break;
    }
    devOld = dev;
  }

  // Covariance (X'WX)⁻¹ of the centred design, with the weights of the last iteration (as summary.glm).
  const covariance = choleskyInverse(xtwx, p);
  const { coefficients: rawCoefficients, variances } = uncentre(beta, covariance, means, p);

  // R's warning "fitted probabilities numerically 0 or 1 occurred": with 0/1 outcomes it means separation.
  if (sums.boundaryHit) {
    // The separating covariates are the ones whose estimates diverge: a huge SE per SD of the covariate.
    const diverging = names.filter(
      (_, j) => j > 0 && Math.sqrt(variances[j]!) * design.sds[j]! > DIVERGING_SE,
    );
    const involved = diverging.length > 0 ? diverging.join(', ') : 'a combination of the covariates';
    throw new SeparationError(
      `the outcome is (quasi-)completely separated by ${involved}: fitted probabilities numerically 0 or 1 ` +
        'occurred and the estimates diverge (no maximum-likelihood estimate exists); merge sparse categories or ' +
        'drop the covariate',
    );
  }
  if (!converged) {
    throw new ConvergenceError(
      `logistic regression did not converge in ${maxIterations} IRLS iterations (last relative deviance change ` +
        `${Math.abs(dev - devOld) / (Math.abs(dev) + 0.1)})`,
    );
  }

  const zCritical = qnorm(1 - (1 - confidenceLevel) / 2);
  const coefficients = names.map((name, j): LogisticCoefficient => {
    const estimate = rawCoefficients[j]!;
    const stdError = Math.sqrt(variances[j]!);
    const z = estimate / stdError;
    return {
      name,
      estimate,
      stdError,
      z,
      pValue: 2 * pnorm(-Math.abs(z)),
      oddsRatio: Math.exp(estimate),
      ciLower: Math.exp(estimate - zCritical * stdError),
      ciUpper: Math.exp(estimate + zCritical * stdError),
    };
  });
  return {
    coefficients,
    deviance: dev,
    nullDeviance: nullDeviance(outcome, eventCount / n),
    aic: dev + 2 * p,
    iterations,
    converged,
    nObs: n,
  };
}

/** glm.fit's starting linear predictor, log(mu / (1 - mu)) at mu = 3/4 (y = 1) and mu = 1/4 (y = 0). */
const START_ETA_EVENT = Math.log(0.75 / 0.25);
const START_ETA_NON_EVENT = Math.log(0.25 / 0.75);

/** Two-valued covariates beyond this many are kept per row with the continuous ones (the pattern id is 30 bits). */
const MAX_PATTERN_BITS = 30;
/** Up to this many pattern bits, pattern ids are looked up in a typed table instead of a Map. */
const TABLE_PATTERN_BITS = 16;

/**
 * The compressed design. Column 0 is the intercept; `discrete` lists it and the two-valued covariates (ascending),
 * whose centred values are constant within a pattern (`patternValues`, pattern × discrete, row-major);
 * `continuous` lists the other covariates (ascending), kept centred per row in `cont` (row × continuous).
 */
interface Design {
  n: number;
  /** Columns including the intercept. */
  p: number;
  y: Float64Array;
  names: string[];
  /** Means of the original columns (0 for the intercept). */
  means: Float64Array;
  /** Sample SDs of the original columns (0 for the intercept). */
  sds: Float64Array;
  /** Design columns whose values are constant within a pattern: 0 (the intercept), then two-valued covariates. */
  discrete: Int32Array;
  /** The other design columns. */
  continuous: Int32Array;
  /** Centred continuous columns, row-major n × continuous.length. */
  cont: Float64Array;
  /** Pattern of each row. */
  pattern: Int32Array;
  /** Number of patterns. */
  patterns: number;
  /** Centred value of each discrete column in each pattern, row-major patterns × discrete.length. */
  patternValues: Float64Array;
  /** The discrete slots (1..) at their second value in pattern g: `patternBits[patternBitStart[g] ..]`. */
  patternBitStart: Int32Array;
  patternBits: Int32Array;
  /** Per discrete slot: its centred first value (1 for the intercept) and second − first (0 for the intercept). */
  low: Float64Array;
  step: Float64Array;
  /** Raw value of each column in row 0, and its other value when the column is two-valued (else NaN). */
  firstValue: Float64Array;
  secondValue: Float64Array;
}

/**
 * Covariate j of every row: fills `out` (length n) and returns it, or returns the caller's own column when it is
 * already a Float64Array of the rows in order (read, never written).
 */
type ColumnReader = (j: number, out: Float64Array) => Float64Array;

/** The shape of X (rows n, covariates k) and a reader of its columns, after the length checks. */
function readShape(
  X: DesignMatrix,
  yLength: number,
): { n: number; k: number | undefined; read: ColumnReader; rowLengths?: readonly ArrayLike<number>[] } {
  if (Array.isArray(X)) {
    const rows = X as readonly ArrayLike<number>[];
    const k = rows[0]?.length;
    const read: ColumnReader = (j, out) => {
      for (let i = 0; i < rows.length; i++) out[i] = rows[i]![j]!;
      return out;
    };
    return { n: rows.length, k, read, rowLengths: rows };
  }
  if ('columns' in X) {
    const { columns, subset } = X;
    const length = columns[0]?.length ?? yLength;
    columns.forEach((column, j) => {
      if (column.length !== length) {
        throw new LengthMismatchError(`X column ${j} has ${column.length} values; column 0 has ${length}`);
      }
    });
    if (!subset) {
      return {
        n: length,
        k: columns.length,
        read: (j, out) => {
          const column = columns[j]!;
          if (column instanceof Float64Array) return column;
          for (let i = 0; i < length; i++) out[i] = column[i]!;
          return out;
        },
      };
    }
    for (let i = 0; i < subset.length; i++) {
      const r = subset[i]!;
      if (!(Number.isInteger(r) && r >= 0 && r < length)) {
        throw new InvalidArgumentError(`subset[${i}] is ${r}; row positions run from 0 to ${length - 1}`);
      }
    }
    return {
      n: subset.length,
      k: columns.length,
      read: (j, out) => {
        const column = columns[j]!;
        for (let i = 0; i < subset.length; i++) out[i] = column[subset[i]!]!;
        return out;
      },
    };
  }
  const flat = X as { rows: number; cols: number; data: ArrayLike<number> };
  if (flat.data.length !== flat.rows * flat.cols) {
    throw new LengthMismatchError(
      `X.data has ${flat.data.length} values; rows × cols is ${flat.rows * flat.cols}`,
    );
  }
  const { rows: n, cols: k, data } = flat;
  return {
    n,
    k,
    read: (j, out) => {
      for (let i = 0; i < n; i++) out[i] = data[i * k + j]!;
      return out;
    },
  };
}

/**
 * Reads X into the compressed {@link Design}: an intercept, centred covariates (IRLS is invariant to centring,
 * i.e. the fitted values are the same at every iteration, but the cross-products are far better conditioned, as
 * R's QR would have them; the intercept and covariance are mapped back in `uncentre`), the two-valued ones as a
 * pattern id per row.
 */
function buildDesign(
  X: DesignMatrix,
  yIn: ArrayLike<number>,
  namesIn: readonly string[] | undefined,
): Design {
  const shape = readShape(X, yIn.length);
  const { n, read } = shape;
  const k = shape.k ?? namesIn?.length ?? 0;
  if (yIn.length !== n) throw new LengthMismatchError(`X has ${n} rows but y has ${yIn.length} values`);
  if (n === 0) throw new EmptyGroupError('no rows to fit: X and y are empty');
  const p = k + 1;
  if (namesIn && namesIn.length !== k) {
    throw new LengthMismatchError(`names has ${namesIn.length} entries but X has ${k} columns`);
  }
  const names = ['(Intercept)', ...(namesIn ?? Array.from({ length: k }, (_, j) => `x${j + 1}`))];
  if (n <= p) throw new EmptyGroupError(`${n} rows cannot estimate ${p} coefficients; more rows are needed`);

  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const value = yIn[i]!;
    if (value !== 0 && value !== 1) {
      throw new InvalidArgumentError(`y[${i}] is ${value}; a logistic outcome must be 0 or 1`);
    }
    y[i] = value;
  }
  if (shape.rowLengths) {
    shape.rowLengths.forEach((row, i) => {
      if (row.length !== k)
        throw new LengthMismatchError(`X row ${i} has ${row.length} values; expected ${k}`);
    });
  }

  const means = new Float64Array(p);
  const sds = new Float64Array(p);
  const firstValue = new Float64Array(p).fill(1);
  const secondValue = new Float64Array(p).fill(NaN);
  const discrete = [0];
  const continuous: number[] = [];
  const centredColumns: Float64Array[] = [];
  const mask = new Int32Array(n);
  const buffer = new Float64Array(n);
  for (let j = 1; j < p; j++) {
    const column = read(j - 1, buffer);
    // One pass for the sum and whether the column is two-valued, one for the sum of squares and the storage.
    const first = column[0]!;
    let second = first;
    let twoValued = true;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = column[i]!;
      sum += v;
      if (v !== first && v !== second) {
        if (second === first) second = v;
        else twoValued = false;
      }
    }
    if (!Number.isFinite(sum)) {
      const i = column.findIndex((v) => !Number.isFinite(v));
      throw new NonFiniteValueError(
        `X row ${i}, column ${names[j]} is ${column[i]}; drop or impute it before fitting`,
      );
    }
    const m = sum / n;
    firstValue[j] = first;
    if (twoValued) secondValue[j] = second;
    let ss = 0;
    if (twoValued && discrete.length <= MAX_PATTERN_BITS) {
      const bit = 1 << (discrete.length - 1);
      for (let i = 0; i < n; i++) {
        const v = column[i]!;
        const d = v - m;
        ss += d * d;
        if (v !== first) mask[i]! |= bit;
      }
      discrete.push(j);
    } else {
      const centred = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const d = column[i]! - m;
        ss += d * d;
        centred[i] = d;
      }
      continuous.push(j);
      centredColumns.push(centred);
    }
    means[j] = m;
    sds[j] = Math.sqrt(ss / (n - 1));
  }

  const c = continuous.length;
  const cont = new Float64Array(n * c);
  centredColumns.forEach((centred, a) => {
    for (let i = 0; i < n; i++) cont[i * c + a] = centred[i]!;
  });

  // Pattern ids in order of first appearance; each pattern's values from its bits.
  const bits = discrete.length - 1;
  const pattern = mask; // each row's mask is replaced by its pattern id
  const patternMasks: number[] = [];
  if (bits <= TABLE_PATTERN_BITS) {
    const table = new Int32Array(1 << bits).fill(-1);
    for (let i = 0; i < n; i++) {
      const key = mask[i]!;
      let id = table[key]!;
      if (id < 0) {
        id = patternMasks.length;
        table[key] = id;
        patternMasks.push(key);
      }
      pattern[i] = id;
    }
  } else {
    const ids = new Map<number, number>();
    for (let i = 0; i < n; i++) {
      const key = mask[i]!;
      let id = ids.get(key);
      if (id === undefined) {
        id = patternMasks.length;
        ids.set(key, id);
        patternMasks.push(key);
      }
      pattern[i] = id;
    }
  }
  const dd = discrete.length;
  const patterns = patternMasks.length;
  const patternValues = new Float64Array(patterns * dd);
  const patternBitStart = new Int32Array(patterns + 1);
  const bitList: number[] = [];
  for (let g = 0; g < patterns; g++) {
    const key = patternMasks[g]!;
    patternValues[g * dd] = 1;
    patternBitStart[g] = bitList.length;
    for (let t = 1; t < dd; t++) {
      const j = discrete[t]!;
      const set = (key & (1 << (t - 1))) !== 0;
      patternValues[g * dd + t] = set ? secondValue[j]! - means[j]! : firstValue[j]! - means[j]!;
      if (set) bitList.push(t);
    }
  }
  patternBitStart[patterns] = bitList.length;
  const low = new Float64Array(dd);
  const step = new Float64Array(dd);
  low[0] = 1;
  for (let t = 1; t < dd; t++) {
    const j = discrete[t]!;
    low[t] = firstValue[j]! - means[j]!;
    step[t] = secondValue[j]! - firstValue[j]!;
  }
  return {
    n,
    p,
    y,
    names,
    means,
    sds,
    discrete: Int32Array.from(discrete),
    continuous: Int32Array.from(continuous),
    cont,
    pattern,
    patterns,
    patternValues,
    patternBitStart,
    patternBits: Int32Array.from(bitList),
    low,
    step,
    firstValue,
    secondValue,
  };
}

/**
 * Per-pattern and continuous sums of one pass over the rows, reused across the passes of a fit: Σw and Σwz per
 * pattern, Σw·x per pattern and continuous column, and the continuous × continuous block of X'WX (packed lower
 * triangle) and of X'Wz. The last IRLS pass's deviance and boundary flag ride along.
 */
class PatternSums {
  readonly w: Float64Array;
  readonly wz: Float64Array;
  readonly wx: Float64Array;
  readonly xwx: Float64Array;
  readonly xwz: Float64Array;
  /** Linear predictor of each pattern's discrete part, and the continuous coefficients (scratch). */
  readonly patternEta: Float64Array;
  readonly continuousBeta: Float64Array;
  /**
   * Assembly scratch, per discrete slot a (and pair a ≥ b): Σw over the patterns where a is at its second value
   * (`bitW`), where a and b both are (`pairW`, packed), and the same for Σwz (`bitWz`) and Σw·x (`bitWx`).
   */
  readonly bitW: Float64Array;
  readonly bitWz: Float64Array;
  readonly bitWx: Float64Array;
  readonly pairW: Float64Array;
  /** Σ over all patterns of w·x per continuous column. */
  readonly totalWx: Float64Array;
  deviance = 0;
  boundaryHit = false;

  constructor({ patterns, discrete, continuous }: Design) {
    const c = continuous.length;
    const d = discrete.length;
    this.w = new Float64Array(patterns);
    this.wz = new Float64Array(patterns);
    this.wx = new Float64Array(patterns * c);
    this.xwx = new Float64Array((c * (c + 1)) / 2);
    this.xwz = new Float64Array(c);
    this.patternEta = new Float64Array(patterns);
    this.continuousBeta = new Float64Array(c);
    this.bitW = new Float64Array(d);
    this.bitWz = new Float64Array(d);
    this.bitWx = new Float64Array(d * c);
    this.pairW = new Float64Array((d * (d + 1)) / 2);
    this.totalWx = new Float64Array(c);
  }

  reset(): void {
    this.w.fill(0);
    this.wz.fill(0);
    this.wx.fill(0);
    this.xwx.fill(0);
    this.xwz.fill(0);
  }
}

function countEvents(y: Float64Array): number {
  let events = 0;
  for (let i = 0; i < y.length; i++) events += y[i]!;
  return events;
}

/**
 * Throws `CollinearityError` for the first covariate that is constant or (nearly) a linear combination of the
 * ones before it: Cholesky of the centred X'X (here X'WX with constant weights, the same up to scale), where R's
 * `glm` would report that coefficient as NA.
 */
function requireFullRank({ p, names, sds }: Design, xtwx: Float64Array): void {
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
function requireEventsInEveryLevel(design: Design): void {
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

/**
 * One pass over the rows. With `beta`, eta = X beta and mu = logit⁻¹(eta), with R's clamping of exp(eta) to
 * [eps, 1/eps]; without it, glm.fit's start mu = (y + 0.5) / 2. Records the deviance and whether a fitted
 * probability is numerically 0 or 1, and accumulates into `sums` the next step's normal equations, with R's
 * working weights W = mu.eta² / (mu (1 - mu)) and working response z = eta + (y - mu) / mu.eta.
 */
function irlsPass(design: Design, beta: Float64Array | undefined, sums: PatternSums): void {
  const { n, y, pattern, patterns, patternValues, discrete, continuous, cont } = design;
  const c = continuous.length;
  const dd = discrete.length;
  sums.reset();
  const { w: sw, wz: swz, wx: swx, xwx, xwz, patternEta, continuousBeta } = sums;
  if (beta) {
    for (let g = 0; g < patterns; g++) {
      let e = 0;
      const offset = g * dd;
      for (let t = 0; t < dd; t++) e += beta[discrete[t]!]! * patternValues[offset + t]!;
      patternEta[g] = e;
    }
    for (let a = 0; a < c; a++) continuousBeta[a] = beta[continuous[a]!]!;
  }
  let deviance = 0;
  let boundaryHit = false;
  for (let i = 0; i < n; i++) {
    const g = pattern[i]!;
    const yi = y[i]!;
    const row = i * c;
    let e: number;
    let m: number;
    if (beta) {
      e = patternEta[g]!;
      for (let a = 0; a < c; a++) e += continuousBeta[a]! * cont[row + a]!;
      const t = e < -ETA_THRESHOLD ? Number.EPSILON : e > ETA_THRESHOLD ? 1 / Number.EPSILON : Math.exp(e);
      m = t / (1 + t);
    } else {
      // mu = (y + 0.5) / 2 is 3/4 or 1/4, so eta is ±log 3 (as Math.log(mu / (1 - mu))).
      m = (yi + 0.5) / 2;
      e = yi === 1 ? START_ETA_EVENT : START_ETA_NON_EVENT;
    }
    deviance -= 2 * Math.log(yi === 1 ? m : 1 - m);
    if (m > 1 - BOUNDARY || m < BOUNDARY) boundaryHit = true;
    let w: number;
    let wz: number;
    if (e > ETA_THRESHOLD || e < -ETA_THRESHOLD) {
      const dmu = Number.EPSILON;
      w = (dmu * dmu) / (m * (1 - m));
      wz = w * (e + (yi - m) / dmu);
    } else {
      // Inside the clamp mu.eta = e^η / (1 + e^η)² = mu (1 - mu), so W = mu.eta² / (mu (1 - mu)) = mu (1 - mu)
      // and Wz = W η + (y - mu): the same values as R's, without an exp() and two divisions per row.
      w = m * (1 - m);
      wz = w * e + (yi - m);
    }
    sw[g]! += w;
    swz[g]! += wz;
    const gc = g * c;
    for (let a = 0; a < c; a++) {
      const xa = cont[row + a]!;
      const wxa = w * xa;
      swx[gc + a]! += wxa;
      xwz[a]! += wz * xa;
      const base = (a * (a + 1)) >> 1;
      for (let b = 0; b <= a; b++) xwx[base + b]! += wxa * cont[row + b]!;
    }
  }
  sums.deviance = deviance;
  sums.boundaryHit = boundaryHit;
}

/**
 * X'WX (lower triangle, p × p row-major) and X'Wz from the sums of a pass. A discrete column's centred value is
 * low + step · u, u = 1 at its second value, so with W = Σw, Aₐ = Σw over the patterns with uₐ = 1 and
 * Bₐᵦ = Σw over the patterns with uₐ = uᵦ = 1, the discrete block is
 * lowₐ lowᵦ W + lowₐ stepᵦ Aᵦ + stepₐ lowᵦ Aₐ + stepₐ stepᵦ Bₐᵦ (and alike for X'Wz and the discrete ×
 * continuous block): each pattern costs only its set bits, not all pairs of discrete columns.
 */
function assemble(design: Design, sums: PatternSums, xtwx: Float64Array, rhs: Float64Array): void {
  const { p, patterns, patternBitStart, patternBits, discrete, continuous, low, step } = design;
  const c = continuous.length;
  const d = discrete.length;
  const { w, wz, wx, xwx, xwz, bitW, bitWz, bitWx, pairW, totalWx } = sums;
  bitW.fill(0);
  bitWz.fill(0);
  bitWx.fill(0);
  pairW.fill(0);
  totalWx.fill(0);
  let totalW = 0;
  let totalWz = 0;
  for (let g = 0; g < patterns; g++) {
    const wg = w[g]!;
    const zg = wz[g]!;
    const gc = g * c;
    totalW += wg;
    totalWz += zg;
    for (let b = 0; b < c; b++) totalWx[b]! += wx[gc + b]!;
    const start = patternBitStart[g]!;
    const end = patternBitStart[g + 1]!;
    for (let s = start; s < end; s++) {
      const a = patternBits[s]!;
      bitW[a]! += wg;
      bitWz[a]! += zg;
      const ac = a * c;
      for (let b = 0; b < c; b++) bitWx[ac + b]! += wx[gc + b]!;
      const base = (a * (a + 1)) >> 1;
      for (let r = start; r <= s; r++) pairW[base + patternBits[r]!]! += wg;
    }
  }
  xtwx.fill(0);
  for (let a = 0; a < d; a++) {
    const ja = discrete[a]!;
    const la = low[a]!;
    const sa = step[a]!;
    rhs[ja] = la * totalWz + sa * bitWz[a]!;
    const base = (a * (a + 1)) >> 1;
    for (let b = 0; b <= a; b++) {
      const lb = low[b]!;
      const sb = step[b]!;
      xtwx[ja * p + discrete[b]!] =
        la * lb * totalW + la * sb * bitW[b]! + sa * lb * bitW[a]! + sa * sb * pairW[base + b]!;
    }
    for (let b = 0; b < c; b++) {
      const jb = continuous[b]!;
      xtwx[ja > jb ? ja * p + jb : jb * p + ja] = la * totalWx[b]! + sa * bitWx[a * c + b]!;
    }
  }
  for (let a = 0; a < c; a++) {
    const ja = continuous[a]!;
    rhs[ja] = xwz[a]!;
    const base = (a * (a + 1)) >> 1;
    for (let b = 0; b <= a; b++) xtwx[ja * p + continuous[b]!] = xwx[base + b]!;
  }
}

/** Deviance of the intercept-only model, mu = share of events (R's `fit$null.deviance` for 0/1 outcomes). */
function nullDeviance(y: Float64Array, share: number): number {
  let sum = 0;
  const logEvent = Math.log(share);
  const logNonEvent = Math.log(1 - share);
  for (let i = 0; i < y.length; i++) sum -= 2 * (y[i] === 1 ? logEvent : logNonEvent);
  return sum;
}

/**
 * Maps the centred fit back to the original covariates: β₀ = β₀ᶜ - Σ βⱼ mⱼ, and Var(β₀) = T V Tᵀ for
 * T = [1, -m'], i.e. V₀₀ - 2 Σ mⱼ V₀ⱼ + Σ mⱼ mₖ Vⱼₖ. The slopes and their variances are unchanged.
 */
function uncentre(
  beta: Float64Array,
  covariance: Float64Array,
  means: Float64Array,
  p: number,
): { coefficients: Float64Array; variances: Float64Array } {
  const coefficients = Float64Array.from(beta);
  const variances = new Float64Array(p);
  let intercept = beta[0]!;
  let v00 = covariance[0]!;
  for (let j = 1; j < p; j++) {
    intercept -= beta[j]! * means[j]!;
    v00 -= 2 * means[j]! * covariance[j]!;
    for (let k = 1; k < p; k++) v00 += means[j]! * means[k]! * covariance[j * p + k]!;
    variances[j] = covariance[j * p + j]!;
  }
  coefficients[0] = intercept;
  variances[0] = v00;
  return { coefficients, variances };
}
