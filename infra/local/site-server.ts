/**
 * A tiny HTTP server for the local registry: the published site and each upload's verdict, read straight from
 * the local buckets, so a browser sees what the committee and the centers would see in AWS. Read-only, loopback
 * only, and it serves nothing outside the site, center-report and validation prefixes.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { GetObjectCommand, HeadObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { readRegistryStatus, type CenterStatus } from '../../shared/app/registry-status.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { type BucketRole, topPrefixes } from '../../shared/config/resources.js';
import { escapeHtml } from '../../shared/markup/escape.js';

/** Options of {@link startSiteServer}. */
export interface SiteServerOptions {
  s3: S3Client;
  doc: DynamoDBDocumentClient;
  buckets: Record<BucketRole, string>;
  tableName: string;
  /** Centers shown on the index page. Default: every active center. */
  centerIds?: readonly string[];
  /** Port; 0 (the default) picks a free one. */
  port?: number;
  host?: string;
}

/** A running site server. */
export interface SiteServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  css: 'text/css; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  txt: 'text/plain; charset=utf-8',
};

/** Which bucket serves a URL path, or undefined when the path is not servable. */
export function routeObject(
  path: string,
  buckets: Record<BucketRole, string>,
): { bucket: string; key: string } | undefined {
  let key: string;
  try {
    key = decodeURIComponent(path.replace(/^\/+/, ''));
  } catch {
    return undefined;
  }
  if (key.split('/').some((part) => part === '..' || part === '.')) return undefined;
  if (key.endsWith('/') || key === topPrefixes.site.slice(0, -1))
    key = `${key.replace(/\/?$/, '/')}index.html`;
  if (key.startsWith(topPrefixes.site) || key.startsWith(topPrefixes.centerReports)) {
    return { bucket: buckets.reports, key };
  }
  if (key.startsWith(topPrefixes.validation)) return { bucket: buckets.data, key };
  return undefined;
}

/** Whether an object exists (HEAD); listing is avoided because s3rver fails on prefixes of over 1,000 keys. */
async function exists(s3: S3Client, bucket: string, key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

/**
 * The index page: the registry site (its own index lists every quarter) and, per center, its report site and
 * its uploads with their verdicts, latest first.
 */
export function renderIndexPage(
  registrySite: boolean,
  statuses: readonly (CenterStatus & { reportSite: boolean })[],
): string {
  const rows = statuses
    .filter((s) => s.uploads.length > 0 || s.reportSite)
    .map((s) => {
      const uploads = s.uploads
        .map(
          (u) =>
            `<a class="${u.verdictStatus}" href="/${escapeHtml(u.verdictPrefix)}verdict.html" title="${escapeHtml(
              `${u.key} (${u.status})`,
            )}">${escapeHtml(u.key.split('/').pop() ?? u.key)}: ${u.verdictStatus}</a>`,
        )
        .join(' · ');
      const report = s.reportSite
        ? `<a href="/${escapeHtml(topPrefixes.centerReports)}${escapeHtml(s.centerId)}/index.html">report</a>`
        : '-';
      return `<tr><td>${escapeHtml(s.centerId)}</td><td>${s.pointer?.runs ?? 0}</td><td>${report}</td><td class="${s.latest?.verdictStatus ?? ''}">${s.latest?.verdictStatus ?? '-'}</td><td>${uploads}</td></tr>`;
    })
    .join('\n');
  const site = registrySite
    ? `<p><a href="/${topPrefixes.site}index.html">The registry's quarterly reports</a></p>`
    : '<p>No report has been published yet.</p>';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>ECLS Registry (local)</title><link rel="icon" href="data:,">
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:70rem}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.25rem .5rem;text-align:left;vertical-align:top}.green{color:#1a7f37}.yellow{color:#9a6700}.red{color:#cf222e;font-weight:bold}</style>
</head><body>
<h1>ECLS Registry, local stack</h1>
<h2>Reports</h2>
${site}
<h2>Centers: reports, uploads and verdicts</h2>
<table><thead><tr><th>center</th><th>runs</th><th>report</th><th>latest verdict</th><th>uploads, latest first</th></tr></thead>
<tbody>${rows || '<tr><td colspan="5">No uploads yet.</td></tr>'}</tbody></table>
</body></html>
`;
}

/**
 * Starts the server on loopback. `/` is the index; `/site/…` and `/centers/…` come from the reports bucket and
 * `/validation/…` from the data bucket; anything else is 404.
 */
export async function startSiteServer(options: SiteServerOptions): Promise<SiteServer> {
  const host = options.host ?? '127.0.0.1';

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/favicon.ico') {
      // The published pages name no icon; answer the browser's automatic request instead of logging a 404.
      response.writeHead(204).end();
      return;
    }
    if (path === '/' || path === '/index.html') {
      const [registrySite, statuses] = await Promise.all([
        exists(options.s3, options.buckets.reports, `${topPrefixes.site}index.html`),
        readRegistryStatus(
          new DynamoRegistryStore(options.doc, { tableName: options.tableName }),
          options.centerIds,
        ),
      ]);
      const withReports = await Promise.all(
        statuses.map(async (status) => ({
          ...status,
          reportSite: await exists(
            options.s3,
            options.buckets.reports,
            `${topPrefixes.centerReports}${status.centerId}/index.html`,
          ),
        })),
      );
      response.writeHead(200, { 'content-type': contentTypes.html });
      response.end(request.method === 'HEAD' ? undefined : renderIndexPage(registrySite, withReports));
      return;
    }
    const target = routeObject(path, options.buckets);
    if (!target) {
      response.writeHead(404, { 'content-type': contentTypes.txt }).end('Not found\n');
      return;
    }
    try {
      const out = await options.s3.send(new GetObjectCommand({ Bucket: target.bucket, Key: target.key }));
      const extension = target.key.split('.').pop() ?? '';
      response.writeHead(200, { 'content-type': contentTypes[extension] ?? 'application/octet-stream' });
      if (request.method === 'HEAD') {
        response.end();
        return;
      }
      response.end(Buffer.from(await out.Body!.transformToByteArray()));
    } catch (error) {
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (status === 404) {
        response.writeHead(404, { 'content-type': contentTypes.txt }).end(`Not found: ${target.key}\n`);
        return;
      }
      throw error;
    }
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': contentTypes.txt });
      response.end(`The local stack did not answer: ${(error as Error).message}\n`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port: options.port ?? 0, host }, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
