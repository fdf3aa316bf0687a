/**
 * The published site in a real browser: headless Debian Chromium, driven by playwright-core, opens the site the
 * local stack serves (site index, the latest registry report, a center report, a red upload's verdict page)
 * after a small registry went through the whole pipeline. Every figure must be an accessible SVG (title and
 * description) that the browser lays out with a non-zero size, every table must render with rows, and no page
 * may log a console error, fail a request or ask for anything outside the local server. Full-page screenshots
 * are saved as test artifacts in `test-artifacts/browser/` (git-ignored), and the key findings and the Methods
 * section of each report as screenshots of their own. axe-core, an accessibility checker written elsewhere, finds
 * no WCAG 2 A or AA violation on any page type (site index, quarterly index, registry report, center report, and
 * a verdict page in English and in Chinese).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AxeResults } from 'axe-core';
import type { Page } from 'playwright-core';
import { launchChromium, type HeadlessChromium } from '../../infra/local/headless-chromium.js';
import { startLocalStack, type LocalStack } from '../../infra/local/index.js';
import { runRegistry, type RegistryRunSummary } from '../../infra/local/run-registry.js';
import { startSiteServer, type SiteServer } from '../../infra/local/site-server.js';

const axeScript = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const artifacts = fileURLToPath(new URL('../../test-artifacts/browser/', import.meta.url));
const centerIds = ['C001', 'C002', 'C003', 'C004', 'C005', 'C006'];
let dataDir: string;
let stack: LocalStack;
let site: SiteServer;
let browser: HeadlessChromium;
let summary: RegistryRunSummary;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'ecls-browser-'));
  await mkdir(artifacts, { recursive: true });
  stack = await startLocalStack({ s3Port: 0, dynamodbPort: 0, dataDir, inMemoryDynamo: true });
  summary = await runRegistry(stack, { centerIds, scale: 0.15, dirtyRate: 0.1, dirtyCenters: 1 });
  site = await startSiteServer({
    s3: stack.s3Client(),
    doc: stack.docClient(),
    buckets: stack.buckets,
    tableName: stack.tableName,
    centerIds,
  });
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await stack?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}, 120_000);

/** What one page load showed: problems the browser reported, and the layout of its figures and tables. */
interface PageCheck {
  problems: string[];
  figures: { id: string; title: string; desc: string; width: number; height: number }[];
  notDrawn: number;
  tables: { caption: string; rows: number; width: number; height: number }[];
}

/**
 * Opens `path` on the local site, collecting console errors, page errors, failed or non-OK responses and any
 * request that leaves the local server, then measures every figure's SVG and every table, and saves a
 * full-page screenshot as `{name}.png`.
 */
async function openAndCheck(page: Page, path: string, name: string): Promise<PageCheck> {
  const problems: string[] = [];
  const origin = new URL(site.url).origin;
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith('data:')) problems.push(`external request: ${url}`);
  });
  page.on('requestfailed', (request) =>
    problems.push(`failed request: ${request.url()} (${request.failure()?.errorText ?? '?'})`),
  );
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  const response = await page.goto(new URL(path, site.url).href, { waitUntil: 'load' });
  expect(response?.status()).toBe(200);
  const figures: PageCheck['figures'] = [];
  // The figures' root SVGs: vega's charts carry role="img" with a <title> and <desc> as first children.
  for (const svg of await page.locator('figure > svg').all()) {
    const box = await svg.boundingBox();
    figures.push({
      id: (await svg.locator('xpath=..').getAttribute('id')) ?? '',
      title: ((await svg.locator(':scope > title').textContent()) ?? '').trim(),
      desc: ((await svg.locator(':scope > desc').textContent()) ?? '').trim(),
      width: box?.width ?? 0,
      height: box?.height ?? 0,
    });
  }
  const notDrawn = (await page.locator('figure').count()) - figures.length;
  const tables: PageCheck['tables'] = [];
  for (const table of await page.locator('table').all()) {
    const box = await table.boundingBox();
    const caption = table.locator('caption');
    tables.push({
      caption: (await caption.count()) > 0 ? ((await caption.textContent()) ?? '').trim() : '',
      rows: await table.locator('tbody tr').count(),
      width: box?.width ?? 0,
      height: box?.height ?? 0,
    });
  }
  await page.screenshot({ path: join(artifacts, `${name}.png`), fullPage: true });
  return { problems, figures, notDrawn, tables };
}

