// The published site of one quarter, built from a small synthetic registry with recognisable run ids and
// values: structure, accessibility, self-containment, escaping, privacy and determinism.
import type { RegistryRun } from '../../../../shared/cohort/index.js';
import type { CenterBenchmarkRow } from '../../../../shared/report/analyses/center-benchmark.js';
import {
  buildReport,
  defaultReportSpec,
  toPublishedJson,
  type RegistryReport,
} from '../../../../shared/report/index.js';
import { PAGE_STYLE } from '../../../../shared/report/render/page-style.js';
import {
  renderReportSite,
  reportSiteRenderer,
  reportState,
  type SiteFile,
} from '../../../../shared/report/render/index.js';
import { escapeHtml } from '../../../../shared/markup/escape.js';
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
  'completeness',
];
const TABLES = [
  'flowchart',
  'table-1',
  'table-2',
  'adjusted-odds-ratios',
  'matching-balance',
  'table-3',
  'survival',
  'competing-risks',
  'subgroups',
  'center-benchmark',
  'quarterly-trends',
  'complication-rates',
  'data-quality',
  'uploads',
];

let runs: RegistryRun[];
let report: RegistryReport;
let ownRows: ReadonlyMap<string, CenterBenchmarkRow>;
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
  ({ report, ownCenterRows: ownRows } = await buildReport(runs, {
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
  }));
  site = await renderReportSite(report);
  centerSite = await renderReportSite(report, { centerId: 'C003' });
}, SLOW);

