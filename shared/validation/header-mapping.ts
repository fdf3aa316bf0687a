/**
 * Reads the header row: each header cell is matched to a dictionary column by name or documented alias. Unknown
 * columns are only a warning (centers export extra fields); two headers for one column and missing required
 * columns are errors, because the file cannot be read unambiguously. A missing optional column that one of the
 * registry's analyses needs is a warning naming those analyses (the dictionary's analysis-columns.ts).
 */
import {
  analysisColumns,
  columnByName,
  columns,
  matchHeader,
  missingAnalysisColumns,
  type ColumnDescription,
  type ColumnName,
} from '../dictionary/index.js';
import { joinAnalyses } from './problem-rules.js';
import type { ProblemCollector } from './problem-collector.js';

export interface HeaderMapping {
  /** The dictionary column read from each field position, or undefined for an unknown column. */
  positions: (ColumnDescription | undefined)[];
  /** Columns the file has. */
  present: Set<ColumnName>;
}

/** Matches the header fields, reporting problems on row 1; returns the mapping even when it has errors. */
export function mapHeader(fields: readonly string[], problems: ProblemCollector): HeaderMapping {
  const positions: (ColumnDescription | undefined)[] = [];
  const firstPosition = new Map<ColumnName, number>();
  fields.forEach((header, index) => {
    const name = header.trim() === '' ? undefined : matchHeader(header);
    if (name === undefined) {
      positions.push(undefined);
      problems.add(
        'file',
        1,
        header,
        header,
        'unknown-column',
        'warning',
        header.trim() === '' ? { kind: 'unnamed', position: index + 1 } : { kind: 'unknown', header },
      );
      return;
    }
    const earlier = firstPosition.get(name);
    if (earlier !== undefined) {
      positions.push(undefined);
      problems.add('file', 1, name, header, 'duplicate-column', 'error', {
        column: name,
        first: earlier + 1,
        firstHeader: fields[earlier] ?? '',
        second: index + 1,
        secondHeader: header,
      });
      return;
    }
    firstPosition.set(name, index);
    positions.push(columnByName.get(name));
  });
  const missing = columns.filter((c) => c.required && !firstPosition.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    problems.add('file', 1, null, null, 'missing-required-columns', 'error', { columns: missing.join(', ') });
  }
  const present = new Set(firstPosition.keys());
  for (const column of missingAnalysisColumns(present)) {
    const { analyses, whenMissing } = analysisColumns[column];
    problems.add('file', 1, column, null, 'missing-analysis-column', 'warning', {
      column,
      analyses: joinAnalyses(analyses),
      effect: whenMissing,
    });
  }
  return { positions, present };
}
