/**
 * One run as one compact, canonical line: a JSON array of its values in dictionary column order, blanks as null
 * and yes/no as 1/0. Two runs are equal exactly when their lines are, and a line is about a third of a JSON
 * object's size, which is what lets a large center's data set be merged in memory.
 */
import { columns, type RunRow } from '../dictionary/index.js';
import { CuratedDataSetFormatError } from './errors.js';

type Cell = string | number | null;

/** The dictionary's column names and kinds, in order: the layout of an encoded line. */
export const encodedColumns: readonly string[] = columns.map((c) => c.name);
const booleanColumns = new Set(columns.filter((c) => c.kind === 'boolean').map((c) => c.name as string));

/** Encodes a run as its canonical line (no newline). */
export function encodeRun(row: RunRow): string {
  const record = row as unknown as Record<string, string | number | boolean | undefined>;
  const cells: Cell[] = encodedColumns.map((name) => {
    const value = record[name];
    if (value === undefined) return null;
    if (typeof value === 'boolean') return value ? 1 : 0;
    return value;
  });
  return JSON.stringify(cells);
}

/**
 * Decodes a canonical line written with the given column layout (default: the current dictionary's).
 * @throws {CuratedDataSetFormatError} when the line is not an array of the layout's length.
 */
export function decodeRun(line: string, layout: readonly string[] = encodedColumns): RunRow {
  let cells: unknown;
  try {
    cells = JSON.parse(line);
  } catch (cause) {
    throw new CuratedDataSetFormatError(`A curated run line is not JSON: ${line.slice(0, 80)}`, { cause });
  }
  if (!Array.isArray(cells) || cells.length !== layout.length) {
    throw new CuratedDataSetFormatError(
      `A curated run line has ${Array.isArray(cells) ? cells.length : 'no'} cells; its layout has ${layout.length}.`,
    );
  }
  const row: Record<string, string | number | boolean> = {};
  for (let i = 0; i < layout.length; i++) {
    const value = cells[i] as Cell;
    if (value === null) continue;
    const name = layout[i]!;
    row[name] = booleanColumns.has(name) ? value === 1 : value;
  }
  return row as unknown as RunRow;
}
