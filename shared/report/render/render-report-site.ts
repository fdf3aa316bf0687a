/**
 * Renders a quarter's report as static files: `index.html` (the page), `report.json` (the model this audience
 * may see) with its JSON Schema `report.schema.json`, `tables/*.csv` (display text and data) each with its data
 * dictionary `tables/*.dictionary.csv`, and `figures/*.svg`.
 *
 * The page inlines its figures as SVG rather than linking `<img src="figures/…">`: the page then stands alone
 * (saved, e-mailed or printed, it still has every figure), and a screen reader reads each figure's own
 * `<title>`/`<desc>` through `role="img"`. The same SVG is also written to `figures/` for download. Each figure
 * names its ids under its own prefix, so inlined figures cannot clash.
 */
import { quarterCloseMs } from '../quarter-clock.js';
import type { RegistryReport } from '../registry-report.js';
import { toPublishedJson } from '../registry-report-schema.js';
import type { CenterBenchmarkRow } from '../analyses/center-benchmark.js';
import { centerView, registryView, type ReportView } from './center-view.js';
import { escapeHtml } from '../../markup/escape.js';
import { PAGE_STYLE } from './page-style.js';
import {
  completenessFigure,
  funnelFigure,
  sharedFigures,
  withFunnel,
  type ReportFigure,
} from './report-figures.js';
import { notEstimableNote, reportTables, type ReportTable } from './report-tables.js';
import { reportJsonSchema } from './report-json-schema.js';
import { tableCsv, tableDictionaryCsv } from './table-csv.js';
import type { SiteFile } from './site-file.js';

export interface RenderReportSiteOptions {
  /** Render the private report of this center: its figures beside the registry's, other centers anonymous. */
  centerId?: string;
}

/** Each center's own unsuppressed benchmark row (build-registry-report.ts `BuiltReport.ownCenterRows`). */
export type OwnCenterRows = ReadonlyMap<string, CenterBenchmarkRow>;

/** The page's sections in order: which figures and tables each holds, and any text written from the model. */
const SECTIONS: readonly {
  id: string;
  title: string;
  figures: string[];
  tables: string[];
  text?: (report: RegistryReport) => string;
}[] = [
  { id: 'key-findings', title: 'Key findings', figures: [], tables: [], text: keyFindingsHtml },
  { id: 'cohort', title: 'Cohort', figures: ['flowchart'], tables: ['flowchart'] },
  { id: 'baseline', title: 'Baseline characteristics', figures: [], tables: ['table-1'] },
  { id: 'outcomes', title: 'Outcomes', figures: [], tables: ['table-2'] },
  {
    id: 'odds-ratios',
    title: 'Adjusted odds ratios',
    figures: ['adjusted-odds-ratios'],
    tables: ['adjusted-odds-ratios'],
  },
  {
    id: 'matching',
    title: 'Propensity-matched cohort',
    figures: ['love-plot'],
    tables: ['matching-balance', 'table-3'],
  },
  {
    id: 'survival',
    title: '30-day survival',
    figures: ['survival-before-matching', 'survival-after-matching'],
    tables: ['survival', 'competing-risks'],
  },
  { id: 'subgroups', title: 'Subgroups', figures: ['subgroups'], tables: ['subgroups'] },
  { id: 'benchmark', title: 'Center benchmark', figures: ['funnel'], tables: ['center-benchmark'] },
  { id: 'trends', title: 'Quarterly trends', figures: ['trends'], tables: ['quarterly-trends'] },
  { id: 'complications', title: 'Complication rates', figures: [], tables: ['complication-rates'] },
  { id: 'data-quality', title: 'Data quality', figures: ['completeness'], tables: ['data-quality'] },
  { id: 'methods', title: 'Methods', figures: [], tables: [], text: methodsHtml },
  { id: 'provenance', title: 'Provenance', figures: [], tables: ['uploads'] },
];

/** The key findings as a short list of sentences. */
function keyFindingsHtml(report: RegistryReport): string {
  return [
    '<ul class="key-findings">',
    ...report.keyFindings.map((line) => `<li>${escapeHtml(line)}</li>`),
    '</ul>',
  ].join('\n');
}

