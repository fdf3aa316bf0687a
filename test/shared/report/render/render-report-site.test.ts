// The published site of one quarter, built from a small synthetic registry with recognisable run ids and
// values: structure, accessibility, self-containment, escaping, privacy and determinism.
import type { RegistryRun } from '../../../../shared/cohort/index.js';
import {
  buildRegistryReport,
  defaultReportSpec,
  type RegistryReport,
} from '../../../../shared/report/index.js';
import { renderReportSite, type SiteFile } from '../../../../shared/report/render/index.js';
import { generateRegistry } from '../../../../shared/synthetic/index.js';

const SLOW = 180_000;
const CENTERS = ['C001', 'C002', 'C003', 'C004', 'C005', 'C006', 'C007', 'C008'];
const HOSTILE = '<script>alert("x")</script> & "Co"';
const FIGURES = [
  'flowchart',
  'adjusted-odds-ratios',
  'love-plot',
  'survival-before-matching',
  'survival-after-matching',
  'subgroups',
  'funnel',
  'trends',
];
const TABLES = [
  'flowchart',
  'table-1',
  'table-2',
  'adjusted-odds-ratios',
  'matching-balance',
  'table-3',
  'survival',
  'subgroups',
  'center-benchmark',
  'quarterly-trends',
  'complication-rates',
  'data-quality',
  'uploads',
];

let runs: RegistryRun[];
let report: RegistryReport;
let site: SiteFile[];
let centerSite: SiteFile[];

