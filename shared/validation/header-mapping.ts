/**
 * Reads the header row: each header cell is matched to a dictionary column by name or documented alias. Unknown
 * columns are only a warning (centers export extra fields); two headers for one column and missing required
 * columns are errors, because the file cannot be read unambiguously.
 */
import {
  columnByName,
  columns,
  matchHeader,
  type ColumnDescription,
  type ColumnName,
} from '../dictionary/index.js';
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
        header.trim() === ''
          ? `Column ${index + 1} has no header; its values are ignored. Remove the column or name it.`
          : `Column "${header}" is not in the data dictionary and is ignored; rename it to a dictionary column if it is one.`,
      );
      return;
    }
    const earlier = firstPosition.get(name);
    if (earlier !== undefined) {
      positions.push(undefined);
      problems.add(
        'file',
        1,
        name,
        header,
        'duplicate-column',
        'error',
        `Columns ${earlier + 1} ("${fields[earlier]}") and ${index + 1} ("${header}") are both ${name}; keep only one of them.`,
      );
      return;
    }
    firstPosition.set(name, index);
    positions.push(columnByName.get(name));
  });
  const missing = columns.filter((c) => c.required && !firstPosition.has(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    problems.add(
      'file',
      1,
      null,
      null,
      'missing-required-columns',
      'error',
      `The file has no column for ${missing.join(', ')} (required). Add ${missing.length === 1 ? 'it' : 'them'}, using the names of the CSV template.`,
    );
  }
  return { positions, present: new Set(firstPosition.keys()) };
}
