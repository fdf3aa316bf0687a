/**
 * Every rule id a verdict's problem can carry, and the parameters each one stores beside its English message.
 * The parameters are what a message in another language is rendered from (shared/i18n/problem-messages.ts), so
 * they hold the facts (column, value, limits, lines), never wording. Values are strings or numbers only, as
 * verdict.json stores them; dates are already written as the registry writes them (`YYYY-MM-DD HH:MM`).
 */
import type {
  AnalysisId,
  CrossFieldParams,
  CrossFieldRuleId,
  MissingColumnEffect,
} from '../dictionary/index.js';

/** Cell rule ids. */
export type CellRule = 'type' | 'range' | 'allowed-values' | 'pattern' | 'required';

/** What a cell that could not be read should have been. */
export type TypeExpectation =
  'number' | 'integer' | 'yes-no' | 'date-time' | 'date-time-without-zone' | 'calendar-date';

/** Parameters of the cell rules. `value` is the cell as written (trimmed, cut to 80 characters). */
export type CellParams = {
  type: { column: string; value: string; expected: TypeExpectation };
  /** `min` and `max` as the dictionary gives them (date-times formatted); `unit` is '' for a unitless column. */
  range: { column: string; value: string; min: string; max: string; unit: string };
  /** `allowed` lists the codes separated by ", ". */
  'allowed-values': { column: string; value: string; allowed: string };
  /** `hint` is the dictionary's English description of the format. */
  pattern: { column: string; value: string; hint: string };
  /** `description` is the dictionary's English description of the column. */
  required: { column: string; description: string };
};

/** File-level rules that stop reading the file (each is thrown as an UploadRejectedError). */
export type FileRule =
  'not-csv' | 'unknown-encoding' | 'file-too-large' | 'too-many-rows' | 'field-too-long' | 'malformed-csv';

/** Parameters of the rules that concern the whole file, its header, or a row as a whole. */
export type FileParams = {
  'not-csv': { kind: 'binary' } | { kind: 'zip' | 'xls' | 'pdf' } | { kind: 'no-header'; delimiter: string };
  'unknown-encoding':
    | { kind: 'utf-16' }
    | { kind: 'neither'; byte: number }
    | { kind: 'mixed'; byte: number }
    | { kind: 'cut-character' };
  'file-too-large': { maxBytes: number };
  'too-many-rows': { maxRows: number; line: number };
  'field-too-long':
    | { kind: 'cell'; column: string; line: number; length: number; max: number }
    | { kind: 'record'; line: number };
  /** `character` is what followed a closing quote ('' for the other kinds). */
  'malformed-csv': {
    kind: 'quote-not-closed' | 'invalid-opening-quote' | 'invalid-closing-quote';
    line: number;
    character: string;
  };
  /** `via`: the center the upload was made as (`upload`), or the upload folder's name (`folder`). */
  'unknown-center': { center: string; via: 'upload' | 'folder' };
  'inactive-center': { center: string };
  'empty-file': { kind: 'no-bytes' | 'blank-lines' };
  'no-data-rows': Record<string, never>;
  'unknown-column': { kind: 'unnamed'; position: number } | { kind: 'unknown'; header: string };
  /** Positions count from 1. */
  'duplicate-column': {
    column: string;
    first: number;
    firstHeader: string;
    second: number;
    secondHeader: string;
  };
  /** `columns` separated by ", ". */
  'missing-required-columns': { columns: string };
  /** `analyses` lists AnalysisId values separated by ","; `effect` is the dictionary's MissingColumnEffect. */
  'missing-analysis-column': { column: string; analyses: string; effect: MissingColumnEffect };
  /** `tokens` lists the distinct spellings found, each in double quotes, separated by ", ". */
  'unknown-value-token': { column: string; tokens: string; count: number; line: number };
  'column-count': { found: number; expected: number };
  'duplicate-run-id': { runId: string; first: number; line: number };
  /** `row`: one row's center_id; `rows`: the ingest pipeline's re-check, counting the foreign rows. */
  'center-mismatch':
    { kind: 'row'; center: string; expected: string } | { kind: 'rows'; count: number; expected: string };
};

/** Parameters of the rules the ingest pipeline adds after validation (shared/ingest). */
export type IngestParams = {
  'unroutable-key': { key: string };
  superseded: { key: string; center: string; newerUploadId: string };
  /** `reason` is the technical cause as logged (English). */
  'ingest-failed': { key: string; attempts: number; reason: string; uploadId: string };
};

/** Every rule id: cell rules, file and row rules, the ingest pipeline's, and the dictionary's cross-field rules. */
export type ProblemRule = CellRule | keyof FileParams | keyof IngestParams | CrossFieldRuleId;

/** The parameters each rule stores. */
export type ProblemParams = CellParams & FileParams & IngestParams & CrossFieldParams;

/** Parameters as verdict.json stores them, whatever the rule. */
export type StoredParams = Record<string, string | number>;

/** Joins analysis ids for the `analyses` parameter of `missing-analysis-column`. */
export function joinAnalyses(analyses: readonly AnalysisId[]): string {
  return analyses.join(',');
}
