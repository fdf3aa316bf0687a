import { buildDesign } from '../../../shared/stats/logistic-design.js';
import { assemble, irlsPass, PatternSums } from '../../../shared/stats/logistic-irls.js';

const rows = [
  [1, 0, 50],
  [2, 1, 61],
  [1, 1, 47],
  [2, 0, 70],
  [1, 0, 55],
  [2, 1, 58],
  [1, 1, 66],
];
const y = [0, 1, 0, 1, 1, 0, 1];

/** X'WX and X'Wz of the centred design computed densely, row by row. */
function dense(w: (i: number) => number, z: (i: number) => number, means: Float64Array) {
  const x = rows.map((r) => [1, ...r.map((v, j) => v - means[j + 1]!)]);
  const p = 4;
  const xtwx = Array.from({ length: p }, (_, a) =>
    Array.from({ length: p }, (_, b) => x.reduce((s, xi, i) => s + w(i) * xi[a]! * xi[b]!, 0)),
  );
  const xtwz = Array.from({ length: p }, (_, a) => x.reduce((s, xi, i) => s + w(i) * z(i) * xi[a]!, 0));
  return { x, xtwx, xtwz };
}

/** The assembled lower triangle of X'WX and X'Wz equal the dense ones. */
function expectNormalEquations(
  xtwx: Float64Array,
  rhs: Float64Array,
  expected: number[][],
  xtwz: number[],
): void {
  for (let a = 0; a < 4; a++) {
    for (let b = 0; b <= a; b++) expect(xtwx[a * 4 + b]).toBeCloseTo(expected[a]![b]!, 10);
    expect(rhs[a]).toBeCloseTo(xtwz[a]!, 10);
  }
}

describe('IRLS passes over the compressed design', () => {
  test("the start pass is glm.fit's: mu = (y + 0.5) / 2, weights 3/16, the deviance of that start", () => {
    const design = buildDesign(rows, y, undefined);
    const sums = new PatternSums(design);
    irlsPass(design, undefined, sums);
    expect(sums.deviance).toBeCloseTo(-2 * rows.length * Math.log(0.75), 12);
    expect(sums.boundaryHit).toBe(false);

    const xtwx = new Float64Array(16);
    const rhs = new Float64Array(4);
    assemble(design, sums, xtwx, rhs);
    const eta = (i: number) => (y[i] === 1 ? Math.log(3) : -Math.log(3));
    const mu = (i: number) => (y[i]! + 0.5) / 2;
    const { xtwx: expected, xtwz } = dense(
      () => 3 / 16,
      (i) => eta(i) + (y[i]! - mu(i)) / (3 / 16),
      design.means,
    );
    expectNormalEquations(xtwx, rhs, expected, xtwz);
  });

  test('a pass at given coefficients accumulates the working weights and response at those coefficients', () => {
    const design = buildDesign(rows, y, undefined);
    const sums = new PatternSums(design);
    const beta = Float64Array.from([0.2, -0.5, 0.8, 0.03]);
    irlsPass(design, beta, sums);
    const xtwx = new Float64Array(16);
    const rhs = new Float64Array(4);
    assemble(design, sums, xtwx, rhs);

    const { x } = dense(
      () => 0,
      () => 0,
      design.means,
    );
    const eta = x.map((xi) => xi.reduce((s, v, j) => s + v * beta[j]!, 0));
    const mu = eta.map((e) => 1 / (1 + Math.exp(-e)));
    const deviance = -2 * mu.reduce((s, m, i) => s + Math.log(y[i] === 1 ? m : 1 - m), 0);
    expect(sums.deviance).toBeCloseTo(deviance, 10);
    const w = (i: number) => mu[i]! * (1 - mu[i]!);
    const { xtwx: expected, xtwz } = dense(w, (i) => eta[i]! + (y[i]! - mu[i]!) / w(i), design.means);
    expectNormalEquations(xtwx, rhs, expected, xtwz);
  });

  test('a fitted probability numerically 0 or 1 is flagged', () => {
    const design = buildDesign(rows, y, undefined);
    const sums = new PatternSums(design);
    irlsPass(design, Float64Array.from([0, 0, 0, 5]), sums);
    expect(sums.boundaryHit).toBe(true);
  });
});
