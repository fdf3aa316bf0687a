/**
 * One run as one compact, canonical line: a JSON array of its values in dictionary column order, blanks as null
 * and yes/no as 1/0. Two runs are equal exactly when their lines are, and a line is about a third of a JSON
 * object's size, which is what lets a large center's data set be merged in memory.
 */
import { columns, type RunRow } from '../dictionary/index.js';
import { CuratedDataSetFormatError } from './errors.js';

/** One cell of a canonical line: a code or text, a number (times as epoch ms), or null when blank. */
export type Cell = string | number | null;

/** The dictionary's column names and kinds, in order: the layout of an encoded line. */
export const encodedColumns: readonly string[] = columns.map((c) => c.name);
const booleanColumns = new Set(columns.filter((c) => c.kind === 'boolean').map((c) => c.name as string));
const isBoolean: readonly boolean[] = encodedColumns.map((name) => booleanColumns.has(name));

/** One cell's canonical value: blanks as null, yes/no as 1/0. */
function cellValue(value: string | number | boolean | undefined): Cell {
  return value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

type RunEncoder = (row: RunRow, cell: typeof cellValue) => string;

/**
 * Compiles `(row, cell) => JSON.stringify([cell(row.center_id), …])`. Validated rows all share one shape, so the
 * named property reads stay monomorphic, where reading ~90 properties by a computed key took most of the
 * encoding time. JSON.stringify writes one flat string; concatenating the cells instead would keep every line
 * as a tree of ~180 pieces (V8 cons strings), ten times the line's size in a large upload's run set. The names
 * come from the dictionary and are checked to be plain identifiers before the code is compiled.
 */
function compileRunEncoder(names: readonly string[]): RunEncoder {
  for (const name of names) {
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      throw new Error(`Dictionary column name "${name}" is not an identifier`);
  }
  const body = `return JSON.stringify([${names.map((name) => `cell(row.${name})`).join(', ')}]);`;
  return new Function('row', 'cell', body) as RunEncoder;
}

const encodeCompiled = compileRunEncoder(encodedColumns);

/** Encodes a run as its canonical line (no newline): the JSON array of its cells in dictionary order. */
export function encodeRun(row: RunRow): string {
  return encodeCompiled(row, cellValue);
}

/**
 * Parses a canonical line into its cells, one per column of the layout (default: the current dictionary's).
 * @throws {CuratedDataSetFormatError} when the line is not a JSON array of the layout's length.
 */
export function parseRunCells(line: string, layout: readonly string[] = encodedColumns): Cell[] {
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
  return cells as Cell[];
}

/**
 * Decodes a canonical line written with the given column layout (default: the current dictionary's).
 * @throws {CuratedDataSetFormatError} when the line is not an array of the layout's length.
 */
export function decodeRun(line: string, layout: readonly string[] = encodedColumns): RunRow {
  const cells = parseRunCells(line, layout);
  const row: Record<string, string | number | boolean> = {};
  const current = layout === encodedColumns;
  for (let i = 0; i < layout.length; i++) {
    const value = cells[i] as Cell;
    if (value === null) continue;
    const name = layout[i]!;
    row[name] = (current ? isBoolean[i] : booleanColumns.has(name)) ? value === 1 : value;
  }
  return row as unknown as RunRow;
}

/**
 * The run id of a canonical line without parsing the whole line: the cells before it are skipped (strings with
 * their escapes, other values up to the comma) and only the run id's own JSON string is parsed. Falls back to a
 * full parse on anything unexpected, so it returns exactly what `JSON.parse(line)[index]` would, as a string.
 * @example runIdOfLine('["C001","R1",null]', 1) // 'R1'
 */
export function runIdOfLine(line: string, index: number): string {
  let at = 1;
  for (let cell = 0; line.charCodeAt(0) === 91 /* [ */ && at < line.length; cell++) {
    const start = at;
    if (line.charCodeAt(at) === 34 /* " */) {
      at++;
      while (at < line.length && line.charCodeAt(at) !== 34)
        at += line.charCodeAt(at) === 92 /* backslash */ ? 2 : 1;
      at++;
    } else {
      while (at < line.length && line.charCodeAt(at) !== 44 /* , */ && line.charCodeAt(at) !== 93) at++;
    }
    if (cell === index) {
      const text = line.slice(start, at);
      if (text.charCodeAt(0) !== 34) break;
      return JSON.parse(text) as string;
    }
    if (line.charCodeAt(at) !== 44) break;
    at++;
  }
  const cells = JSON.parse(line) as unknown[];
  return String(cells[index]);
}
