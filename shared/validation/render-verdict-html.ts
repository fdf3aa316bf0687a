/**
 * The verdict as one self-contained HTML page for people: inline styles, no scripts and no external resources
 * (it is opened from e-mail and from S3), and every value that came from the upload is escaped. The page stands
 * alone: it names the upload, gives each problem with its row, run_id, column and fix, and carries the data
 * dictionary's entry of every column it mentions, so a data manager can act on it without the registry's site.
 */
import {
  columnByName,
  columnText,
  valueLabel,
  type ColumnDescription,
  type ColumnName,
} from '../dictionary/index.js';
import { messageOf, verdictUi, type VerdictUi } from '../i18n/verdict-ui.js';
import type { Language } from '../i18n/language.js';
import { escapeHtml } from '../markup/escape.js';
import { verdictKind, type VerdictKind } from './verdict-kind.js';
import type { Problem, Verdict } from './verdict-schema.js';

/** How to render the page. */
export interface RenderVerdictHtmlOptions {
  /** The language of the page (the center's). */
  language: Language;
  /** Link to the CSV template, relative to the page (e.g. `template.csv` next to it); omitted: no link. */
  templateHref?: string;
  /** Link to the annotated copy of the file, relative to the page; omitted: no link (none was written). */
  annotatedHref?: string;
  /** Link to the problems CSV, relative to the page; omitted: no link. */
  problemsCsvHref?: string;
}

/** Banner backgrounds under white text; each (and the warning colour on white) meets WCAG AA's 4.5:1 contrast. */
const BANNER_COLOURS: Record<VerdictKind, string> = {
  accepted: '#1b7f3b',
  'accepted-with-warnings': '#8a5a00',
  superseded: '#8a5a00',
  rejected: '#b3261e',
  failed: '#6b2a8a',
};

/** Rules whose fix is to follow the template's header, so their row links to it. */
const TEMPLATE_RULES = new Set(['missing-required-columns', 'not-csv', 'unknown-column']);

const e = (value: string | number | null): string => escapeHtml(value === null ? '' : String(value));

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The anchor of a column's dictionary entry on the page. */
export const columnAnchor = (name: string): string => `column-${name}`;

const COLUMN_WORD = /(?<![&\w])[a-z][a-z0-9_]*(?!\w)/g;

/** Dictionary columns named by a problem: its column, and any column name its message mentions. */
function columnsOf(problem: Problem, message: string): ColumnName[] {
  const names = new Set<ColumnName>();
  if (problem.column !== null && columnByName.has(problem.column as ColumnName))
    names.add(problem.column as ColumnName);
  for (const [word] of message.matchAll(COLUMN_WORD))
    if (columnByName.has(word as ColumnName)) names.add(word as ColumnName);
  return [...names];
}

/** Escapes a message and links every dictionary column name in it to its entry. */
function linkColumns(message: string): string {
  return e(message).replace(COLUMN_WORD, (word) =>
    columnByName.has(word as ColumnName) ? `<a href="#${columnAnchor(word)}">${word}</a>` : word,
  );
}