const file = (files: SiteFile[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f.body;
};

beforeAll(async () => {
  runs = generateRegistry({ centerIds: CENTERS })
    .flatMap((c) => c.rows)
    .map((row, i) => ({ ...row, run_id: `SECRETRUN${String(i).padStart(5, '0')}` }));
  // Extreme, recognisable values: never a summary statistic, so they must not appear in any published file.
  runs[0] = { ...runs[0]!, pre_lactate_mmol_l: 49.8765, ecmo_hours: 8123.4567 };
  report = buildRegistryReport(runs, {
    spec: defaultReportSpec,
    quarter: '2023-Q3',
    cutoff: '2023-09-30T23:59:59.000Z',
    uploads: CENTERS.map((centerId, i) => ({
      uploadId: `upload-${centerId}`,
      centerId,
      receivedAt: `2023-09-0${1 + (i % 9)}T10:00:00.000Z`,
      verdict: i % 3 === 0 ? ('yellow' as const) : ('green' as const),
    })),
    generatedAt: '2023-10-01T00:00:00.000Z',
    softwareVersion: '0.1.0-test',
    status: 'provisional',
  });
  site = await renderReportSite(report);
  centerSite = await renderReportSite(report, { centerId: 'C003' });
}, SLOW);

describe('renderReportSite: the registry report', () => {
  it('publishes index.html, report.json, every table as CSV and every figure as SVG', () => {
    expect(report.matching.estimable && report.centerBenchmark.estimable).toBe(true);
    expect(site.map((f) => f.path)).toEqual([
      'index.html',
      'report.json',
      ...TABLES.map((t) => `tables/${t}.csv`),
      ...FIGURES.map((f) => `figures/${f}.svg`),
    ]);
    expect(JSON.parse(file(site, 'report.json'))).toEqual(report);
    expect(file(site, 'report.json')).toBe(`${JSON.stringify(report, null, 2)}\n`);
  });

  it('has every table as a real table with a caption and scoped headers', () => {
    const html = file(site, 'index.html');
    for (const id of TABLES) {
      const table = new RegExp(
        `<table id="table-${id}">\\s*<caption>[^<]+</caption>\\s*<thead><tr>(<th scope="col">[^<]*</th>)+</tr></thead>`,
      );
      expect(html).toMatch(table);
    }
    expect(html).toMatch(/<tr><th scope="row">In-hospital mortality, n \(%\)<\/th><td>/);
  });

  it('inlines every figure in a <figure> with a <figcaption> and an accessible SVG, and links the files', () => {
    const html = file(site, 'index.html');
    for (const id of FIGURES) {
      expect(html).toMatch(
        new RegExp(
          `<figure id="figure-${id}">\\s*<figcaption>[^<]+</figcaption>\\s*<svg [^>]*role="img" aria-labelledby="fig-`,
        ),
      );
      expect(html).toContain(`<a href="figures/${id}.svg">`);
    }
    expect(html).toContain('<a href="tables/table-1.csv">');
    // Subgroup forest with interaction p-values; aOR forest with complete case beside pooled.
    expect(file(site, 'figures/subgroups.svg')).toContain('p for interaction');
    expect(file(site, 'figures/adjusted-odds-ratios.svg')).toContain('Complete case');
    expect(file(site, 'figures/adjusted-odds-ratios.svg')).toContain('Multiple imputation (pooled)');
  });

  it('is self-contained: no script, no external reference, inline CSS with A4 print rules', () => {
    for (const f of site) {
      expect(f.body).not.toMatch(/<script/i);
      const links = [...f.body.matchAll(/(?:https?:|ftp:|data:|file:|\/\/[a-z])[^"'\s)<]*/gi)].map(
        (m) => m[0],
      );
      expect(links.filter((u) => !/^http:\/\/www\.w3\.org\/(2000\/svg|1999\/xlink)$/.test(u))).toEqual([]);
    }
    const html = file(site, 'index.html');
    expect(html).not.toMatch(/<link\b|@import|@font-face|<img\b|\son\w+=/i);
    expect(html).toContain('@page { size: A4; margin: 15mm; }');
    expect(html).toMatch(/figure \{[^}]*break-inside: avoid/);
  });

  it('states provenance, the PROVISIONAL banner and the suppression rule', () => {
    const html = file(site, 'index.html');
    expect(html).toContain('<p class="banner provisional" role="status">PROVISIONAL');
    for (const text of [
      '2023-Q3',
      '2023-09-30T23:59:59.000Z',
      '2023-10-01T00:00:00.000Z',
      '0.1.0-test',
      report.provenance.specDigest,
    ]) {
      expect(html).toContain(text);
    }
    expect(html).toContain('<dt>Uploads used</dt><dd>8');
    expect(html).toContain('No count from 1 to 10 is shown: such a count reads “&lt;11”');
    expect(file(site, 'tables/uploads.csv')).toContain('upload-C005,C005,2023-09-05T10:00:00.000Z,green');
  });

  it('publishes no run id and no row-level value in any file', () => {
    for (const f of [...site, ...centerSite]) {
      expect(f.body).not.toMatch(/SECRETRUN/);
      expect(f.body).not.toContain('49.8765');
      expect(f.body).not.toContain('8123.4567');
    }
  });

  it('shows a suppressed count as <11 in the CSV and the page', async () => {
    const withSmall: RegistryReport = {
      ...report,
      flowchart: report.flowchart.map((s, i) =>
        i === 2 ? { ...s, excluded: { value: null, suppressed: 'primary' as const } } : s,
      ),
    };
    const files = await renderReportSite(withSmall);
    const label = report.flowchart[2]!.label;
    expect(file(files, 'tables/flowchart.csv')).toContain(`${label},<11,`);
    expect(file(files, 'index.html')).toContain(`<th scope="row">${label}</th><td>&lt;11</td>`);
  });

  it('gives the same bytes for the same report', async () => {
    const again = await renderReportSite(report);
    expect(again).toEqual(site);
  });

  it('escapes hostile labels and center names in the page, and neutralises them in CSV', async () => {
    const hostile: RegistryReport = {
      ...report,
      groups: { ...report.groups, exposure: { ...report.groups.exposure, label: HOSTILE } },
      flowchart: report.flowchart.map((s, i) => (i === 1 ? { ...s, label: `=HYPERLINK("x")${HOSTILE}` } : s)),
      dataQuality: [{ ...report.dataQuality[0]!, centerId: `@${HOSTILE}` }],
    };
    const files = await renderReportSite(hostile);
    for (const f of files.filter((x) => x.path.endsWith('.html') || x.path.endsWith('.svg'))) {
      expect(f.body).not.toContain('<script>');
    }
    const html = file(files, 'index.html');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;Co&quot;');
    expect(file(files, 'tables/flowchart.csv')).toContain(`"'=HYPERLINK(""x"")<script>`);
    expect(file(files, 'tables/data-quality.csv')).toContain(`"'@<script>`);
  });
});

describe('renderReportSite: a center’s private report', () => {
  it('shows the center beside the registry and highlights its point in the funnel', () => {
    const html = file(centerSite, 'index.html');
    expect(html).toContain('private report for center C003');
    const bench = file(centerSite, 'tables/center-benchmark.csv');
    expect(bench).toMatch(/^Center,/);
    expect(bench).toContain('C003 (your center),');
    expect(bench).toContain('Registry: median of');
    const funnel = file(centerSite, 'figures/funnel.svg');
    expect(funnel).toContain('Your center');
    expect(funnel).toContain('mark-symbol role-mark highlight_marks');
  });

  it('names no other center in any file', () => {
    for (const f of centerSite) {
      for (const other of CENTERS.filter((c) => c !== 'C003')) expect(f.body).not.toContain(other);
    }
    const model = JSON.parse(file(centerSite, 'report.json')) as RegistryReport;
    expect(model.dataQuality.map((d) => d.centerId)).toEqual(['C003']);
    expect(model.provenance.uploads.map((u) => u.centerId)).toEqual(['C003']);
  });

  it('keeps the registry report’s funnel anonymous too: no center id in its SVG', () => {
    const funnel = file(site, 'figures/funnel.svg');
    for (const c of CENTERS) expect(funnel).not.toContain(c);
  });
});
