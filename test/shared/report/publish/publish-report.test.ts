import {
  currentVersion,
  publishReport,
  PublishReportError,
  type SiteObjectStore,
} from '../../../../shared/report/publish/index.js';
import type { SiteFile } from '../../../../shared/report/render/index.js';

/** An in-memory store that can be told to fail on its nth put (a crash mid-publish). */
class MemoryStore implements SiteObjectStore {
  readonly objects = new Map<string, { body: string; contentType: string }>();
  failOnPut: number | undefined;
  private puts = 0;

  async put(key: string, body: string, contentType: string): Promise<void> {
    this.puts += 1;
    if (this.failOnPut !== undefined && this.puts >= this.failOnPut) throw new Error('simulated crash');
    this.objects.set(key, { body, contentType });
  }

  async get(key: string): Promise<string | undefined> {
    return this.objects.get(key)?.body;
  }
}

const site = (version: string): SiteFile[] => [
  { path: 'index.html', contentType: 'text/html; charset=utf-8', body: `<p>${version}</p>` },
  {
    path: 'report.json',
    contentType: 'application/json',
    body: JSON.stringify({
      provenance: { status: 'provisional', generatedAt: `2023-10-0${version}T00:00:00.000Z` },
    }),
  },
  { path: 'tables/table-1.csv', contentType: 'text/csv', body: `a\r\n${version}\r\n` },
  { path: 'figures/funnel.svg', contentType: 'image/svg+xml', body: `<svg>${version}</svg>` },
];

/** What a reader sees: follow the pointer, then read the whole version. */
async function read(store: MemoryStore): Promise<string[]> {
  const current = await currentVersion(store, 'site', '2023-Q3');
  if (!current) return [];
  return Promise.all(
    ['index.html', 'tables/table-1.csv', 'figures/funnel.svg'].map(
      async (p) => (await store.get(`${current.path}${p}`))!,
    ),
  );
}

describe('publishReport', () => {
  it('writes the version under its own prefix, then the pointer and the site index', async () => {
    const store = new MemoryStore();
    const pointer = await publishReport(store, site('1'), { prefix: 'site', quarter: '2023-Q3', version: 1 });
    expect(pointer).toEqual({
      quarter: '2023-Q3',
      version: 1,
      path: 'site/2023-Q3/v1/',
      status: 'provisional',
      generatedAt: '2023-10-01T00:00:00.000Z',
    });
    expect([...store.objects.keys()]).toEqual([
      'site/2023-Q3/v1/report.json',
      'site/2023-Q3/v1/tables/table-1.csv',
      'site/2023-Q3/v1/figures/funnel.svg',
      'site/2023-Q3/v1/index.html',
      'site/2023-Q3/current.json',
      'site/index.json',
      'site/index.html',
    ]);
    expect(store.objects.get('site/2023-Q3/v1/tables/table-1.csv')!.contentType).toBe('text/csv');
    expect(store.objects.get('site/index.html')!.body).toContain(
      '<a href="2023-Q3/v1/index.html">2023-Q3</a>',
    );
    expect(await read(store)).toEqual(['<p>1</p>', 'a\r\n1\r\n', '<svg>1</svg>']);
  });

  it.each([1, 2, 3, 4, 5, 6, 7])(
    'leaves the previous version current and whole when it crashes at put %i of the next',
    async (failOnPut) => {
      const store = new MemoryStore();
      await publishReport(store, site('1'), { prefix: 'site', quarter: '2023-Q3', version: 1 });
      const before = await read(store);
      store.failOnPut = failOnPut + 7;
      const attempt = publishReport(store, site('2'), { prefix: 'site', quarter: '2023-Q3', version: 2 });
      await expect(attempt).rejects.toThrow('simulated crash');
      const after = await read(store);
      // Either still wholly version 1, or (crash after the pointer switched) wholly version 2: never a mix.
      expect([before, ['<p>2</p>', 'a\r\n2\r\n', '<svg>2</svg>']]).toContainEqual(after);
      if (failOnPut <= 5) expect(after).toEqual(before);
      // The earlier version's files are untouched.
      expect(store.objects.get('site/2023-Q3/v1/index.html')!.body).toBe('<p>1</p>');
    },
  );

  it('keeps earlier versions and lists each quarter once in the index, newest quarter first', async () => {
    const store = new MemoryStore();
    await publishReport(store, site('1'), { prefix: 'site', quarter: '2023-Q3', version: 1 });
    await publishReport(store, site('2'), {
      prefix: 'site',
      quarter: '2023-Q2',
      version: 1,
      status: 'final',
    });
    await publishReport(store, site('3'), { prefix: 'site', quarter: '2023-Q3', version: 2 });
    expect(store.objects.get('site/2023-Q3/v1/index.html')!.body).toBe('<p>1</p>');
    expect(await read(store)).toEqual(['<p>3</p>', 'a\r\n3\r\n', '<svg>3</svg>']);
    const index = JSON.parse(store.objects.get('site/index.json')!.body) as {
      quarter: string;
      status: string;
      path: string;
    }[];
    expect(index.map((e) => [e.quarter, e.status, e.path])).toEqual([
      ['2023-Q3', 'provisional', '2023-Q3/v2/index.html'],
      ['2023-Q2', 'final', '2023-Q2/v1/index.html'],
    ]);
  });

  it('refuses to overwrite a published version, and bad quarters, versions and paths', async () => {
    const store = new MemoryStore();
    await publishReport(store, site('1'), { prefix: 'site', quarter: '2023-Q3', version: 1 });
    await expect(
      publishReport(store, site('9'), { prefix: 'site', quarter: '2023-Q3', version: 1 }),
    ).rejects.toThrow(PublishReportError);
    expect(await read(store)).toEqual(['<p>1</p>', 'a\r\n1\r\n', '<svg>1</svg>']);
    await expect(
      publishReport(store, site('1'), { prefix: 'site', quarter: '2023Q3', version: 2 }),
    ).rejects.toThrow(PublishReportError);
    await expect(
      publishReport(store, site('1'), { prefix: 'site', quarter: '2023-Q3', version: 0 }),
    ).rejects.toThrow(PublishReportError);
    await expect(
      publishReport(store, [...site('1'), { path: '../x', contentType: 'text/plain', body: '' }], {
        prefix: 'site',
        quarter: '2023-Q3',
        version: 3,
      }),
    ).rejects.toThrow(PublishReportError);
  });
});

