/**
 * Checks one data row: each cell against its column, then every cross-field rule, then the row-level rules (run
 * id unique within the file, center id the uploading center's). Built once per file from the header mapping, so
 * the per-row work is a loop over precompiled validators.
 */
import {
  columns,
  crossFieldRules,
  isUndocumentedBlank,
  type ColumnName,
  type RunRow,
} from '../dictionary/index.js';
import {
  compileCellValidator,
  type CellOutcome,
  type CellValidator,
  type CellValue,
} from './cell-validators.js';
import type { CompletenessCounter } from './completeness.js';
import { UploadLimitError } from './errors.js';
import type { HeaderMapping } from './header-mapping.js';
import { truncateValue, type ProblemCollector } from './problem-collector.js';
import { RunIdIndex } from './run-id-index.js';

type RowBuilder = (values: readonly CellValue[]) => Record<string, CellValue>;

/**
 * Compiles `values => ({ center_id: values[0], … })` for the dictionary's columns. Building the row as one object
 * literal gives every row the same hidden class; assigning ~90 properties one by one (keyed, megamorphic stores)
 * was ten times slower and left the cross-field rules reading slow dictionary-mode objects. The names come
 * from the dictionary, not the upload, and are checked to be plain identifiers before the code is compiled.
 */
function compileRowBuilder(names: readonly string[]): RowBuilder {
  for (const name of names) {
    if (!/^[a-z][a-z0-9_]*$/.test(name))
      throw new Error(`Dictionary column name "${name}" is not an identifier`);
  }
  const body = `return { ${names.map((name, i) => `${name}: values[${i}]`).join(', ')} };`;
  return new Function('values', body) as RowBuilder;
}

const buildRow = compileRowBuilder(columns.map((c) => c.name));
const dictionaryIndex = new Map(columns.map((c, i) => [c.name, i]));

/** Receives each typed row that passed; return a promise to make the reader wait (backpressure). */
export type RowHandler = (row: RunRow, line: number) => void | Promise<void>;

export interface RowValidatorOptions {
  mapping: HeaderMapping;
  problems: ProblemCollector;
  completeness: CompletenessCounter;
  maxFieldLength: number;
  /** The uploading center; when absent, the first row's center is the file's and the others must match it. */
  centerId: string | undefined;
  onRow: RowHandler | undefined;
}

export class RowValidator {
  /** Rows with at least one error. */
  rowsWithErrors = 0;
  /** The center the rows must belong to (the uploader's, or the first row's). */
  centerId: string | undefined;

  private readonly validators: (CellValidator | undefined)[];
  private readonly names: (ColumnName | undefined)[];
  /** Dictionary index of the column at each field position (-1 for an unknown column). */
  private readonly slots: Int32Array;
  /** Typed values of the current row, by dictionary index; columns absent from the file stay undefined. */
  private readonly values: CellValue[] = columns.map(() => undefined);
  private readonly positionOf = new Map<string, number>();
  private readonly width: number;
  private readonly out: CellOutcome = { value: undefined, failure: undefined };
  private readonly runIds = new RunIdIndex();
  /** Per field position: cells written as an undocumented blank (`n/a`, `-`, …), summarised once per column. */
  private readonly blankTokens = new Map<number, { count: number; line: number; tokens: Set<string> }>();

  constructor(private readonly options: RowValidatorOptions) {
    const { positions } = options.mapping;
    this.validators = positions.map((c) => (c ? compileCellValidator(c) : undefined));
    this.names = positions.map((c) => c?.name);
    this.slots = Int32Array.from(positions, (c) => (c ? dictionaryIndex.get(c.name)! : -1));
    positions.forEach((c, i) => c && this.positionOf.set(c.name, i));
    this.width = positions.length;
    this.centerId = options.centerId;
  }

