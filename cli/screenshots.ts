/**
 * `npm run screenshots`: headless Chromium (Debian's, driven by playwright-core) captures the local site as PNGs
 * into docs/screenshots/: the site index, the latest registry report and a center report (the top of each page,
 * as a reader first sees it), the registry report's forest plot and the center report's funnel plot. It reads the site of a running `npm start`,
 * or, when none runs, starts the local stack on the data of an earlier `npm start -- --once` (ECLS_DATA_DIR or
 * `.local/`) with a site server on a free port, and stops both at the end.
 *
 * Options: --out DIR (default docs/screenshots), --width N (default 1280), --height N (the report captures'
 * height, default 1800).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import { readRunningStack } from './commands/status.js';
import { launchChromium } from '../infra/local/headless-chromium.js';
import { defaultDataDir, LocalStackError, localStackEnv, startLocalStack } from '../infra/local/index.js';
import { startSiteServer } from '../infra/local/site-server.js';

const repoRoot = fileURLToPath(new URL('../', import.meta.url));

/** The site to capture: a running npm start's, or one started here (with the function that stops it). */
async function openSite(dataDir: string): Promise<{ url: string; stop(): Promise<void> }> {
  const running = readRunningStack(dataDir);
  if (running?.siteUrl) return { url: running.siteUrl, stop: async () => undefined };
  const stack = await startLocalStack({ s3Port: 0, dynamodbPort: 0, dataDir });
  const site = await startSiteServer({
    s3: stack.s3Client(),
    doc: stack.docClient(),
    buckets: stack.buckets,
    tableName: stack.tableName,
  });
  return {
    url: site.url,
    async stop() {
      await site.close();
      await stack.stop();
    },
  };
}

/** The href of the first link matching `selector` on the page at `url`, as an absolute URL. */
async function firstLink(page: Page, url: string, selector: string, what: string): Promise<string> {
  await page.goto(url, { waitUntil: 'load' });
  const href = await page
    .locator(selector)
    .first()
    .getAttribute('href', { timeout: 5000 })
    .catch(() => null);
  if (!href) {
    throw new LocalStackError(
      `No ${what} at ${url}: run "npm start -- --once" first, so the local buckets hold a published report.`,
    );
  }
  return new URL(href, page.url()).href;
}

/** Captures one figure of the open page (`figure-{id}`), or its first drawn figure when that one is not drawn. */
async function shootFigure(page: Page, id: string, file: string): Promise<void> {
  const wanted = page.locator(`figure#figure-${id}:has(> svg)`);
  const figure = (await wanted.count()) > 0 ? wanted : page.locator('figure:has(> svg)').first();
  await figure.scrollIntoViewIfNeeded();
  await figure.screenshot({ path: file });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: join(repoRoot, 'docs', 'screenshots') },
      width: { type: 'string', default: '1280' },
      height: { type: 'string', default: '1800' },
    },
  });
  const width = Number(values.width);
  const height = Number(values.height);
  const out = values.out;
  mkdirSync(out, { recursive: true });
  const dataDir = process.env[localStackEnv.dataDir] || defaultDataDir;

  const site = await openSite(dataDir);
  const browser = await launchChromium({ viewport: { width, height: 900 } });
  const saved: string[] = [];
  try {
    const page = await browser.context.newPage();
    const shoot = async (url: string, file: string, pageHeight: number): Promise<void> => {
      await page.setViewportSize({ width, height: pageHeight });
      const response = await page.goto(url, { waitUntil: 'load' });
      if (response?.status() !== 200) throw new LocalStackError(`${url} answered ${response?.status()}`);
      await page.screenshot({ path: join(out, file) });
      saved.push(`${join(out, file)}  ← ${url}`);
    };
    await shoot(site.url, 'site-index.png', 900);
    const quarters = await firstLink(
      page,
      new URL('site/index.html', site.url).href,
      'table a',
      'registry report',
    );
    await shoot(quarters, 'registry-report.png', height);
    await shootFigure(page, 'adjusted-odds-ratios', join(out, 'registry-report-forest-plot.png'));
    saved.push(`${join(out, 'registry-report-forest-plot.png')}  ← ${quarters} (adjusted odds ratios)`);
    const centerSite = await firstLink(page, site.url, 'a[href^="/centers/"]', 'center report');
    const centerReport = await firstLink(page, centerSite, 'table a', 'center report');
    await shoot(centerReport, 'center-report.png', height);
    await shootFigure(page, 'funnel', join(out, 'center-report-funnel-plot.png'));
    saved.push(`${join(out, 'center-report-funnel-plot.png')}  ← ${centerReport} (funnel plot)`);
  } finally {
    await browser.close();
    await site.stop();
  }
  for (const line of saved) console.log(line);
  return 0;
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(`screenshots: ${(error as Error).name}: ${(error as Error).message}`);
  process.exitCode = 1;
}