/** Every figure drawn is an accessible SVG with a size; every table has rows and a size. */
function expectRendered(check: PageCheck): void {
  expect(check.problems).toEqual([]);
  for (const figure of check.figures) {
    expect({ id: figure.id, title: figure.title.length > 0, desc: figure.desc.length > 0 }).toEqual({
      id: figure.id,
      title: true,
      desc: true,
    });
    expect(figure.width).toBeGreaterThan(50);
    expect(figure.height).toBeGreaterThan(50);
  }
  for (const table of check.tables) {
    expect({ caption: table.caption, rows: table.rows > 0 }).toEqual({ caption: table.caption, rows: true });
    expect(table.width).toBeGreaterThan(0);
    expect(table.height).toBeGreaterThan(0);
  }
}

/**
 * The key findings open the report and the Methods section is on the page, each with a generated sentence; each
 * section is saved as its own screenshot, `{name}-key-findings.png` and `{name}-methods.png`.
 */
async function expectFindingsAndMethods(page: Page, name: string): Promise<void> {
  const findings = page.locator('section#key-findings');
  await expect(findings.getByRole('heading', { name: 'Key findings' }).isVisible()).resolves.toBe(true);
  // The first section of the page, above every figure.
  expect(await page.locator('main > section').first().getAttribute('id')).toBe('key-findings');
  await expect(
    findings.getByText(/had an odds ratio of in-hospital mortality of \d/).isVisible(),
  ).resolves.toBe(true);
  await expect(
    findings
      .getByText('The source study (Wang K et al., Critical Care 2024) reported 0.82 (95% CI 0.69–0.99)', {
        exact: false,
      })
      .isVisible(),
  ).resolves.toBe(true);
  await findings.screenshot({ path: join(artifacts, `${name}-key-findings.png`) });

  const methods = page.locator('section#methods');
  await expect(methods.getByRole('heading', { name: 'Methods' }).isVisible()).resolves.toBe(true);
  await expect(
    methods
      .getByText('a run discharged alive before day 30 counts as alive at day 30', { exact: false })
      .isVisible(),
  ).resolves.toBe(true);
  await expect(
    methods.getByText('doi:10.1186/s13054-024-05129-1', { exact: false }).isVisible(),
  ).resolves.toBe(true);
  await methods.screenshot({ path: join(artifacts, `${name}-methods.png`) });
}

it('renders the site index with every center and a link to the reports', async () => {
  const page = await browser.context.newPage();
  const check = await openAndCheck(page, '/', 'site-index');
  expectRendered(check);
  expect(check.tables).toHaveLength(1);
  expect(check.tables[0]!.rows).toBe(centerIds.length);
  expect(await page.locator('a[href="/site/index.html"]').count()).toBe(1);
  await page.close();
});

it('renders the latest registry report, reached from the quarterly index, with every figure and table', async () => {
  const page = await browser.context.newPage();
  const index = await openAndCheck(page, '/site/index.html', 'registry-quarters');
  expectRendered(index);
  await page.close();

  const reportPage = await browser.context.newPage();
  const [registryKey] = summary.reports.keys;
  const check = await openAndCheck(reportPage, `/${registryKey}`, 'registry-report');
  expectRendered(check);
  // The registry report draws the study's figures and the benchmark, and holds every table of the report.
  expect(check.figures.length).toBeGreaterThanOrEqual(5);
  expect(check.tables.length).toBeGreaterThanOrEqual(8);
  expect(check.tables.map((t) => t.caption).join('\n')).toMatch(/Data-quality dashboard/);
  expect(await reportPage.getByText('PROVISIONAL', { exact: false }).count()).toBeGreaterThan(0);
  await expectFindingsAndMethods(reportPage, 'registry-report');
  await reportPage.close();
});

