/**
 * Atomic publishing of a quarter's report site. A reader follows pointers: the site index (`{prefix}/index.html`
 * and `{prefix}/index.json`) links each quarter's current version, and `{prefix}/{quarter}/current.json` names
 * it. So the new version's files are all written first, under their own prefix `{prefix}/{quarter}/v{n}/`, and
 * only then are the pointers switched, the quarter's `current.json` first and the site index last. A crash
 * before the switch leaves the previous version current and complete; earlier versions are never overwritten
 * or deleted. Versions are numbered by the caller (publish-quarter.ts reserves one per build in the publication
 * store, and lets one build at a time switch pointers), and a version that already exists is refused, so a retry
 * cannot overwrite a report that readers may already be reading.
 */
import { renderSiteIndex, type SiteIndexEntry } from '../render/render-site-index.js';
import type { SiteFile } from '../render/site-file.js';
import { mapLimit } from './map-limit.js';
import type { SiteObjectStore } from './site-object-store.js';

export interface PublishReportOptions {
  /** Root of the site in the store, e.g. `site`. */
  prefix: string;
  quarter: string;
  /** Version number, 1, 2, …; the files go under `{prefix}/{quarter}/v{version}/`. */
  version: number;
  /** Status and generation time for the site index; by default read from the site's report.json provenance. */
  status?: 'provisional' | 'final';
  generatedAt?: string;
}

/** The quarter's pointer: which version is current. */
export interface CurrentPointer {
  quarter: string;
  version: number;
  /** Key prefix of the version's files, ending in `/`. */
  path: string;
  status: 'provisional' | 'final';
  generatedAt: string;
}

/** Thrown when a publish is refused before anything is switched; `cause` holds the store error if any. */
export class PublishReportError extends Error {
  override readonly name = 'PublishReportError';
}

const INDEX_JSON = 'index.json';

/** Files of one version written at once: enough to overlap the store's latency, few enough not to flood it. */
const PUT_CONCURRENCY = 8;

/**
 * Publishes a rendered site as a new version of its quarter, switching the pointers last. The caller must make
 * sure no other build publishes the same quarter at once (publishQuarter does, through the publication store).
 * @returns the new current pointer.
 * @throws {PublishReportError} on a bad quarter, version or file path, or a version that already exists.
 * @example await publishReport(store, files, { prefix: 'site', quarter: '2023-Q3', version: 2 })
 */
export async function publishReport(
  store: SiteObjectStore,
  files: readonly SiteFile[],
  options: PublishReportOptions,
): Promise<CurrentPointer> {
  const pointer = await writeSiteVersion(store, files, options);
  await switchSitePointers(store, options.prefix, pointer);
  return pointer;
}

/**
 * Writes one version of a site under its own prefix `{prefix}/{quarter}/v{version}/`, index.html last, and
 * switches nothing: readers do not see it until `switchSitePointers` names it.
 * @returns the pointer that would make this version current.
 * @throws {PublishReportError} on a bad quarter, version or file path, or a version that already exists.
 * @example const pointer = await writeSiteVersion(store, files, { prefix: 'site', quarter: '2023-Q3', version: 2 })
 */
