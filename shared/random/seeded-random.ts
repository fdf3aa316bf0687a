/**
 * A small, fast, seeded pseudo-random generator (xoshiro128**, seeded through splitmix32).
 * Every random choice in the registry (synthetic data, imputation, matching ties) takes one of these as an
 * argument, so a report is reproducible from its inputs and seed.
 */
export interface Random {
  /** Uniform on [0, 1). */
  next(): number;
  /** Standard normal deviate (Box–Muller, one cached spare). */
  normal(): number;
  /** Integer uniform on [0, n). */
  int(n: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** A new independent stream derived from this one (for parallel, order-independent use). */
  fork(): Random;
}

function splitmix32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x9e3779b9) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Creates a seeded generator. The same seed always yields the same sequence. */
export function createRandom(seed: number): Random {
  if (!Number.isFinite(seed)) throw new RangeError(`Random seed must be a finite number, got ${seed}`);
  const init = splitmix32(Math.floor(seed));
  let s0 = init();
  let s1 = init();
  let s2 = init();
  let s3 = init();
  let spare: number | undefined;

  const nextUint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };

  const next = (): number => {
    // 53 bits of randomness from two draws.
    const hi = nextUint32() >>> 5;
    const lo = nextUint32() >>> 6;
    return (hi * 67108864 + lo) / 9007199254740992;
  };

  return {
    next,
    normal() {
      if (spare !== undefined) {
        const value = spare;
        spare = undefined;
        return value;
      }
      let u = 0;
      while (u === 0) u = next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    int(n: number) {
      return Math.floor(next() * n);
    },
    bernoulli(p: number) {
      return next() < p;
    },
    fork() {
      return createRandom(nextUint32());
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