  /** Validates one data record starting on `line`; calls `onRow` when the row and the file so far are clean. */
  check(record: readonly string[], line: number): void | Promise<void> {
    const { problems, maxFieldLength } = this.options;
    const errorsBefore = problems.errors;
    const keptBefore = problems.keptRowProblems;
    const values = this.values;
    let badColumns: Set<string> | undefined;

    if (record.length !== this.width) this.checkWidth(record, line);

    const n = Math.max(record.length, this.width);
    const out = this.out;
    for (let i = 0; i < n; i++) {
      const raw = record[i] ?? '';
      if (raw.length > maxFieldLength) {
        throw new UploadLimitError(
          'field-too-long',
          {
            kind: 'cell',
            column: this.names[i] ?? String(i + 1),
            line,
            length: raw.length,
            max: maxFieldLength,
          },
          { row: line },
        );
      }
      const validate = this.validators[i];
      if (validate === undefined) continue;
      if (validate(raw, out)) {
        values[this.slots[i]!] = out.value;
        // Only a blank written as something other than "" or NA can be an undocumented token; the common blanks
        // cost a comparison or two and no allocation.
        if (out.value === undefined && raw.length !== 0 && raw !== 'NA' && isUndocumentedBlank(raw))
          this.noteBlankToken(i, raw, line);
      } else {
        values[this.slots[i]!] = undefined;
        const name = this.names[i]!;
        const failure = out.failure!;
        problems.add('cell', line, name, raw, failure.rule, 'error', failure.params);
        (badColumns ??= new Set()).add(name);
      }
    }
    const row = buildRow(values);

    for (const rule of crossFieldRules) {
      const finding = rule.check(row);
      // A finding on a cell already reported as unreadable would only repeat that problem.
      if (finding === undefined || badColumns?.has(finding.column)) continue;
      const position = this.positionOf.get(finding.column);
      const value = position === undefined ? null : (record[position] ?? '');
      problems.add('row', line, finding.column, value, rule.id, rule.severity, finding.params);
    }

    this.checkIdentity(row, line);
    this.options.completeness.add(values, row);
    if (problems.keptRowProblems > keptBefore) problems.setRunId(keptBefore, this.runIdOf(record));

    if (problems.errors > errorsBefore) {
      this.rowsWithErrors++;
      return;
    }
    if (problems.errors === 0 && this.options.onRow) return this.options.onRow(row as RunRow, line);
  }

  /** The row's run_id as written (trimmed), even when it failed its checks; null when blank or absent. */
  private runIdOf(record: readonly string[]): string | null {
    const position = this.positionOf.get('run_id');
    const raw = position === undefined ? '' : (record[position] ?? '').trim();
    return raw === '' ? null : truncateValue(raw);
  }

  /**
   * Reports, once per column, the cells read as blank although written neither empty nor NA. Call after the last
   * row; the warnings are file-level so one column's count stands for all its cells.
   */
  finish(): void {
    for (const [position, seen] of this.blankTokens) {
      const column = this.names[position]!;
      this.options.problems.add('file', seen.line, column, null, 'unknown-value-token', 'warning', {
        column,
        tokens: [...seen.tokens].map((t) => `"${t}"`).join(', '),
        count: seen.count,
        line: seen.line,
      });
    }
  }

  private noteBlankToken(position: number, raw: string, line: number): void {
    let seen = this.blankTokens.get(position);
    if (seen === undefined) {
      seen = { count: 0, line, tokens: new Set() };
      this.blankTokens.set(position, seen);
    }
    seen.count++;
    // At most four spellings exist (UNDOCUMENTED_BLANKS), so the set stays tiny.
    seen.tokens.add(raw.trim());
  }

  private checkWidth(record: readonly string[], line: number): void {
    const extraIsBlank = record.length > this.width && record.slice(this.width).every((f) => f.trim() === '');
    if (extraIsBlank) return;
    this.options.problems.add('row', line, null, null, 'column-count', 'error', {
      found: record.length,
      expected: this.width,
    });
  }

  private checkIdentity(row: Record<string, CellValue>, line: number): void {
    const { problems } = this.options;
    const runId = row.run_id;
    if (typeof runId === 'string') {
      const first = this.runIds.add(runId, line);
      if (first !== undefined) {
        problems.add('file', line, 'run_id', runId, 'duplicate-run-id', 'error', () => ({
          runId,
          first,
          line,
        }));
      }
    }
    const center = row.center_id;
    if (typeof center !== 'string') return;
    if (this.centerId === undefined) {
      this.centerId = center;
    } else if (center !== this.centerId) {
      const expected = this.centerId;
      problems.add('file', line, 'center_id', center, 'center-mismatch', 'error', () => ({
        kind: 'row',
        center,
        expected,
      }));
    }
  }
}
