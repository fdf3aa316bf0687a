import { publishedQuarters } from '../../../../shared/report/publish/published-quarters.js';
import type { SiteObjectStore } from '../../../../shared/report/publish/site-object-store.js';

/** A site store over a map, recording the keys read. */
function storeWith(objects: Record<string, string>): SiteObjectStore & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    put: async (key, body) => void (objects[key] = body),
    get: async (key) => (reads.push(key), objects[key]),
  };
}

describe('publishedQuarters', () => {
  it("reads the prefix's index.json once and lists its quarters oldest first with their status", async () => {
    const store = storeWith({
      'site/index.json': JSON.stringify([
        {
          quarter: '2023-Q3',
          status: 'provisional',
          generatedAt: '2023-10-01T00:00:00Z',
          path: '2023-Q3/v2/index.html',
        },
        {
          quarter: '2023-Q2',
          status: 'final',
          generatedAt: '2023-08-01T00:00:00Z',
          path: '2023-Q2/v5/index.html',
        },
      ]),
    });
    expect(await publishedQuarters(store, 'site/')).toEqual([
      { quarter: '2023-Q2', status: 'final' },
      { quarter: '2023-Q3', status: 'provisional' },
    ]);
    expect(store.reads).toEqual(['site/index.json']);
  });

  it('is empty when nothing has been published under the prefix', async () => {
    expect(await publishedQuarters(storeWith({}), 'site')).toEqual([]);
  });
});
