/**
 * The compressed design matrix of a logistic regression. Registry models are mostly 0/1 covariates, so the
 * two-valued covariates of a row become one pattern id (rows sharing every 0/1 value share a pattern; about a
 * thousand patterns at 5,500 rows), and only the other (continuous) covariates are kept per row, centred,
 * row-major. The design is never copied as a dense n × p matrix.
 */
import { EmptyGroupError, InvalidArgumentError, LengthMismatchError, NonFiniteValueError } from './errors.js';

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

/** Two-valued covariates beyond this many are kept per row with the continuous ones (the pattern id is 30 bits). */
const MAX_PATTERN_BITS = 30;
/** Up to this many pattern bits, pattern ids are looked up in a typed table instead of a Map. */
const TABLE_PATTERN_BITS = 16;

/**
 * The compressed design. Column 0 is the intercept; `discrete` lists it and the two-valued covariates (ascending),
 * whose centred values are constant within a pattern (`patternValues`, pattern × discrete, row-major);
 * `continuous` lists the other covariates (ascending), kept centred per row in `cont` (row × continuous).
 */
export interface Design {
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
 * R's QR would have them; the intercept and covariance are mapped back by logistic-regression.ts), the two-valued ones as a
 * pattern id per row.
 */
export function buildDesign(
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