it("renders a center's private report with its figures and tables", async () => {
  const page = await browser.context.newPage();
  const centerKey = summary.reports.keys.find((key) => key.startsWith('centers/C001/'))!;
  const check = await openAndCheck(page, `/${centerKey}`, 'center-report-C001');
  expectRendered(check);
  expect(check.figures.length).toBeGreaterThanOrEqual(5);
  expect(check.tables.length).toBeGreaterThanOrEqual(8);
  await expectFindingsAndMethods(page, 'center-report-C001');
  await page.close();
});

it("renders a red upload's verdict page with its problems table", async () => {
  const red = summary.uploads.find((u) => u.verdict === 'red')!;
  const page = await browser.context.newPage();
  const check = await openAndCheck(
    page,
    `/validation/${red.centerId}/${red.uploadId}/verdict.html`,
    'verdict-red',
  );
  expectRendered(check);
  expect(check.tables.length).toBeGreaterThanOrEqual(1);
  expect(check.tables.reduce((sum, t) => sum + t.rows, 0)).toBeGreaterThan(0);
  await page.close();
});

/**
 * Runs axe-core on the open page with the WCAG 2 A and AA rules, and returns each violation as
 * `rule (impact): target` per offending element, so a failure prints what to fix and where.
 */
async function wcagViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axeScript });
  // Runs in the page, where `document` and the injected `axe` are globals (this project's lib has no DOM types).
  const results = await page.evaluate(() => {
    const inPage = globalThis as unknown as {
      document: unknown;
      axe: { run: (context: unknown, options: object) => Promise<AxeResults> };
    };
    return inPage.axe.run(inPage.document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa'] } });
  });
  return results.violations.flatMap((v) =>
    v.nodes.map((node) => `${v.id} (${v.impact ?? '?'}): ${node.target.join(' ')}`),
  );
}

it('has no WCAG 2 A or AA violation on any page type, by axe-core', async () => {
  const registryKey = summary.reports.keys[0]!;
  const centerKey = summary.reports.keys.find((key) => key.startsWith('centers/C001/'))!;
  // A verdict page in each language (C001's is English, every other center's Chinese), one with problems if any.
  const verdictOf = (english: boolean) => {
    const uploads = summary.uploads.filter((u) => (u.centerId === 'C001') === english);
    const upload = uploads.find((u) => u.verdict !== 'green') ?? uploads[0]!;
    return `/validation/${upload.centerId}/${upload.uploadId}/verdict.html`;
  };
  const pages: [path: string, lang: string][] = [
    ['/', 'en'],
    ['/site/index.html', 'en'],
    [`/${registryKey}`, 'en'],
    [`/${centerKey}`, 'en'],
    [verdictOf(true), 'en'],
    [verdictOf(false), 'zh-CN'],
  ];
  const found: Record<string, string[]> = {};
  const langs: Record<string, string> = {};
  for (const [path] of pages) {
    const page = await browser.context.newPage();
    const response = await page.goto(new URL(path, site.url).href, { waitUntil: 'load' });
    expect(response?.status()).toBe(200);
    langs[path] = await page.evaluate(
      () =>
        (globalThis as unknown as { document: { documentElement: { lang: string } } }).document
          .documentElement.lang,
    );
    found[path] = await wcagViolations(page);
    await page.close();
  }
  expect(langs).toEqual(Object.fromEntries(pages));
  expect(found).toEqual(Object.fromEntries(pages.map(([path]) => [path, []])));
}, 120_000);