describe('publishReport with a store that answers slowly and out of order', () => {
  it('writes the files a few at a time and index.html only once every other file is in', async () => {
    const events: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const objects = new Map<string, string>();
    const store: SiteObjectStore = {
      async put(key, body) {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        events.push(`start ${key}`);
        // Later files finish first: a store whose latency varies.
        await new Promise((resolve) => setTimeout(resolve, key.endsWith('.html') ? 1 : 40 - key.length));
        objects.set(key, body);
        events.push(`done ${key}`);
        inFlight -= 1;
      },
      async get(key) {
        return objects.get(key);
      },
    };
    const files: SiteFile[] = [
      { path: 'index.html', contentType: 'text/html', body: '<p>1</p>' },
      ...Array.from({ length: 20 }, (_, i) => ({
        path: `tables/t${String(i).padStart(2, '0')}.csv`,
        contentType: 'text/csv',
        body: `${i}`,
      })),
    ];
    await publishReport(store, files, {
      prefix: 'site',
      quarter: '2023-Q3',
      version: 1,
      status: 'provisional',
      generatedAt: '2023-10-01T00:00:00.000Z',
    });
    expect(maxInFlight).toBeGreaterThan(1);
    expect(maxInFlight).toBeLessThanOrEqual(8);
    const indexStart = events.indexOf('start site/2023-Q3/v1/index.html');
    const lastOtherDone = Math.max(
      ...files
        .filter((f) => f.path !== 'index.html')
        .map((f) => events.indexOf(`done site/2023-Q3/v1/${f.path}`)),
    );
    expect(lastOtherDone).toBeGreaterThan(-1);
    expect(indexStart).toBeGreaterThan(lastOtherDone);
    expect(events.indexOf('start site/2023-Q3/current.json')).toBeGreaterThan(
      events.indexOf('done site/2023-Q3/v1/index.html'),
    );
  });

  it('takes status and generation time from report.json only when they are not given', async () => {
    const objects = new Map<string, string>();
    const store: SiteObjectStore = {
      put: async (key, body) => void objects.set(key, body),
      get: async (key) => objects.get(key),
    };
    const files: SiteFile[] = [
      { path: 'index.html', contentType: 'text/html', body: '<p>1</p>' },
      { path: 'report.json', contentType: 'application/json', body: 'not JSON at all' },
    ];
    const given = {
      prefix: 'site',
      quarter: '2023-Q3',
      status: 'final' as const,
      generatedAt: '2023-11-01T00:00:00.000Z',
    };
    await expect(publishReport(store, files, { ...given, version: 1 })).resolves.toMatchObject({
      status: 'final',
    });
    await expect(
      publishReport(store, files, { prefix: 'site', quarter: '2023-Q3', version: 2 }),
    ).rejects.toThrow('report.json is not valid JSON');
  });
});
