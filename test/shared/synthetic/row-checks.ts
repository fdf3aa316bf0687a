/**
 * Test helper: reads a generated CSV back the way an upload is read (cell parsers, then RunRowSchema, then the
 * cross-field rules, then file-level checks for duplicate run ids and a foreign center id), and lists what fails.
 * A small stand-in for the validation module, which other engineers own.
 */
import { parse } from 'csv-parse/sync';
import {
  columns,
  crossFieldRules,
  parseCell,
  RunRowSchema,
  type RunRow,
} from '../../../shared/dictionary/index.js';

export interface RowProblem {
  rowIndex: number;
  source: 'cell' | 'schema' | 'rule' | 'file';
  id: string;
  column: string;
}

/** Problems of severity error in one typed row (schema and error rules). */
export function typedRowErrors(row: RunRow, rowIndex = 0): RowProblem[] {
  const problems: RowProblem[] = [];
  const parsed = RunRowSchema.safeParse(row);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      problems.push({ rowIndex, source: 'schema', id: issue.code, column: String(issue.path[0]) });
    }
  }
  for (const rule of crossFieldRules) {
    if (rule.severity !== 'error') continue;
    const finding = rule.check(row);
    if (finding) problems.push({ rowIndex, source: 'rule', id: rule.id, column: finding.column });
  }
  return problems;
}

/** Warnings raised by the cross-field rules on one typed row. */
export function typedRowWarnings(row: RunRow): string[] {
  return crossFieldRules.filter((r) => r.severity === 'warning' && r.check(row)).map((r) => r.id);
}

/** Parses a generated CSV file and returns every error-level problem, by row index (0 = first data row). */
export function csvProblems(csv: string, uploadingCenter: string): RowProblem[] {
  const records = parse(csv, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  records.forEach((record, rowIndex) => {
    const row: Record<string, unknown> = {};
    for (const column of columns) {
      const result = parseCell(column.kind, record[column.name] ?? '', column.values);
      if (result.ok) row[column.name] = result.value;
      else problems.push({ rowIndex, source: 'cell', id: 'unreadable', column: column.name });
    }
    if (!problems.some((p) => p.rowIndex === rowIndex))
      problems.push(...typedRowErrors(row as RunRow, rowIndex));
    if (row.center_id !== uploadingCenter)
      problems.push({ rowIndex, source: 'file', id: 'foreign-center', column: 'center_id' });
    const runId = String(row.run_id);
    if (seen.has(runId))
      problems.push({ rowIndex, source: 'file', id: 'duplicate-run-id', column: 'run_id' });
    seen.add(runId);
  });
  return problems;
}
