/**
 * Finds run ids repeated within one file without keeping every id as a string: an open-addressing table of two
 * independent 32-bit hashes (a 64-bit fingerprint) and the row each id was first seen on, in typed arrays, about
 * 24 bytes per row. Two different ids collide with probability about n²/2⁶⁵ (≈ 10⁻⁷ at 2 million rows).
 */

const EMPTY = 0;

/** FNV-1a and a second multiplicative hash over the UTF-16 code units; the pair is the id's fingerprint. */
function fingerprint(text: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  // 0 marks an empty slot in `rows`, not in the hashes, so any hash value is allowed.
  return [a >>> 0, b >>> 0];
}

export class RunIdIndex {
  private hashA: Uint32Array;
  private hashB: Uint32Array;
  /** Row (line) of the first occurrence; 0 = empty slot. */
  private rows: Uint32Array;
  private size = 0;

  constructor(initialCapacity = 1024) {
    let capacity = 16;
    while (capacity < initialCapacity * 2) capacity *= 2;
    this.hashA = new Uint32Array(capacity);
    this.hashB = new Uint32Array(capacity);
    this.rows = new Uint32Array(capacity);
  }

  /** Records `runId` as seen on `row`; returns the row it was first seen on when it is a repeat, else undefined. */
  add(runId: string, row: number): number | undefined {
    const [a, b] = fingerprint(runId);
    const found = this.insert(a, b, row);
    if (found !== undefined) return found;
    this.size++;
    if (this.size * 2 > this.rows.length) this.grow();
    return undefined;
  }

  private insert(a: number, b: number, row: number): number | undefined {
    const mask = this.rows.length - 1;
    let slot = (a ^ (b >>> 7)) & mask;
    while (this.rows[slot] !== EMPTY) {
      if (this.hashA[slot] === a && this.hashB[slot] === b) return this.rows[slot];
      slot = (slot + 1) & mask;
    }
    this.hashA[slot] = a;
    this.hashB[slot] = b;
    this.rows[slot] = row;
    return undefined;
  }

  private grow(): void {
    const { hashA, hashB, rows } = this;
    this.hashA = new Uint32Array(rows.length * 2);
    this.hashB = new Uint32Array(rows.length * 2);
    this.rows = new Uint32Array(rows.length * 2);
    for (let i = 0; i < rows.length; i++) if (rows[i] !== EMPTY) this.insert(hashA[i]!, hashB[i]!, rows[i]!);
  }
}
