/**
 * The validation engine: reads an uploaded CSV export as a stream (never the whole file in memory), checks every
 * row against the data dictionary, and returns the data-quality verdict. One error rejects the whole file
 * (all-or-nothing), so typed rows are handed to `onRow` as they stream and the verdict at the end says whether
 * the caller may keep them: the ingest Lambda collects them and discards them when the verdict is red.
 */
import { Readable } from 'node:stream';
import { findCenter } from '../config/centers.js';
import { matchHeader, type RunRow } from '../dictionary/index.js';
import { CompletenessCounter } from './completeness.js';
import { CsvRecordReader, CsvSyntaxError, recordLineBreaks } from './csv-record-reader.js';
import { decodeUpload, type DecodeState } from './decode-upload.js';
import { UploadLimitError, UploadRejectedError, ValidationOptionsError } from './errors.js';
import { mapHeader, type HeaderMapping } from './header-mapping.js';
import {
  defaultCompletenessThreshold,
  defaultLimits,
  ValidationLimitsSchema,
  type ValidationLimits,
} from './limits.js';
import { ProblemCollector } from './problem-collector.js';
import { RowValidator, type RowHandler } from './row-validator.js';
import { sniffDelimiter, type Delimiter } from './sniff-delimiter.js';
import type { Verdict, VerdictStatus } from './verdict-schema.js';

/** An upload body: a Node stream (S3 GetObject body, file stream) or any async iterable of byte chunks. */
export type UploadSource = Readable | AsyncIterable<Uint8Array | string>;

export interface ValidateUploadOptions {
  /** The uploading center; every row's center_id must be this one. */
  centerId?: string;
  /** Overrides of the default limits (200 MB, 500,000 rows, 10,000 characters per cell, 1,000 problems). */
  limits?: Partial<ValidationLimits>;
  /** Share of expected optional cells that must be filled for green (default 0.95). */
  completenessThreshold?: number;
  /**
   * Receives each typed row that passed while the file has no error so far. Rows are provisional: keep them
   * only if the final verdict is accepted.
   */
  onRow?: RowHandler;
}

/** Bytes of decoded text read before picking the delimiter, when the header line is very long. */
const SNIFF_CHARS = 64 * 1024;

function isEmptyRecord(record: readonly string[]): boolean {
  for (const field of record) if (field.trim() !== '') return false;
  return true;
}

