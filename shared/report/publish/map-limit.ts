/** Bounded concurrency for the report pipeline's I/O: at most `limit` calls of `fn` in flight at once. */

/**
 * Maps `items` through `fn` with at most `limit` calls pending at a time; the results keep the items' order.
 * Rejects with the first error (calls already started run to their end).
 * @example const texts = await mapLimit(keys, 8, (key) => store.get(key))
 */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}
