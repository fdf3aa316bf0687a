/**
 * The verdict as one self-contained HTML page for people: inline styles, no scripts and no external resources
 * (it is opened from e-mail and from S3), and every value that came from the upload is escaped.
 */
import { escapeHtml } from '../markup/escape.js';
import type { Verdict } from './verdict-schema.js';

const COLOURS: Record<Verdict['status'], string> = { green: '#1b7f3b', yellow: '#a66f00', red: '#b3261e' };

const e = (value: string | number | null): string => escapeHtml(value === null ? '' : String(value));

/** Renders the verdict: status banner, counts, problems per rule, the problem table and field completeness. */
export function renderVerdictHtml(
  verdict: Verdict,
  title = 'ECLS Registry: upload data-quality verdict',
): string {
  const s = verdict.summary;
  const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
  const ruleRows = Object.entries(s.ruleCounts)
    .sort((a, b) => b[1] - a[1])
    .map(([rule, count]) => `<tr><td>${e(rule)}</td><td class="n">${count}</td></tr>`)
    .join('');
  const problemRows = verdict.problems
    .map(
      (p) =>
        `<tr class="${p.severity}"><td class="n">${e(p.row)}</td><td>${e(p.column)}</td><td><code>${e(p.value)}</code></td><td>${e(p.rule)}</td><td>${e(p.severity)}</td><td>${e(p.message)}</td></tr>`,
    )
    .join('\n');
  const columnRows = s.columns
    .map(
      (c) =>
        `<tr><td>${e(c.column)}</td><td>${c.required ? 'required' : 'optional'}</td><td>${c.present ? 'yes' : 'no'}</td><td class="n">${c.filled}</td><td class="n">${c.applicable}</td><td class="n">${percent(c.completeness)}</td></tr>`,
    )
    .join('\n');
  const cut = verdict.problemsTruncated
    ? `<p>Only the first ${verdict.problems.length} problems are listed; the counts above are complete.</p>`
    : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${e(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #1d1d1f; }
.status { color: #fff; background: ${COLOURS[verdict.status]}; padding: 0.75rem 1rem; border-radius: 6px; }
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: left; vertical-align: top; }
th { background: #f2f2f2; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
tr.error td:nth-child(5) { color: #b3261e; font-weight: 600; }
tr.warning td:nth-child(5) { color: #a66f00; }
</style>
</head>
<body>
<h1>${e(title)}</h1>
<p class="status"><strong>${e(verdict.status.toUpperCase())}</strong>: ${verdict.accepted ? 'accepted' : 'rejected; correct the errors and upload the whole file again'}</p>
<table>
<tr><th>Center</th><td>${e(verdict.centerId)}</td></tr>
<tr><th>Data rows</th><td class="n">${s.rows}</td></tr>
<tr><th>Rows with errors</th><td class="n">${s.rowsWithErrors}</td></tr>
<tr><th>Errors</th><td class="n">${s.errors}</td></tr>
<tr><th>Warnings</th><td class="n">${s.warnings}</td></tr>
<tr><th>Completeness (optional fields)</th><td class="n">${percent(s.completeness)} (green needs ${percent(s.completenessThreshold)})</td></tr>
<tr><th>Encoding, delimiter</th><td>${e(s.encoding)}, ${e(s.delimiter === '\t' ? 'tab' : s.delimiter)}</td></tr>
</table>
<h2>Problems by rule</h2>
<table><tr><th>Rule</th><th>Count</th></tr>${ruleRows || '<tr><td colspan="2">none</td></tr>'}</table>
<h2>Problems</h2>
${cut}
<table>
<tr><th>Row</th><th>Column</th><th>Value</th><th>Rule</th><th>Severity</th><th>How to fix</th></tr>
${problemRows || '<tr><td colspan="6">No problems.</td></tr>'}
</table>
<h2>Completeness by field</h2>
<table>
<tr><th>Field</th><th></th><th>In file</th><th>Filled</th><th>Expected</th><th>Completeness</th></tr>
${columnRows}
</table>
</body>
</html>
`;
}
