/**
 * Which quarters have a published report, and in which state, read from the site index's machine-readable list
 * (`{prefix}/index.json`, written last by `publishReport`). One small object read, never a listing.
 */
import type { SiteIndexEntry } from '../render/render-site-index.js';
import type { SiteObjectStore } from './site-object-store.js';

/** A quarter with a published report and its current status. */
export interface PublishedQuarter {
  quarter: string;
  status: SiteIndexEntry['status'];
}

/**
 * The quarters published under `prefix`, oldest first; empty when nothing has been published yet.
 * @example await publishedQuarters(store, 'site') // [{ quarter: '2023-Q2', status: 'final' }, { quarter: '2023-Q3', status: 'provisional' }]
 */
export async function publishedQuarters(store: SiteObjectStore, prefix: string): Promise<PublishedQuarter[]> {
  const text = await store.get(`${prefix.replace(/\/+$/, '')}/index.json`);
  if (text === undefined) return [];
  const entries = JSON.parse(text) as SiteIndexEntry[];
  return entries
    .map(({ quarter, status }) => ({ quarter, status }))
    .sort((a, b) => (a.quarter < b.quarter ? -1 : a.quarter > b.quarter ? 1 : 0));
}
