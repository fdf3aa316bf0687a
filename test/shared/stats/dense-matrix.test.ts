import {
  cholesky,
  inverseFromCholesky,
  solveLinear,
  symmetricEigen,
} from '../../../shared/stats/dense-matrix.js';

const a = [
  [4, 2, 0.6],
  [2, 5, 1],
  [0.6, 1, 3],
];
const times = (m: number[][], v: number[]) => m.map((row) => row.reduce((s, x, j) => s + x * v[j]!, 0));

describe('dense matrix helpers', () => {
  test('solveLinear solves A x = b', () => {
    const x = solveLinear(a, [1, 2, 3]);
    times(a, x).forEach((v, i) => expect(v).toBeCloseTo([1, 2, 3][i]!, 12));
  });

  test('cholesky gives L with L Lᵀ = A, and undefined for a matrix that is not positive definite', () => {
    const l = cholesky(a)!;
    for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        const llt = [0, 1, 2].reduce((s, k) => s + (l[i]![k] ?? 0) * (l[j]![k] ?? 0), 0);
        expect(llt).toBeCloseTo(a[i]![j]!, 12);
      }
    }
    expect(
      cholesky([
        [1, 2],
        [2, 1],
      ]),
    ).toBeUndefined();
  });

  test('inverseFromCholesky inverts A', () => {
    const inv = inverseFromCholesky(cholesky(a)!);
    for (let j = 0; j < 3; j++) {
      const column = inv.map((row) => row[j]!);
      times(a, column).forEach((v, i) => expect(v).toBeCloseTo(i === j ? 1 : 0, 12));
    }
  });

  test('symmetricEigen gives eigenpairs A v = λ v', () => {
    const { values, vectors } = symmetricEigen(a);
    values.forEach((lambda, k) => {
      const v = vectors.map((row) => row[k]!);
      times(a, v).forEach((av, i) => expect(av).toBeCloseTo(lambda * v[i]!, 10));
    });
    expect(values.reduce((s, v) => s + v, 0)).toBeCloseTo(12, 10);
  });
});
