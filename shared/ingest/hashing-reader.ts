import { createHash, type Hash } from 'node:crypto';

/**
 * Reads a byte stream once while hashing it (sha256) and counting its bytes. The consumer may stop early (a
 * validator that rejects a file on its first bytes); {@link HashingReader.digest} then drains the rest, so the
 * checksum is always of the whole object.
 */
export class HashingReader {
  private readonly iterator: AsyncIterator<Uint8Array>;
  private readonly hash: Hash = createHash('sha256');
  private byteCount = 0;
  private finished = false;
  private result: { checksum: string; bytes: number } | undefined;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  /** The bytes, hashed as they pass. Breaking out of the loop does not close the source. */
  chunks(): AsyncIterable<Uint8Array> {
    return {
      [Symbol.asyncIterator]: () => ({
        next: () => this.next(),
        return: async () => ({ done: true, value: undefined }),
      }),
    };
  }

  /** Reads what is left, then returns the sha256 (hex) and size of the whole stream. */
  async digest(): Promise<{ checksum: string; bytes: number }> {
    while (!this.finished) await this.next();
    this.result ??= { checksum: this.hash.digest('hex'), bytes: this.byteCount };
    return this.result;
  }

  private async next(): Promise<IteratorResult<Uint8Array>> {
    if (this.finished) return { done: true, value: undefined };
    const result = await this.iterator.next();
    if (result.done) {
      this.finished = true;
      return result;
    }
    const chunk = typeof result.value === 'string' ? Buffer.from(result.value as string) : result.value;
    this.hash.update(chunk);
    this.byteCount += chunk.byteLength;
    return { done: false, value: chunk };
  }
}