/** `2026-12-08T02:27:00.000Z` in China Standard Time (UTC+8, no daylight saving): `2026-12-08 10:27`. */
function chinaDateTime(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

function allowedValues(column: ColumnDescription, ui: VerdictUi, language: Language): string {
  if (column.values) {
    return column.values
      .map((v) => {
        const label = valueLabel(column.name, v, language);
        return label && label !== v ? `<code>${e(v)}</code> (${e(label)})` : `<code>${e(v)}</code>`;
      })
      .join(', ');
  }
  if (column.min !== undefined && column.max !== undefined) return `${column.min} – ${column.max}`;
  if (column.min !== undefined) return `≥ ${column.min}`;
  if (column.max !== undefined) return `≤ ${column.max}`;
  if (column.kind === 'boolean') return `<code>yes</code>, <code>no</code> (${e(ui.yes)} / ${e(ui.no)})`;
  return '';
}

function sourceTable(verdict: Verdict, ui: VerdictUi): string {
  const source = verdict.source;
  const at = source?.uploadedAt;
  const center = source?.center
    ? `${source.center.id}${source.center.name ? ` (${source.center.name})` : ''}`
    : verdict.centerId;
  const rows = [
    [ui.fileName, source ? `<code>${e(source.fileName)}</code>` : e(ui.notRecorded)],
    [ui.uploadId, source?.uploadId ? `<code>${e(source.uploadId)}</code>` : e(ui.notRecorded)],
    [
      ui.uploadedAt,
      at ? `<time datetime="${e(at)}">${e(ui.chinaTime(chinaDateTime(at)))}</time>` : e(ui.notRecorded),
    ],
    [ui.center, e(center ?? ui.notRecorded)],
  ];
  return `<table class="facts">\n${rows.map(([h, d]) => `<tr><th>${e(h!)}</th><td>${d}</td></tr>`).join('\n')}\n</table>`;
}

function filesSection(options: RenderVerdictHtmlOptions, ui: VerdictUi): string {
  const items: string[] = [];
  if (options.annotatedHref)
    items.push(
      `<li><a href="${e(options.annotatedHref)}" download>${e(ui.annotatedLink)}</a>${e(ui.colon)}${e(ui.annotatedHint)}</li>`,
    );
  if (options.templateHref)
    items.push(
      `<li><a id="template" href="${e(options.templateHref)}" download>${e(ui.templateLink)}</a>${e(ui.colon)}${e(ui.templateHint)}</li>`,
    );
  if (options.problemsCsvHref)
    items.push(
      `<li><a href="${e(options.problemsCsvHref)}" download>${e(ui.sectionProblems)} (CSV)</a></li>`,
    );
  return items.length === 0 ? '' : `<h2>${e(ui.sectionFiles)}</h2>\n<ul>\n${items.join('\n')}\n</ul>`;
}

function columnEntries(names: readonly ColumnName[], ui: VerdictUi, language: Language): string {
  if (names.length === 0) return '';
  const entries = names.map((name) => {
    const c = columnByName.get(name)!;
    const text = columnText(name, language);
    const allowed = allowedValues(c, ui, language);
    const rows = [
      [ui.columnDescription, e(text.description)],
      [ui.columnType, e(ui.kindName[c.kind])],
      ...(text.unit ? [[ui.columnUnit, e(text.unit)]] : []),
      ...(allowed ? [[ui.columnAllowed, allowed]] : []),
      [ui.columnRequired, e(c.required ? ui.yes : ui.no)],
    ];
    const label = text.label === name ? '' : ` ${e(text.label)}`;
    return `<h3 id="${columnAnchor(name)}"><code>${e(name)}</code>${label}</h3>\n<table class="facts">\n${rows.map(([h, d]) => `<tr><th>${e(h!)}</th><td>${d}</td></tr>`).join('\n')}\n</table>`;
  });
  return `<h2>${e(ui.sectionColumns)}</h2>\n<p>${e(ui.columnsIntro)}</p>\n${entries.join('\n')}`;
}

/**
 * Renders the verdict in the center's language: a banner chosen by the verdict's kind (a failed upload is not
 * called a rejected file), the upload it is about, links to the annotated copy and the template, counts, every
 * listed problem with row, run_id, column, value and fix, the dictionary entries of the columns mentioned, and
 * field completeness.
 * @example renderVerdictHtml(verdict, { language: 'zh-CN', templateHref: 'template.csv' })
 */
export function renderVerdictHtml(verdict: Verdict, options: RenderVerdictHtmlOptions): string {
  const ui = verdictUi(options.language);
  const kind = verdictKind(verdict);
  const banner = ui.banner[kind];
  const s = verdict.summary;
  const mentioned = new Set<ColumnName>();
  const ruleRows = Object.entries(s.ruleCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, count]) => `<tr><td><code>${e(rule)}</code></td><td class="n">${count}</td></tr>`)
    .join('');
  const problemRows = verdict.problems
    .map((p) => {
      const message = messageOf(p, options.language);
      for (const name of columnsOf(p, message)) mentioned.add(name);
      const column =
        p.column !== null && columnByName.has(p.column as ColumnName)
          ? `<a href="#${columnAnchor(p.column)}"><code>${e(p.column)}</code></a>`
          : p.column === null
            ? ''
            : `<code>${e(p.column)}</code>`;
      const template =
        options.templateHref && TEMPLATE_RULES.has(p.rule)
          ? ` <a href="${e(options.templateHref)}">${e(ui.templateLink)}</a>`
          : '';
      return `<tr class="${p.severity}"><td class="n">${p.row === null ? e(ui.wholeFile) : p.row}</td><td>${p.runId === null ? '' : `<code>${e(p.runId)}</code>`}</td><td>${column}</td><td>${p.value === null ? '' : `<code>${e(p.value)}</code>`}</td><td class="sev">${e(ui.severityName[p.severity])}</td><td>${linkColumns(message)}${template}<br><small><code>${e(p.rule)}</code></small></td></tr>`;
    })
    .join('\n');
  const columnRows = s.columns
    .map(
      (c) =>
        `<tr><td><code>${e(c.column)}</code></td><td>${e(c.required ? ui.required : ui.optional)}</td><td>${e(c.present ? ui.yes : ui.no)}</td><td class="n">${c.filled}</td><td class="n">${c.applicable}</td><td class="n">${percent(c.completeness)}</td></tr>`,
    )
    .join('\n');
  const cut = verdict.problemsTruncated
    ? `<p class="note">${e(ui.problemsCut(verdict.problems.length, s.errors + s.warnings))}</p>`
    : '';
  const format = (name: string | undefined) => e(name ?? ui.unknownFormat);
  return `<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(ui.title)}${verdict.source ? ` – ${e(verdict.source.fileName)}` : ''}</title>
<style>
body { font-family: system-ui, -apple-system, "Segoe UI", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", "Droid Sans Fallback", sans-serif; margin: 2rem; color: #1d1d1f; max-width: 72rem; line-height: 1.45; }
.status { color: #fff; background: ${BANNER_COLOURS[kind]}; padding: 0.75rem 1rem; border-radius: 6px; font-size: 1.1rem; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
table.facts { min-width: 36rem; }
table.facts th { width: 14rem; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td.sev { color: #b3261e; font-weight: 600; }
tr.warning td.sev { color: #8a5a00; }
small code { color: #666; }
h3 { margin-bottom: 0; }
.note { background: #fff4e5; padding: 0.5rem 0.75rem; border-left: 4px solid #8a5a00; }
</style>
</head>
<body>
<h1>${e(ui.title)}</h1>
<p class="status"><strong>${e(banner.status)}</strong>${e(ui.colon)}${e(banner.text)}</p>
<h2>${e(ui.sectionUpload)}</h2>
${sourceTable(verdict, ui)}
${filesSection(options, ui)}
<h2>${e(ui.sectionSummary)}</h2>
<table class="facts">
<tr><th>${e(ui.dataRows)}</th><td class="n">${s.rows}</td></tr>
<tr><th>${e(ui.rowsWithErrors)}</th><td class="n">${s.rowsWithErrors}</td></tr>
<tr><th>${e(ui.errors)}</th><td class="n">${s.errors}</td></tr>
<tr><th>${e(ui.warnings)}</th><td class="n">${s.warnings}</td></tr>
<tr><th>${e(ui.completeness)}</th><td class="n">${e(ui.completenessValue(percent(s.completeness), percent(s.completenessThreshold)))}</td></tr>
<tr><th>${e(ui.encoding)}</th><td>${format(s.encoding === null ? undefined : ui.encodingName[s.encoding])}</td></tr>
<tr><th>${e(ui.delimiter)}</th><td>${format(s.delimiter === null ? undefined : ui.delimiterName[s.delimiter])}</td></tr>
</table>
<h2>${e(ui.sectionProblems)}</h2>
${cut}
<table>
<tr><th>${e(ui.row)}</th><th>${e(ui.runId)}</th><th>${e(ui.column)}</th><th>${e(ui.value)}</th><th>${e(ui.severity)}</th><th>${e(ui.howToFix)}</th></tr>
${problemRows || `<tr><td colspan="6">${e(ui.noProblems)}</td></tr>`}
</table>
<h2>${e(ui.sectionRuleCounts)}</h2>
<table><tr><th>${e(ui.rule)}</th><th>${e(ui.count)}</th></tr>${ruleRows || `<tr><td colspan="2">${e(ui.none)}</td></tr>`}</table>
${columnEntries([...mentioned], ui, options.language)}
<h2>${e(ui.sectionCompleteness)}</h2>
<table>
<tr><th>${e(ui.field)}</th><th></th><th>${e(ui.inFile)}</th><th>${e(ui.filled)}</th><th>${e(ui.expected)}</th><th>${e(ui.completeness)}</th></tr>
${columnRows}
</table>
</body>
</html>
`;
}
