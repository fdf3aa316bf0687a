/**
 * The uploaded file again, with one column added that lists the problems of each row, so a data manager can fix
 * the file in Excel beside the explanations and upload it again. It is streamed: the upload is read once more, one
 * decoded chunk at a time, and written out in chunks, so memory stays bounded by a chunk and the verdict's kept
 * problems (at most `maxProblems`), whatever the file's size (up to the 500,000-row limit).
 *
 * Written as UTF-8 with BOM, comma-delimited and with CRLF, as Excel expects. Cells are neutralised against
 * formula injection like the problems CSV, except plain numbers: `-3.5` cannot run as a formula, and prefixing
 * it would change the data the center uploads again.
 */
import { DEFAULT_LANGUAGE, type Language } from '../i18n/language.js';
import { messageOf, verdictUi } from '../i18n/verdict-ui.js';
import { CsvRecordReader, CsvSyntaxError, recordLineBreaks } from './csv-record-reader.js';
import { decodeUpload, type DecodeState } from './decode-upload.js';
import { UploadRejectedError, type FileRule } from './errors.js';
import { defaultLimits, type ValidationLimits } from './limits.js';
import { neutralizeCsvFormula, quoteCsvField, UTF8_BOM } from './render-verdict-csv.js';
import type { Problem, Verdict } from './verdict-schema.js';

/** How to write the annotated copy. */
export interface AnnotatedCsvOptions {
  /** The language of the problems column (the center's). Default: the registry's default. */
  language?: Language;
  /** The limits the upload was validated with (rows and bytes bound the copy the same way). */
  limits?: Pick<ValidationLimits, 'maxBytes' | 'maxRows' | 'maxFieldLength'>;
  /** Characters gathered before a chunk is handed on (default 64 Ki). */
  chunkChars?: number;
}

/** The file-level rules that stop reading a file: a copy of such a file would stop at the same place. */
const STOPPING_RULES: Record<FileRule, true> = {
  'not-csv': true,
  'unknown-encoding': true,
  'file-too-large': true,
  'too-many-rows': true,
  'field-too-long': true,
  'malformed-csv': true,
};

const PLAIN_NUMBER = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)(?:[eE][+-]?\d+)?$/;

/** A data cell for Excel: plain numbers as they are, anything else that could start a formula prefixed with `'`. */
function dataCell(value: string): string {
  return quoteCsvField(PLAIN_NUMBER.test(value) ? value : neutralizeCsvFormula(value));
}

/**
 * Whether an annotated copy is worth writing: the file was read to its end (no problem that stops reading), its
 * encoding and delimiter are known, and at least one problem points at a line.
 */
export function canAnnotate(verdict: Verdict): boolean {
  const s = verdict.summary;
  if (s.encoding === null || s.delimiter === null) return false;
  if (Object.keys(s.ruleCounts).some((rule) => rule in STOPPING_RULES)) return false;
  return verdict.problems.some((p) => p.row !== null);
}

/**
 * Streams the annotated copy of an upload: its records in order, each with a last cell listing the problems found
 * on its line (severity, column and how to fix), in `language`. The header's last cell names the column, and says
 * so when the verdict's problem list was cut. If the file cannot be read as far as the validation did (it changed,
 * or a limit is hit), a last row says where and why the copy stops.
 * @example await objects.put(ref, annotatedCsv(body, verdict, { language: 'zh-CN' }), { contentType: 'text/csv' })
 */
export async function* annotatedCsv(
  source: AsyncIterable<Uint8Array | string>,
  verdict: Verdict,
  options: AnnotatedCsvOptions = {},
): AsyncGenerator<string, void, undefined> {
  const language = options.language ?? DEFAULT_LANGUAGE;
  const limits = options.limits ?? defaultLimits;
  const chunkChars = options.chunkChars ?? 64 * 1024;
  const ui = verdictUi(language);
  const delimiter = verdict.summary.delimiter ?? ',';

  const byLine = new Map<number, Problem[]>();
  for (const p of verdict.problems) {
    if (p.row === null) continue;
    const list = byLine.get(p.row);
    if (list) list.push(p);
    else byLine.set(p.row, [p]);
  }
  const describe = (problems: readonly Problem[] | undefined): string =>
    (problems ?? [])
      .map(
        (p) =>
          `${ui.severityName[p.severity]}${ui.colon}${p.column ? `${p.column}${ui.colon}` : ''}${messageOf(p, language)}`,
      )
      .join(' | ');
  const problemsCell = (text: string) => quoteCsvField(neutralizeCsvFormula(text));

  let out: string[] = [UTF8_BOM];
  let outChars = 0;
  const emit = (line: string) => {
    out.push(line, '\r\n');
    outChars += line.length + 2;
  };
  const flush = (): string => {
    const text = out.join('');
    out = [];
    outChars = 0;
    return text;
  };

  const decode: DecodeState = { encoding: null, bytes: 0 };
  const reader = new CsvRecordReader({ delimiter, maxRecordChars: limits.maxFieldLength * 128 });
  const texts = decodeUpload(source, limits.maxBytes, decode);
  let width = 0;
  let headerSeen = false;
  let rows = 0;
  let endLine = 0;
  let stopped: string | undefined;
  try {
    let done = false;
    while (!done && stopped === undefined) {
      const next = await texts.next();
      done = next.done === true;
      const records = next.done ? reader.end() : reader.push(next.value);
      for (const record of records) {
        const line = endLine + 1;
        endLine = line + recordLineBreaks(record);
        const empty = record.every((f) => f.trim() === '');
        if (!headerSeen && !empty) {
          headerSeen = true;
          width = record.length;
          const title = verdict.problemsTruncated
            ? ui.annotatedCut(verdict.problems.length, verdict.summary.errors + verdict.summary.warnings)
            : ui.annotatedColumn;
          // Header problems are reported on line 1 even when blank lines come before the header.
          const notes = describe([...(byLine.get(1) ?? []), ...(line === 1 ? [] : (byLine.get(line) ?? []))]);
          emit([...record.map(dataCell), problemsCell(notes ? `${title} | ${notes}` : title)].join(','));
          continue;
        }
        if (!empty && headerSeen) rows++;
        if (rows > limits.maxRows) {
          stopped = `line ${line}: over ${limits.maxRows} data rows`;
          break;
        }
        emit([...record.map(dataCell), problemsCell(describe(byLine.get(line)))].join(','));
      }
      if (outChars >= chunkChars) yield flush();
    }
  } catch (error) {
    if (!(error instanceof UploadRejectedError) && !(error instanceof CsvSyntaxError)) throw error;
    stopped = `line ${endLine + 1}: ${error.message}`;
  } finally {
    await texts.return(undefined);
  }
  if (stopped !== undefined) {
    emit([...Array.from({ length: width }, () => ''), problemsCell(ui.annotatedStopped(stopped))].join(','));
  }
  yield flush();
}
