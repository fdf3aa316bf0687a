/** The verdict as a short plain-text report for a data manager at a terminal (`ecls validate`). */
import type { Verdict } from './verdict-schema.js';

const STATUS_WORDS: Record<Verdict['status'], string> = {
  green: 'GREEN: accepted, complete and without warnings',
  yellow: 'YELLOW: accepted, with warnings or incomplete optional fields',
  red: 'RED: rejected; fix the errors below and upload the whole file again',
};

/** Status, counts, completeness, per-rule counts and the first `maxProblems` problems with row/column/message. */
export function renderVerdictText(verdict: Verdict, maxProblems = 20): string {
  const s = verdict.summary;
  const out: string[] = [];
  out.push(`Verdict: ${STATUS_WORDS[verdict.status]}`);
  out.push(
    `Center: ${verdict.centerId ?? 'unknown'}   Rows: ${s.rows}   Rows with errors: ${s.rowsWithErrors}   Errors: ${s.errors}   Warnings: ${s.warnings}`,
  );
  out.push(
    `Completeness of optional fields: ${(s.completeness * 100).toFixed(1)}% (green needs ${(s.completenessThreshold * 100).toFixed(0)}%)`,
  );
  const rules = Object.entries(s.ruleCounts).sort((a, b) => b[1] - a[1]);
  if (rules.length > 0) {
    out.push('', 'Problems by rule:');
    for (const [rule, count] of rules) out.push(`  ${rule.padEnd(36)} ${count}`);
  }
  const shown = verdict.problems.slice(0, maxProblems);
  if (shown.length > 0) {
    const total = s.errors + s.warnings;
    out.push('', `First ${shown.length} of ${total} problems:`);
    for (const p of shown) {
      const where = [p.row === null ? 'file' : `row ${p.row}`, p.column ?? ''].filter(Boolean).join(', ');
      out.push(`  [${p.severity}] ${where}: ${p.message}`);
    }
  }
  const incomplete = s.columns.filter((c) => !c.required && c.completeness < s.completenessThreshold);
  if (incomplete.length > 0) {
    out.push('', 'Least complete optional fields:');
    for (const c of [...incomplete].sort((a, b) => a.completeness - b.completeness).slice(0, 10)) {
      out.push(
        `  ${c.column.padEnd(36)} ${(c.completeness * 100).toFixed(1)}%${c.present ? '' : ' (column missing)'}`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
