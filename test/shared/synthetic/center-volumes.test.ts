import { createRandom } from '../../../shared/random/seeded-random.js';
import { drawCenterVolumes } from '../../../shared/synthetic/center-volumes.js';

describe('drawCenterVolumes', () => {
  const ids = Array.from({ length: 111 }, (_, i) => `C${String(i + 1).padStart(3, '0')}`);

  it('sums exactly to the total, gives every center its minimum, and is unequal', () => {
    const volumes = drawCenterVolumes(createRandom(3), ids, 10_640, 1.1, 4);
    const values = [...volumes.values()];
    expect(values.reduce((a, b) => a + b, 0)).toBe(10_640);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(4);
    // Log-normal spread: the largest center is many times the median one.
    const sorted = [...values].sort((a, b) => a - b);
    expect(sorted[sorted.length - 1]! / sorted[55]!).toBeGreaterThan(5);
  });

  it('is deterministic for a seed', () => {
    expect(drawCenterVolumes(createRandom(9), ids, 5000, 1, 4)).toEqual(
      drawCenterVolumes(createRandom(9), ids, 5000, 1, 4),
    );
    expect(drawCenterVolumes(createRandom(9), ids, 5000, 1, 4)).not.toEqual(
      drawCenterVolumes(createRandom(10), ids, 5000, 1, 4),
    );
  });

  it('refuses a total too small for the minimum', () => {
    expect(() => drawCenterVolumes(createRandom(1), ids, 100, 1, 4)).toThrow(RangeError);
  });
});