describe('renderReportSite: the registry report', () => {
  it('publishes index.html, report.json with its schema, every table as CSV with its dictionary, every figure as SVG', () => {
    expect(report.matching.estimable && report.centerBenchmark.estimable).toBe(true);
    expect(site.map((f) => f.path)).toEqual([
      'index.html',
      'report.json',
      'report.schema.json',
      ...TABLES.flatMap((t) => [`tables/${t}.csv`, `tables/${t}.dictionary.csv`]),
      ...FIGURES.map((f) => `figures/${f}.svg`),
    ]);
    expect(JSON.parse(file(site, 'report.json'))).toEqual(report);
    // The bytes are the model as published: keys in the schema's order, whatever order the analyses built.
    expect(file(site, 'report.json')).toBe(`${JSON.stringify(toPublishedJson(report), null, 2)}\n`);
    const published = JSON.parse(file(site, 'report.json')) as RegistryReport;
    expect(Object.keys(published.complicationRates[0]!)).toEqual(['id', 'byGroup', 'label']);
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
    expect(html).toContain(
      '<a href="tables/table-1.csv">Download as CSV</a> (<a href="tables/table-1.dictionary.csv">its data dictionary</a>)',
    );
    expect(html).toContain(
      '<a href="report.json">report.json</a> (<a href="report.schema.json">its JSON Schema</a>)',
    );
    // Under Fig. 3 and its table: what a live discharge counts as (there is no follow-up after discharge).
    expect(file(site, 'index.html')).toContain(
      'Follow-up ends at discharge: a run discharged alive before day 30 counts as alive at day 30.',
    );
    expect(file(site, 'index.html')).toContain('live discharge as a competing event (Aalen–Johansen)');
    // Subgroup forest with interaction p-values; aOR forest with the main model, then the sensitivity model
    // imputed and complete case.
    expect(file(site, 'figures/subgroups.svg')).toContain('p for interaction');
    expect(file(site, 'figures/adjusted-odds-ratios.svg')).toContain('Main model');
    expect(file(site, 'figures/adjusted-odds-ratios.svg')).toContain('Blood gases added (imputed)');
    expect(file(site, 'figures/adjusted-odds-ratios.svg')).toContain('Blood gases added (complete)');
  });

  it('is self-contained: no script, no external reference, inline CSS with A4 print rules', () => {
    // The one link allowed: an empty inline icon, so that browsers do not request /favicon.ico.
    const ICON = '<link rel="icon" href="data:,">';
    expect(file(site, 'index.html').split(ICON)).toHaveLength(2);
    for (const f of site) {
      expect(f.body).not.toMatch(/<script/i);
      const links = [
        ...f.body.replace(ICON, '').matchAll(/(?:https?:|ftp:|data:|file:|\/\/[a-z])[^"'\s)<]*/gi),
      ].map((m) => m[0]);
      // XML namespaces and the schema's draft name are identifiers, never fetched.
      const names = /^http:\/\/(www\.w3\.org\/(2000\/svg|1999\/xlink)|json-schema\.org\/draft-07\/schema#)$/;
      expect(links.filter((u) => !names.test(u))).toEqual([]);
    }
    const html = file(site, 'index.html').replace(ICON, '');
    expect(html).not.toMatch(/<link\b|@import|@font-face|<img\b|\son\w+=/i);
    // The committee site's Content-Security-Policy (infra/constructs/committee-site.ts) admits exactly one
    // stylesheet, PAGE_STYLE, by its hash: any other <style> element or a style attribute would not apply.
    expect([...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1])).toEqual([PAGE_STYLE]);
    for (const f of [...site, ...centerSite]) {
      expect([f.path, /\sstyle\s*=/i.test(f.body)]).toEqual([f.path, false]);
    }
    expect(html).toContain('@page { size: A4; margin: 15mm; }');
    expect(html).toMatch(/figure \{[^}]*break-inside: avoid/);
  });

  it('opens with the key findings and has a Methods section, both in every audience’s page', () => {
    for (const files of [site, centerSite]) {
      const html = file(files, 'index.html');
      const main = html.split('<main>')[1]!;
      expect(main.trimStart()).toMatch(
        /^<section id="key-findings" aria-labelledby="key-findings-heading">\n<h2 id="key-findings-heading">Key findings<\/h2>\n<ul class="key-findings">/,
      );
      expect(html).toContain(`<li>${escapeHtml(report.keyFindings[0]!)}</li>`);
      expect(html).toContain('<h2 id="methods-heading">Methods</h2>');
      expect(html).toContain(
        `<p class="methods" id="methods-imputation"><strong>Missing data.</strong> ${escapeHtml(
          report.methods.find((p) => p.id === 'imputation')!.text,
        )}</p>`,
      );
      expect(html).toContain('<li><a href="#methods">Methods</a></li>');
    }
  });

  it('states provenance, the PROVISIONAL banner and the suppression rule', () => {
    const html = file(site, 'index.html');
    // Generated on 2023-10-01, after 2023-Q3 closed, but not made final: closed, awaiting the final run.
    expect(html).toContain(
      '<p class="banner provisional closed-provisional" role="status">PROVISIONAL: 2023-Q3 has closed (data cut-off 2023-09-30T23:59:59.000Z), but its final report has not been run yet',
    );
    expect(html).not.toContain('still open');
    expect(html).toContain('<dt>Status</dt><dd>PROVISIONAL (quarter closed, awaiting the final run)</dd>');
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
    expect(html).toContain(
      'No count from 1 to 10 is shown, nor a count that would let one be worked out by subtraction: both read “hidden”, alike on purpose',
    );
    expect(file(site, 'tables/uploads.csv')).toContain('upload-C005,C005,2023-09-05T10:00:00.000Z,green');
  });

  it('publishes no run id and no row-level value in any file', () => {
    for (const f of [...site, ...centerSite]) {
      expect(f.body).not.toMatch(/SECRETRUN/);
      expect(f.body).not.toContain('49.8765');
      expect(f.body).not.toContain('8123.4567');
    }
  });

  it('shows a suppressed count as "hidden" in the CSV and the page', async () => {
    const withSmall: RegistryReport = {
      ...report,
      flowchart: report.flowchart.map((s, i) =>
        i === 2 ? { ...s, excluded: { value: null, suppressed: true as const } } : s,
      ),
    };
    const files = await renderReportSite(withSmall);
    const label = report.flowchart[2]!.label;
    expect(file(files, 'tables/flowchart.csv')).toContain(`${label},hidden,`);
    expect(file(files, 'index.html')).toContain(`<th scope="row">${label}</th><td>hidden</td>`);
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

describe('renderReportSite: the data-quality dashboard', () => {
  it('gives each center’s completeness and its least complete fields', () => {
    const csv = file(site, 'tables/data-quality.csv').trim().split(/\r?\n/);
    expect(csv[0]).toBe(
      'Center,Latest upload,Verdict,Uploads used by this report,Completeness of optional fields (%),Least complete fields (%),last_upload_at,verdict,uploads,completeness_percent',
    );
    expect(csv).toHaveLength(CENTERS.length + 1);
    for (const [k, line] of csv.slice(1).entries()) {
      const completeness = report.dataQuality[k]!.completeness!;
      expect(line).toContain(`,${(100 * completeness.overall).toFixed(1)},`);
      const lowest = [...completeness.fields].sort((a, b) => a.completeness - b.completeness)[0]!;
      if (lowest.completeness < 1) expect(line).toContain(lowest.column);
    }
    expect(file(site, 'index.html')).toContain(
      'Completeness counts a blank only where the dictionary expects',
    );
  });

  it('draws completeness as a heat map: every center for the committee, the center beside the median for a center', () => {
    const committee = file(site, 'figures/completeness.svg');
    for (const c of CENTERS) expect(committee).toContain(`>${c}</text>`);
    const own = file(centerSite, 'figures/completeness.svg');
    expect(own).toContain('>C003 (your center)</text>');
    expect(own).toContain('>Registry median</text>');
    // The least complete field across the registry is a column of both.
    const html = file(site, 'index.html');
    expect(html).toMatch(/<figure id="figure-completeness">/);
    const least = /Least complete: ([a-z0-9_]+)/.exec(html)![1]!;
    expect(committee).toContain(`>${least}</text>`);
    expect(own).toContain(`>${least}</text>`);
  });
});

describe('renderReportSite: a center’s private report', () => {
  it('shows the center beside the registry and highlights its point in the funnel', () => {
    const html = file(centerSite, 'index.html');
    expect(html).toContain('private report for center C003');
    const bench = file(centerSite, 'tables/center-benchmark.csv');
    expect(bench).toMatch(/^\uFEFFCenter,/);
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

  it('draws its own point as a large vermilion diamond labelled “Your center”, the others as grey dots', () => {
    const funnel = file(centerSite, 'figures/funnel.svg');
    const own = funnel.match(/class="mark-symbol role-mark highlight_marks"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
    const others = funnel.match(/class="mark-symbol role-mark center_marks"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
    expect(own.match(/<path /g)).toHaveLength(1);
    expect(own).toContain('fill="#D55E00"');
    expect(own).toContain('stroke="#000"');
    expect(others.match(/<path /g)!.length).toBeGreaterThan(1);
    expect(others).toContain('fill="#9a9a9a"');
    expect(others).not.toContain('#D55E00');
    expect(funnel).toMatch(/<text [^>]*fill="#D55E00">Your center<\/text>/);
    // The registry's own funnel highlights nobody.
    expect(file(site, 'figures/funnel.svg')).not.toContain('Your center');
    expect(file(site, 'figures/funnel.svg')).not.toContain('#D55E00');
  });

  it('keeps the registry report’s funnel anonymous too: no center id in its SVG', () => {
    const funnel = file(site, 'figures/funnel.svg');
    for (const c of CENTERS) expect(funnel).not.toContain(c);
  });
});

describe('renderReportSite: a center’s own figures in its private report', () => {
  const published = () =>
    report.centerBenchmark.estimable ? (report.centerBenchmark.centers as CenterBenchmarkRow[]) : [];

  it('shows a center its own counts, O/E and funnel point in full where the registry report hides them', async () => {
    const hidden = published().find((r) => r.observedToExpected === null && r.volume.value !== 0);
    expect(hidden).toBeDefined();
    const own = ownRows.get(hidden!.centerId)!;
    expect(own.volume.value).toBeGreaterThan(0);
    expect(own.observedToExpected).not.toBeNull();
    expect(own.expectedDeaths).toBe(hidden!.expectedDeaths);

    const files = await renderReportSite(report, { centerId: hidden!.centerId }, ownRows);
    const csv = file(files, 'tables/center-benchmark.csv');
    expect(csv).toContain(
      `${hidden!.centerId} (your center),${own.volume.value},${own.deaths.value},${own.crudeMortality!.toFixed(1)},`,
    );
    expect(csv).toContain(own.observedToExpected!.toFixed(2));
    expect(file(files, 'index.html')).toContain('Your center’s own counts are shown in full');
    const model = JSON.parse(file(files, 'report.json')) as RegistryReport;
    const rows = (model.centerBenchmark as { centers: CenterBenchmarkRow[] }).centers;
    expect(rows.find((r) => r.centerId === hidden!.centerId)).toEqual(own);
    // Every other row is the published one (anonymous), the registry report keeps the own row hidden.
    const others = rows.filter((r) => r.centerId !== hidden!.centerId);
    const anonymous = published()
      .filter((r) => r.centerId !== hidden!.centerId)
      .map(({ centerId: _id, ...rest }) => rest);
    expect(new Set(others.map((r) => JSON.stringify(r)))).toEqual(
      new Set(anonymous.map((r) => JSON.stringify(r))),
    );
    expect(file(site, 'report.json')).not.toContain(`"observedToExpected": ${own.observedToExpected}`);
    // The point is in the funnel, highlighted.
    const funnel = file(files, 'figures/funnel.svg');
    const mark = funnel.match(/class="mark-symbol role-mark highlight_marks"[^>]*>(.*?)<\/g>/)?.[1] ?? '';
    expect(mark.match(/<path /g)).toHaveLength(1);
  });

  it('without the own rows, shows the published (suppressed) row as before', async () => {
    const hidden = published().find((r) => r.observedToExpected === null && r.volume.value !== 0)!;
    const files = await renderReportSite(report, { centerId: hidden.centerId });
    expect(file(files, 'index.html')).not.toContain('Your center’s own counts are shown in full');
    const model = JSON.parse(file(files, 'report.json')) as RegistryReport;
    const rows = (model.centerBenchmark as { centers: CenterBenchmarkRow[] }).centers;
    expect(rows.find((r) => r.centerId === hidden.centerId)).toEqual(hidden);
  });
});

describe('reportSiteRenderer: every audience of one report', () => {
  it(
    'gives each site exactly what renderReportSite gives, sharing all figures but the funnel',
    async () => {
      const renderer = reportSiteRenderer(report);
      const registry = await renderer.render();
      const c3 = await renderer.render({ centerId: 'C003' });
      const c5 = await renderer.render({ centerId: 'C005' });
      expect(registry).toEqual(site);
      expect(c3).toEqual(centerSite);
      // The funnel plot and the completeness heat map are drawn per audience.
      for (const id of FIGURES.filter((f) => f !== 'funnel' && f !== 'completeness')) {
        expect(file(c5, `figures/${id}.svg`)).toBe(file(site, `figures/${id}.svg`));
      }
      expect(file(c5, 'figures/funnel.svg')).not.toBe(file(c3, 'figures/funnel.svg'));
      expect(file(c5, 'index.html')).toContain('private report for center C005');
    },
    SLOW,
  );
});

describe('renderReportSite: states, icon and empty sections', () => {
  const withProvenance = (p: Partial<RegistryReport['provenance']>): RegistryReport => ({
    ...report,
    provenance: { ...report.provenance, ...p },
  });

  it(
    'tells an open quarter, a closed one awaiting its final run, and a final one apart',
    async () => {
      const open = withProvenance({
        generatedAt: '2023-09-15T12:00:00.000Z',
        cutoff: '2023-09-15T12:00:00.000Z',
      });
      const final = withProvenance({ status: 'final', generatedAt: '2023-10-31T00:00:00.000Z' });
      expect(reportState(open.provenance)).toBe('open');
      expect(reportState(report.provenance)).toBe('closed-provisional');
      expect(reportState(final.provenance)).toBe('final');
      // The last millisecond of the quarter is still open; its close is not.
      expect(reportState(withProvenance({ generatedAt: '2023-09-30T23:59:59.999Z' }).provenance)).toBe(
        'open',
      );
      expect(reportState(withProvenance({ generatedAt: '2023-10-01T00:00:00.000Z' }).provenance)).toBe(
        'closed-provisional',
      );

      const openHtml = file(await renderReportSite(open), 'index.html');
      expect(openHtml).toContain(
        '<p class="banner provisional open" role="status">PROVISIONAL: 2023-Q3 is still open; figures may change',
      );
      const finalHtml = file(await renderReportSite(final), 'index.html');
      expect(finalHtml).toContain('<p class="banner final final" role="status">FINAL: 2023-Q3 is closed');
      expect(finalHtml).not.toMatch(/still open|PROVISIONAL/);
      expect(finalHtml).toContain('<dt>Status</dt><dd>FINAL</dd>');
    },
    SLOW,
  );

  it('links an empty inline icon so browsers do not ask for /favicon.ico', () => {
    for (const files of [site, centerSite]) {
      const head = file(files, 'index.html').split('</head>')[0]!;
      expect(head).toContain('<link rel="icon" href="data:,">');
    }
  });

  it(
    'says why a section is empty instead of drawing an empty table or figure',
    async () => {
      const unmatched: RegistryReport = {
        ...report,
        matching: { estimable: false, reason: 'not estimable: fewer than 11 matched pairs' },
        provenance: { ...report.provenance, uploads: [] },
      };
      const files = await renderReportSite(unmatched);
      const html = file(files, 'index.html');
      expect(html).not.toContain('<table id="table-table-3">');
      expect(html).toMatch(
        /<div class="table-wrap" id="table-table-3">\s*<p class="caption"><strong>Table 3\.[^<]*<\/strong><\/p>\s*<p class="note empty">Not estimable: fewer than 11 matched pairs<\/p>/,
      );
      expect(html).toMatch(
        /<figure id="figure-love-plot">\s*<figcaption>[^<]+<\/figcaption>\s*<p class="note empty">Not estimable: fewer than 11 matched pairs\. The figure is not drawn\.<\/p>/,
      );
      expect(html).not.toContain('<table id="table-uploads">');
      expect(html).toContain(
        '<p class="note empty">No upload was used: no center has accepted data in this report.</p>',
      );
      // Every table on the page has rows, or says why it has none.
      for (const m of html.matchAll(/<tbody>\n([\s\S]*?)\n<\/tbody>/g)) expect(m[1]).toContain('<tr>');
      // The CSV of an empty table keeps its header row.
      expect(file(files, 'tables/table-3.csv').trim()).toBe('Outcome');
    },
    SLOW,
  );
});
