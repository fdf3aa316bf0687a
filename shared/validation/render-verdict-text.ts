/** The verdict as a short plain-text report for a data manager at a terminal (`ecls validate`). */
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language.js';
import { messageOf, verdictUi } from '../i18n/verdict-ui.js';
import { verdictKind } from './verdict-kind.js';
import type { Verdict } from './verdict-schema.js';

/** How to render the text. */
export interface RenderVerdictTextOptions {
  /** Default: the registry's default language. */
  language?: Language;
  /** Problems listed at most (default 20); the counts stay complete. */
  maxProblems?: number;
}

/**
 * Status (by the verdict's kind), the file, counts, completeness, per-rule counts, the first problems with row,
 * run_id, column and message, and the least complete optional fields.
 * @example process.stdout.write(renderVerdictText(verdict, { language: 'en' }))
 */
export function renderVerdictText(verdict: Verdict, options: RenderVerdictTextOptions = {}): string {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const maxProblems = options.maxProblems ?? 20;
  const ui = verdictUi(language);
  const t = ui.text;
  const banner = ui.banner[verdictKind(verdict)];
  const s = verdict.summary;
  const out: string[] = [];
  out.push(`${t.verdict}${ui.colon}${banner.status}${ui.colon}${banner.text}`);
  if (verdict.source) out.push(`${t.file}${ui.colon}${verdict.source.fileName}`);
  out.push(
    `${ui.center}${ui.colon}${verdict.centerId ?? ui.notRecorded}   ${t.rows}${ui.colon}${s.rows}   ${ui.rowsWithErrors}${ui.colon}${s.rowsWithErrors}   ${ui.errors}${ui.colon}${s.errors}   ${ui.warnings}${ui.colon}${s.warnings}`,
  );
  out.push(
    `${ui.completeness}${ui.colon}${ui.completenessValue(`${(s.completeness * 100).toFixed(1)}%`, `${(s.completenessThreshold * 100).toFixed(0)}%`)}`,
  );
  if (s.encoding !== null && s.delimiter !== null)
    out.push(
      `${ui.encoding}${ui.colon}${ui.encodingName[s.encoding]}   ${ui.delimiter}${ui.colon}${ui.delimiterName[s.delimiter]}`,
    );
  const rules = Object.entries(s.ruleCounts).sort((a, b) => b[1] - a[1]);
  if (rules.length > 0) {
    out.push('', `${ui.sectionRuleCounts}${ui.colon.trim()}`);
    for (const [rule, count] of rules) out.push(`  ${rule.padEnd(36)} ${count}`);
  }
  const shown = verdict.problems.slice(0, maxProblems);
  if (shown.length > 0) {
    out.push('', t.problemsHeading(shown.length, s.errors + s.warnings));
    for (const p of shown) {
      const where = [p.row === null ? ui.wholeFile : t.rowAt(p.row), p.column ?? '']
        .filter(Boolean)
        .join(ui.listSeparator);
      const run = p.runId === null ? '' : ` (run_id ${p.runId})`;
      out.push(`  [${ui.severityName[p.severity]}] ${where}${ui.colon}${messageOf(p, language)}${run}`);
    }
  }
  const incomplete = s.columns.filter((c) => !c.required && c.completeness < s.completenessThreshold);
  if (incomplete.length > 0) {
    out.push('', t.leastComplete);
    for (const c of [...incomplete].sort((a, b) => a.completeness - b.completeness).slice(0, 10)) {
      out.push(
        `  ${c.column.padEnd(36)} ${(c.completeness * 100).toFixed(1)}%${c.present ? '' : ` ${t.columnMissing}`}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