export async function writeSiteVersion(
  store: SiteObjectStore,
  files: readonly SiteFile[],
  options: PublishReportOptions,
): Promise<CurrentPointer> {
  const { prefix, quarter, version } = options;
  if (!/^\d{4}-Q[1-4]$/.test(quarter))
    throw new PublishReportError(`quarter "${quarter}" is not like 2023-Q3`);
  if (!(Number.isInteger(version) && version >= 1)) {
    throw new PublishReportError(`version ${version} must be a whole number from 1`);
  }
  for (const f of files) {
    if (!/^[A-Za-z0-9._-]+(\/[A-Za-z0-9._-]+)*$/.test(f.path) || f.path.split('/').includes('..')) {
      throw new PublishReportError(`file path "${f.path}" is not a plain relative path`);
    }
  }
  if (!files.some((f) => f.path === 'index.html')) {
    throw new PublishReportError('the site has no index.html');
  }
  // report.json is parsed only when the caller did not say: it is the largest file of a site.
  const provenance =
    options.status === undefined || options.generatedAt === undefined ? readProvenance(files) : undefined;
  const status = options.status ?? provenance?.status;
  const generatedAt = options.generatedAt ?? provenance?.generatedAt;
  if (status === undefined || generatedAt === undefined) {
    throw new PublishReportError('status and generatedAt are unknown: pass them or include report.json');
  }
  const versionPath = `${siteRoot(prefix)}/${quarter}/v${version}/`;
  if ((await store.get(`${versionPath}index.html`)) !== undefined) {
    throw new PublishReportError(`${versionPath} already exists: publish under a new version`);
  }

  // The new version, complete, under its own prefix; index.html last so a half-written version has none.
  // Written a few at a time (no order matters among them), then index.html alone once they are all in.
  const rest = files.filter((f) => f.path !== 'index.html');
  const index = files.find((f) => f.path === 'index.html')!;
  await mapLimit(rest, PUT_CONCURRENCY, (f) => store.put(`${versionPath}${f.path}`, f.body, f.contentType));
  await store.put(`${versionPath}${index.path}`, index.body, index.contentType);
  return { quarter, version, path: versionPath, status, generatedAt };
}

/**
 * Makes a written version current: the quarter's `current.json` first, then the site index (the
 * machine-readable list, then the page). The index lists every quarter of the site, so it is read, changed and
 * written back: only one build may switch the pointers of a site at a time (the publication lease).
 * @example await switchSitePointers(store, 'site', pointer)
 */
export async function switchSitePointers(
  store: SiteObjectStore,
  prefix: string,
  pointer: CurrentPointer,
): Promise<void> {
  const root = siteRoot(prefix);
  const { quarter, version, status, generatedAt } = pointer;
  await store.put(
    `${root}/${quarter}/current.json`,
    `${JSON.stringify(pointer, null, 2)}\n`,
    'application/json',
  );
  const existing = await store.get(`${root}/${INDEX_JSON}`);
  const entries: SiteIndexEntry[] = existing === undefined ? [] : (JSON.parse(existing) as SiteIndexEntry[]);
  const entry: SiteIndexEntry = { quarter, status, generatedAt, path: `${quarter}/v${version}/index.html` };
  const next = [...entries.filter((e) => e.quarter !== quarter), entry].sort((a, b) =>
    a.quarter < b.quarter ? 1 : a.quarter > b.quarter ? -1 : 0,
  );
  await store.put(`${root}/${INDEX_JSON}`, `${JSON.stringify(next, null, 2)}\n`, 'application/json');
  const page = renderSiteIndex(next);
  await store.put(`${root}/${page.path}`, page.body, page.contentType);
}

/** A site prefix without its trailing slashes. */
function siteRoot(prefix: string): string {
  return prefix.replace(/\/+$/, '');
}

/** The status and generation time in the site's report.json, if it has one. */
function readProvenance(
  files: readonly SiteFile[],
): { status?: 'provisional' | 'final'; generatedAt?: string } | undefined {
  const json = files.find((f) => f.path === 'report.json');
  if (json === undefined) return undefined;
  try {
    return (
      JSON.parse(json.body) as { provenance?: { status?: 'provisional' | 'final'; generatedAt?: string } }
    ).provenance;
  } catch (error) {
    throw new PublishReportError('report.json is not valid JSON', { cause: error });
  }
}

/**
 * Reads a quarter's current pointer; undefined when the quarter was never published.
 * @example const current = await currentVersion(store, 'site', '2023-Q3')
 */
export async function currentVersion(
  store: SiteObjectStore,
  prefix: string,
  quarter: string,
): Promise<CurrentPointer | undefined> {
  const text = await store.get(`${siteRoot(prefix)}/${quarter}/current.json`);
  return text === undefined ? undefined : (JSON.parse(text) as CurrentPointer);
}
