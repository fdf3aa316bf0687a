import { mapLimit } from '../../../../shared/report/publish/map-limit.js';

describe('mapLimit', () => {
  it('keeps the items in order and never has more than `limit` calls pending', async () => {
    let pending = 0;
    let most = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0], 2, async (item, index) => {
      pending += 1;
      most = Math.max(most, pending);
      // Later items finish first, so the order of results comes from the indices, not from completion.
      await new Promise((resolve) => setImmediate(resolve));
      for (let i = 0; i < item; i++) await Promise.resolve();
      pending -= 1;
      return `${index}:${item}`;
    });
    expect(results).toEqual(['0:5', '1:1', '2:4', '3:2', '4:3', '5:0']);
    expect(most).toBe(2);
  });

  it('handles no items and a limit above the item count or below 1', async () => {
    expect(await mapLimit([], 4, async (x: number) => x)).toEqual([]);
    expect(await mapLimit([1, 2], 10, async (x) => x * 2)).toEqual([2, 4]);
    expect(await mapLimit([1, 2], 0, async (x) => x * 3)).toEqual([3, 6]);
  });

  it('rejects with the first error', async () => {
    await expect(
      mapLimit([1, 2, 3], 2, async (x) => {
        if (x === 2) throw new Error('two failed');
        return x;
      }),
    ).rejects.toThrow('two failed');
  });
});
