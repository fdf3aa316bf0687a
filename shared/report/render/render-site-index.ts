/**
 * The site's front page: every published quarter with its status, newest first.
 */
import { escapeHtml } from '../../markup/escape.js';
import { PAGE_STYLE } from './page-style.js';
import type { SiteFile } from './site-file.js';

/** One quarter on the site index. */
export interface SiteIndexEntry {
  quarter: string;
  status: 'provisional' | 'final';
  generatedAt: string;
  /** Link to the quarter's page, relative to the index, e.g. `2023-Q3/v2/index.html`. */
  path: string;
}

/** Rejects a link that could leave the site or run code: only relative paths of plain characters. */
function safeRelativePath(path: string): string {
  if (!/^[A-Za-z0-9._~/-]+$/.test(path) || path.startsWith('/') || path.split('/').includes('..')) {
    throw new RangeError(`renderSiteIndex: "${path}" is not a relative path inside the site`);
  }
  return path;
}

/**
 * Renders `index.html` of the site: a table of quarters (newest first) with status and generation time.
 * @throws {RangeError} on a path that is not a plain relative path.
 * @example renderSiteIndex([{ quarter: '2023-Q3', status: 'final', generatedAt: '…', path: '2023-Q3/v1/index.html' }])
 */
export function renderSiteIndex(quarters: readonly SiteIndexEntry[]): SiteFile {
  const rows = [...quarters]
    .sort((a, b) => (a.quarter < b.quarter ? 1 : a.quarter > b.quarter ? -1 : 0))
    .map(
      (q) =>
        `<tr><th scope="row"><a href="${escapeHtml(safeRelativePath(q.path))}">${escapeHtml(q.quarter)}</a></th>` +
        `<td>${q.status === 'final' ? 'FINAL' : 'PROVISIONAL'}</td><td>${escapeHtml(q.generatedAt)}</td></tr>`,
    );
  const body = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>ECLS Registry quarterly reports</title>',
    '<link rel="icon" href="data:,">',
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    '<h1>ECLS Registry quarterly reports</h1>',
    '<p>A report is PROVISIONAL while its quarter is open and becomes FINAL when the quarterly run closes it.</p>',
    '<table id="quarters">',
    '<caption>Published quarters, newest first</caption>',
    '<thead><tr><th scope="col">Quarter</th><th scope="col">Status</th><th scope="col">Generated at</th></tr></thead>',
    `<tbody>\n${rows.join('\n')}\n</tbody>`,
    '</table>',
    quarters.length === 0 ? '<p class="note">No quarter has been published yet.</p>' : '',
    '</main>',
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n');
  return { path: 'index.html', contentType: 'text/html; charset=utf-8', body: `${body}\n` };
}
