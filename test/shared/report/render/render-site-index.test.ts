import { renderSiteIndex } from '../../../../shared/report/render/render-site-index.js';

describe('renderSiteIndex', () => {
  const page = renderSiteIndex([
    {
      quarter: '2023-Q2',
      status: 'final',
      generatedAt: '2023-08-01T00:00:00.000Z',
      path: '2023-Q2/v3/index.html',
    },
    {
      quarter: '2023-Q3',
      status: 'provisional',
      generatedAt: '2023-10-01T00:00:00.000Z',
      path: '2023-Q3/v1/index.html',
    },
  ]);

  it('lists every quarter, newest first, with its status and a relative link, in a real table', () => {
    expect(page.path).toBe('index.html');
    const rows = [
      ...page.body.matchAll(/<tr><th scope="row"><a href="([^"]+)">([^<]+)<\/a><\/th><td>(\w+)<\/td>/g),
    ];
    expect(rows.map((m) => [m[2], m[3], m[1]])).toEqual([
      ['2023-Q3', 'PROVISIONAL', '2023-Q3/v1/index.html'],
      ['2023-Q2', 'FINAL', '2023-Q2/v3/index.html'],
    ]);
    expect(page.body).toContain('<caption>');
    expect(page.body).not.toMatch(/<script|https?:/i);
  });

  it('links an empty inline icon, so browsers do not request /favicon.ico', () => {
    const head = page.body.split('</head>')[0]!;
    expect(head).toContain('<link rel="icon" href="data:,">');
  });

  it('refuses a link that leaves the site', () => {
    for (const path of [
      'https://evil.example/x',
      '/abs/index.html',
      '../x/index.html',
      'javascript:alert(1)',
    ]) {
      expect(() =>
        renderSiteIndex([{ quarter: '2023-Q3', status: 'final', generatedAt: 'x', path }]),
      ).toThrow(RangeError);
    }
  });
});