/** The Methods section: one titled paragraph per topic. */
function methodsHtml(report: RegistryReport): string {
  return report.methods
    .map(
      (p) =>
        `<p class="methods" id="methods-${escapeHtml(p.id)}"><strong>${escapeHtml(p.heading)}.</strong> ${escapeHtml(p.text)}</p>`,
    )
    .join('\n');
}

/**
 * `report.json`: the model as published (checked by the report schema, keys in the published order), with
 * two-space indentation and a final newline, so the same model always gives the same bytes.
 * @throws {ZodError} when the model holds a field, a shape or a count that report.json may not publish.
 */
export function reportJson(report: RegistryReport): string {
  return publishedJson(toPublishedJson(report));
}

/** The text of a model that is already in its published form (toPublishedJson, or a view of its result). */
function publishedJson(published: RegistryReport): string {
  return `${JSON.stringify(published, null, 2)}\n`;
}

function tableHtml(table: ReportTable): string {
  if (table.rows.length === 0) {
    // No empty grid: say why there is nothing to show (the CSV keeps its header row).
    return [
      `<div class="table-wrap" id="table-${escapeHtml(table.id)}">`,
      `<p class="caption"><strong>${escapeHtml(table.caption)}</strong></p>`,
      `<p class="note empty">${escapeHtml(table.note ?? 'Not estimable: no rows to show.')}</p>`,
      `</div>`,
    ].join('\n');
  }
  const head = table.header.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = table.rows
    .map(
      (row) =>
        `<tr>${row
          .map((cell, i) =>
            i === 0 ? `<th scope="row">${escapeHtml(cell)}</th>` : `<td>${escapeHtml(cell)}</td>`,
          )
          .join('')}</tr>`,
    )
    .join('\n');
  return [
    `<div class="table-wrap">`,
    `<table id="table-${escapeHtml(table.id)}">`,
    `<caption>${escapeHtml(table.caption)}</caption>`,
    `<thead><tr>${head}</tr></thead>`,
    `<tbody>\n${body}\n</tbody>`,
    `</table>`,
    table.note ? `<p class="note">${escapeHtml(table.note)}</p>` : '',
    `<p class="downloads"><a href="tables/${escapeHtml(table.id)}.csv">Download as CSV</a> (<a href="tables/${escapeHtml(table.id)}.dictionary.csv">its data dictionary</a>)</p>`,
    `</div>`,
  ]
    .filter(Boolean)
    .join('\n');
}

/** The text with a full stop at its end unless it ends a sentence already. */
function sentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

function figureHtml(figure: ReportFigure): string {
  if (figure.svg === null) {
    return [
      `<figure id="figure-${escapeHtml(figure.id)}">`,
      `<figcaption>${escapeHtml(figure.caption)}</figcaption>`,
      `<p class="note empty">${escapeHtml(sentence(notEstimableNote(figure.reason ?? '')))} The figure is not drawn.</p>`,
      `</figure>`,
    ].join('\n');
  }
  return [
    `<figure id="figure-${escapeHtml(figure.id)}">`,
    `<figcaption>${escapeHtml(figure.caption)}</figcaption>`,
    figure.svg,
    `<p class="downloads"><a href="figures/${escapeHtml(figure.id)}.svg">Download as SVG</a></p>`,
    `</figure>`,
  ].join('\n');
}

/** Where a report stands: its quarter still open, closed but awaiting the final run, or final. */
export type ReportState = 'open' | 'closed-provisional' | 'final';

/**
 * The state of a report from its provenance: final when the quarterly run made it so; otherwise closed once it
 * was generated after the quarter ended (its cut-off is then the quarter's end), else open.
 */
export function reportState(provenance: RegistryReport['provenance']): ReportState {
  if (provenance.status === 'final') return 'final';
  return Date.parse(provenance.generatedAt) >= quarterCloseMs(provenance.quarter)
    ? 'closed-provisional'
    : 'open';
}

