/**
 * Random chi-square deviates from an injected seeded generator.
 */
import type { Random } from '../random/seeded-random.js';
import { InvalidArgumentError } from './errors.js';

/**
 * Draws from χ²(df) as 2·Gamma(df/2), with Marsaglia & Tsang's (2000) gamma method and, for shape < 1, the
 * boost Gamma(a) = Gamma(a + 1)·U^(1/a). Plays the role of R's `rchisq(1, df)` (not the same stream).
 * @throws {InvalidArgumentError} when df is not a positive finite number.
 * @example
 * drawChiSquare(10, createRandom(1)); // => a draw with mean 10, variance 20
 */
export function drawChiSquare(df: number, random: Random): number {
  if (!(Number.isFinite(df) && df > 0)) throw new InvalidArgumentError(`df is ${df}; it must be positive`);
  return 2 * drawGamma(df / 2, random);
}

function drawGamma(shape: number, random: Random): number {
  if (shape < 1) {
    let u = 0;
    while (u === 0) u = random.next();
    return drawGamma(shape + 1, random) * u ** (1 / shape);
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.next();
    if (u < 1 - 0.0331 * x ** 4) return d * v;
    if (u > 0 && Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
