import { createRandom } from '../../../shared/random/seeded-random.js';

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and differs across seeds', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(seqA);
  });

  it('draws uniforms on [0,1) with the right mean and normals with mean 0 and sd 1', () => {
    const rng = createRandom(7);
    const n = 100_000;
    let sumU = 0;
    let sumZ = 0;
    let sumZ2 = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.next();
      if (u < 0 || u >= 1) throw new Error(`uniform out of range: ${u}`);
      sumU += u;
      const z = rng.normal();
      sumZ += z;
      sumZ2 += z * z;
    }
    expect(Math.abs(sumU / n - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(sumZ / n)).toBeLessThan(0.01);
    expect(Math.abs(sumZ2 / n - 1)).toBeLessThan(0.02);
  });

  it('rejects a non-finite seed', () => {
    expect(() => createRandom(Number.NaN)).toThrow(/finite/);
  });
});