/** The banner and status line of each state, worded for what the reader can expect of the figures. */
function stateText(state: ReportState, quarter: string, cutoff: string): { status: string; banner: string } {
  switch (state) {
    case 'final':
      return {
        status: 'FINAL',
        banner: `FINAL: ${quarter} is closed and this is its final report (data cut-off ${cutoff}); it will not change.`,
      };
    case 'closed-provisional':
      return {
        status: 'PROVISIONAL (quarter closed, awaiting the final run)',
        banner: `PROVISIONAL: ${quarter} has closed (data cut-off ${cutoff}), but its final report has not been run yet; figures may still change if centers correct their data before the quarterly run makes it final.`,
      };
    case 'open':
      return {
        status: 'PROVISIONAL',
        banner: `PROVISIONAL: ${quarter} is still open; figures may change as centers upload more data.`,
      };
  }
}

function provenanceHtml(view: ReportView): string {
  const p = view.report.provenance;
  const state = reportState(p);
  const { status, banner: statusText } = stateText(state, p.quarter, p.cutoff);
  const t = view.report.suppressionThreshold;
  const items: [string, string][] = [
    ['Quarter', p.quarter],
    ['Status', status],
    ['Data cut-off', p.cutoff],
    [
      'Uploads used',
      `${p.uploads.length}${view.centerId === undefined ? '' : ' from your center'} (listed under Provenance)`,
    ],
    ['Generated at', p.generatedAt],
    ['Software version', p.softwareVersion],
    ['Report spec', `${p.specId} (SHA-256 ${p.specDigest})`],
    ['Imputation seed', String(p.seed)],
  ];
  return [
    `<p class="banner ${p.status} ${state}" role="status">${escapeHtml(statusText)}</p>`,
    `<dl class="provenance">`,
    ...items.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`),
    `</dl>`,
    `<p class="downloads">The whole report for reading by a program: <a href="report.json">report.json</a> (<a href="report.schema.json">its JSON Schema</a>). Each table’s CSV holds the text shown here and, beside it, the numbers as numbers; its data dictionary says what each column means.</p>`,
    `<p class="rule"><strong>Small-cell suppression.</strong> No count from 1 to ${escapeHtml(String(t - 1))} is shown, nor a count that would let one be worked out by subtraction: both read “hidden”, alike on purpose, so a reader cannot tell which hidden count is the small one; percentages, tests and SMDs computed from a hidden count are shown as “–”. No run id or other row-level value is published.</p>`,
  ].join('\n');
}

function pageHtml(view: ReportView, figures: ReportFigure[], tables: ReportTable[]): string {
  const p = view.report.provenance;
  const title =
    view.centerId === undefined
      ? `ECLS Registry report, ${p.quarter}`
      : `ECLS Registry report, ${p.quarter}: private report for center ${view.centerId}`;
  const byFigure = new Map(figures.map((f) => [f.id, f]));
  const byTable = new Map(tables.map((t) => [t.id, t]));
  const sections = SECTIONS.map((s) => {
    const parts = [
      `<section id="${s.id}" aria-labelledby="${s.id}-heading">`,
      `<h2 id="${s.id}-heading">${escapeHtml(s.title)}</h2>`,
      ...(s.text === undefined ? [] : [s.text(view.report)]),
      ...s.figures.flatMap((id) => {
        const figure = byFigure.get(id);
        return figure ? [figureHtml(figure)] : [];
      }),
      ...s.tables.flatMap((id) => {
        const table = byTable.get(id);
        return table ? [tableHtml(table)] : [];
      }),
      `</section>`,
    ];
    return parts.join('\n');
  });
  const privateNote =
    view.centerId === undefined
      ? ''
      : `<p class="private">This is the private report of center ${escapeHtml(view.centerId)}. It shows your center beside the registry; every other center appears only as an anonymous point. Do not forward it outside your center.</p>`;
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    // An empty icon: without one, browsers request /favicon.ico, which the site does not have.
    '<link rel="icon" href="data:,">',
    `<style>${PAGE_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    privateNote,
    provenanceHtml(view),
    '</header>',
    '<nav aria-label="Contents"><h2>Contents</h2><ol>',
    ...SECTIONS.map((s) => `<li><a href="#${s.id}">${escapeHtml(s.title)}</a></li>`),
    '</ol></nav>',
    '<main>',
    ...sections,
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n')
    .concat('\n');
}

/** Renders the sites of one report for any audience, drawing the figures they share only once. */
export interface ReportSiteRenderer {
  /** The site of one audience: the committee's by default, or a center's private report. */
  render(options?: RenderReportSiteOptions): Promise<SiteFile[]>;
}

/**
 * A renderer for all the sites of one report. Every figure but the funnel plot reads only registry-wide sections
 * of the model, which every audience sees unchanged, so it is drawn once, on the first render, and the same SVG
 * string goes into every site; only the funnel plot (the reader's own point) is drawn per audience. Each site is
 * byte-identical to what `renderReportSite` gives for it. The model is checked against the report schema once,
 * on the first render, and every site is drawn from its published form.
 * @example const renderer = reportSiteRenderer(report); const files = await renderer.render({ centerId: 'C001' })
 */
export function reportSiteRenderer(
  report: RegistryReport,
  ownCenterRows: OwnCenterRows = new Map(),
): ReportSiteRenderer {
  let published: RegistryReport | undefined;
  let shared: Promise<ReportFigure[]> | undefined;
  return {
    async render(options = {}) {
      // Checked once per report, before any site is written: every audience's view only leaves rows and
      // fields out of the published model, so it stays within the schema, in the same key order.
      published ??= toPublishedJson(report);
      const view =
        options.centerId === undefined
          ? registryView(published)
          : centerView(published, options.centerId, ownCenterRows.get(options.centerId));
      shared ??= sharedFigures(published);
      // The funnel plot and the completeness heat map are drawn per audience; the rest once per report.
      const figures = [
        ...withFunnel(await shared, await funnelFigure(view.report, view.funnel)),
        await completenessFigure(published, options.centerId),
      ];
      return siteFiles(view, figures);
    },
  };
}

/**
 * Renders the report's static site. Pure and deterministic: the same report gives the same files, in the same
 * order (index.html, report.json, report.schema.json, tables with their dictionaries, figures). To render several audiences of one report, use
 * `reportSiteRenderer`, which draws the shared figures once.
 * @throws {FigureInputError} when the model holds values a figure cannot draw honestly.
 * @throws {ZodError} when the model holds a field, a shape or a count that report.json may not publish.
 * @example const files = await renderReportSite(report, { centerId: 'C001' })
 */
export async function renderReportSite(
  report: RegistryReport,
  options: RenderReportSiteOptions = {},
  ownCenterRows: OwnCenterRows = new Map(),
): Promise<SiteFile[]> {
  return reportSiteRenderer(report, ownCenterRows).render(options);
}

function siteFiles(view: ReportView, figures: ReportFigure[]): SiteFile[] {
  const tables = reportTables(view.report, view.benchmark);
  return [
    { path: 'index.html', contentType: 'text/html; charset=utf-8', body: pageHtml(view, figures, tables) },
    { path: 'report.json', contentType: 'application/json', body: publishedJson(view.report) },
    { path: 'report.schema.json', contentType: 'application/schema+json', body: reportJsonSchema() },
    ...tables.flatMap((t) => [
      {
        path: `tables/${t.id}.csv`,
        contentType: 'text/csv; charset=utf-8; header=present',
        body: tableCsv(t),
      },
      {
        path: `tables/${t.id}.dictionary.csv`,
        contentType: 'text/csv; charset=utf-8; header=present',
        body: tableDictionaryCsv(t),
      },
    ]),
    ...figures
      .filter((f): f is ReportFigure & { svg: string } => f.svg !== null)
      .map((f) => ({ path: `figures/${f.id}.svg`, contentType: 'image/svg+xml', body: `${f.svg}\n` })),
  ];
}