function resolveLimits(overrides: Partial<ValidationLimits> | undefined): ValidationLimits {
  const parsed = ValidationLimitsSchema.safeParse({ ...defaultLimits, ...overrides });
  if (!parsed.success) {
    throw new ValidationOptionsError(`Invalid validation limits: ${parsed.error.message}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** Turns a CSV syntax error into a file-level problem that says where and how to fix it. */
function csvSyntaxError(error: CsvSyntaxError, line: number): UploadRejectedError {
  if (error.code === 'record-too-large') {
    return new UploadLimitError('field-too-long', { kind: 'record', line }, { cause: error, row: line });
  }
  return new UploadRejectedError(
    'malformed-csv',
    { kind: error.code, line, character: error.found },
    { cause: error, row: line },
  );
}

interface ReadResult {
  mapping: HeaderMapping | undefined;
  rowValidator: RowValidator | undefined;
  rows: number;
  delimiter: Delimiter | null;
}

/**
 * Streams the upload through decoding, the CSV record reader and the row validator, filling `result` as it goes (so it is
 * still right when reading stops); throws UploadRejectedError to stop.
 */
async function readUpload(
  result: ReadResult,
  source: UploadSource,
  limits: ValidationLimits,
  decode: DecodeState,
  problems: ProblemCollector,
  completeness: CompletenessCounter,
  options: ValidateUploadOptions,
): Promise<void> {
  const texts = decodeUpload(source, limits.maxBytes, decode);

  let head = '';
  while (head.length < SNIFF_CHARS && !/[\r\n]/.test(head)) {
    const next = await texts.next();
    if (next.done) break;
    head += next.value;
  }
  if (head.trim() === '') return;
  const delimiter = sniffDelimiter(head);
  result.delimiter = delimiter;

  const reader = new CsvRecordReader({
    delimiter,
    // Bounds the memory one unterminated quote can take; single cells are checked against maxFieldLength.
    maxRecordChars: limits.maxFieldLength * 128,
  });
  // Only a quoted field can hold a line break; until a quote has been read, every record is exactly one line.
  let quoted = false;
  let endLine = 0;
  let completed = false;
  try {
    // The reader is synchronous: each decoded chunk gives the records it completes, and the next chunk is pulled
    // only once they are checked, so memory stays at one chunk whatever the file's size.
    let chunk: string | undefined = head;
    for (;;) {
      if (chunk !== undefined && !quoted && chunk.includes('"')) quoted = true;
      const records = chunk === undefined ? reader.end() : reader.push(chunk);
      for (const record of records) {
        // Lines are counted here, from the line breaks inside quoted fields, so a record's line is always exact.
        const line = endLine + 1;
        endLine = quoted ? line + recordLineBreaks(record) : line;

        if (isEmptyRecord(record)) continue;
        if (result.rowValidator === undefined) {
          if (!record.some((h) => matchHeader(h) !== undefined)) {
            throw new UploadRejectedError(
              'not-csv',
              { kind: 'no-header', delimiter: delimiter === '\t' ? 'tab' : delimiter },
              { row: line },
            );
          }
          result.mapping = mapHeader(record, problems);
          result.rowValidator = new RowValidator({
            mapping: result.mapping,
            problems,
            completeness,
            maxFieldLength: limits.maxFieldLength,
            centerId: options.centerId,
            onRow: options.onRow,
          });
          continue;
        }
        result.rows++;
        if (result.rows > limits.maxRows) {
          result.rows--;
          throw new UploadLimitError('too-many-rows', { maxRows: limits.maxRows, line }, { row: line });
        }
        const pending = result.rowValidator.check(record, line);
        if (pending !== undefined) await pending;
      }
      if (chunk === undefined) break;
      const next = await texts.next();
      chunk = next.done ? undefined : next.value;
    }
    completed = true;
  } catch (error) {
    if (error instanceof CsvSyntaxError) throw csvSyntaxError(error, endLine + 1);
    throw error;
  } finally {
    if (!completed) {
      await texts.return(undefined);
      if (source instanceof Readable) source.destroy();
    }
  }
}

/** Decides the verdict's colour: any error is red; warnings or low completeness are yellow; else green. */
function statusOf(errors: number, warnings: number, completeness: number, threshold: number): VerdictStatus {
  if (errors > 0) return 'red';
  return warnings > 0 || completeness < threshold ? 'yellow' : 'green';
}

/**
 * Validates an upload and returns its verdict. Never throws for bad data: every data problem (including an
 * unreadable, oversized or mis-encoded file) becomes a problem in the verdict. It throws only for invalid
 * options (`ValidationOptionsError`), for errors of the source stream itself, and for errors thrown by `onRow`.
 *
 * @example
 * const rows: RunRow[] = [];
 * const verdict = await validateUpload(createReadStream('export.csv'), { centerId: 'C001', onRow: (r) => { rows.push(r); } });
 * if (!verdict.accepted) rows.length = 0;
 */
export async function validateUpload(
  source: UploadSource,
  options: ValidateUploadOptions = {},
): Promise<Verdict> {
  const limits = resolveLimits(options.limits);
  const threshold = options.completenessThreshold ?? defaultCompletenessThreshold;
  if (!(threshold >= 0 && threshold <= 1)) {
    throw new ValidationOptionsError(`completenessThreshold must be between 0 and 1, got ${threshold}`);
  }
  const problems = new ProblemCollector(limits.maxProblems);
  const completeness = new CompletenessCounter();
  const decode: DecodeState = { encoding: null, bytes: 0 };

  if (options.centerId !== undefined) {
    const center = findCenter(options.centerId);
    if (center === undefined) {
      problems.add('file', null, null, options.centerId, 'unknown-center', 'error', {
        center: options.centerId,
        via: 'upload',
      });
    } else if (!center.active) {
      problems.add('file', null, null, options.centerId, 'inactive-center', 'error', { center: center.id });
    }
  }

  const read: ReadResult = { mapping: undefined, rowValidator: undefined, rows: 0, delimiter: null };
  try {
    await readUpload(read, source, limits, decode, problems, completeness, options);
    if (read.mapping === undefined) {
      problems.add('file', null, null, null, 'empty-file', 'error', {
        kind: decode.bytes === 0 ? 'no-bytes' : 'blank-lines',
      });
    } else if (read.rows === 0) {
      problems.add('file', null, null, null, 'no-data-rows', 'error', {});
    }
  } catch (error) {
    if (!(error instanceof UploadRejectedError)) throw error;
    const { rule, params } = error.finding;
    const column = rule === 'field-too-long' && params.kind === 'cell' ? params.column : null;
    problems.add('file', error.row, column, null, rule, 'error', params as never);
  }
  // Undocumented blanks are summarised even when reading stopped early: what was read is still worth fixing.
  read.rowValidator?.finish();

  const overall = completeness.overall();
  const status = statusOf(problems.errors, problems.warnings, overall, threshold);
  const accepted = status !== 'red';
  // Sorting cuts the list to the limit, which may set `truncated`: take it first.
  const listed = problems.sorted();
  return {
    status,
    accepted,
    centerId: read.rowValidator?.centerId ?? options.centerId ?? null,
    rows: read.rows,
    problems: listed,
    problemsTruncated: problems.truncated,
    summary: {
      rows: read.rows,
      acceptedRows: accepted ? read.rows : 0,
      rowsWithErrors: read.rowValidator?.rowsWithErrors ?? 0,
      errors: problems.errors,
      warnings: problems.warnings,
      ruleCounts: Object.fromEntries(problems.ruleCounts),
      completeness: overall,
      completenessThreshold: threshold,
      columns: completeness.byColumn(read.mapping?.present ?? new Set()),
      encoding: decode.encoding,
      delimiter: read.delimiter,
      bytes: decode.bytes,
    },
  };
}

/**
 * Validates an upload and collects its typed rows, returning them only when the verdict accepts the file. For
 * files that fit in memory (the CLI, tests); the ingest Lambda streams with `onRow` instead.
 */
export async function validateAndCollect(
  source: UploadSource,
  options: Omit<ValidateUploadOptions, 'onRow'> = {},
): Promise<{ verdict: Verdict; rows: RunRow[] | undefined }> {
  const rows: RunRow[] = [];
  const verdict = await validateUpload(source, {
    ...options,
    onRow: (row) => {
      rows.push(row);
    },
  });
  return { verdict, rows: verdict.accepted ? rows : undefined };
}
