import {
  choleskyInPlace,
  choleskyInverse,
  choleskySolveInPlace,
} from '../../../shared/stats/linear-algebra.js';

// Reference values generated in R 4.2 with A = matrix(c(4, 2, 0.6, 2, 5, 1.5, 0.6, 1.5, 3), 3):
// t(chol(A)), solve(A, c(1, 2, 3)) and chol2inv(chol(A)), printed with digits = 17. Tolerance: absolute 1e-14.
const A = [4, 2, 0.6, 2, 5, 1.5, 0.6, 1.5, 3];
const rLower = [
  [2, 0, 0],
  [1, 2, 0],
  [0.3, 0.6, 1.5968719422671314],
];
const rSolve = [0.0625, 0.092647058823529416, 0.94117647058823528];
const rInverse = [
  0.3125, -0.125, 0, -0.125, 0.28529411764705881, -0.1176470588235294, 0, -0.1176470588235294,
  0.39215686274509798,
];

function factor(values: number[], p: number, tolerance = 1e-10): Float64Array {
  const a = Float64Array.from(values);
  expect(choleskyInPlace(a, p, tolerance)).toEqual({ ok: true });
  return a;
}

describe('choleskyInPlace (R chol)', () => {
  it('writes the lower factor L of A = L Lt', () => {
    const l = factor(A, 3);
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j <= i; j++) expect(l[i * 3 + j]).toBeCloseTo(rLower[i]![j]!, 14);
    }
  });

  it('reports the first column that is a linear combination of the columns before it', () => {
    // Column 3 = column 1 + column 2 of X, so X'X is singular in its third column.
    const X = [
      [1, 2, 3],
      [2, 1, 3],
      [0, 1, 1],
      [3, 5, 8],
    ];
    const xtx = new Array<number>(9).fill(0);
    for (const row of X)
      for (let a = 0; a < 3; a++) for (let b = 0; b < 3; b++) xtx[a * 3 + b]! += row[a]! * row[b]!;
    expect(choleskyInPlace(Float64Array.from(xtx), 3, 1e-10)).toEqual({ ok: false, column: 2 });
  });

  it('reports a zero column', () => {
    expect(choleskyInPlace(Float64Array.from([1, 0, 0, 0]), 2, 1e-10)).toEqual({ ok: false, column: 1 });
  });
});

describe('choleskySolveInPlace (R solve) and choleskyInverse (R chol2inv)', () => {
  it('solves A x = b', () => {
    const b = Float64Array.from([1, 2, 3]);
    choleskySolveInPlace(factor(A, 3), 3, b);
    b.forEach((value, i) => expect(value).toBeCloseTo(rSolve[i]!, 14));
  });

  it('inverts A', () => {
    const inverse = choleskyInverse(factor(A, 3), 3);
    inverse.forEach((value, i) => expect(value).toBeCloseTo(rInverse[i]!, 14));
  });
});
