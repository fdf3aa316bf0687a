/**
 * A streaming RFC 4180 record reader over decoded text: fields separated by one delimiter character, records by
 * LF, CRLF or a lone CR, double-quoted fields that may hold delimiters, line breaks and doubled quotes (`""`).
 * It replaces csv-parse on the validation path: csv-parse re-encodes the text to bytes and grows a byte buffer
 * one character at a time, then decodes every field back to a string, which made it most of the ingest time.
 * Here an unquoted field is one `slice` of the text. Like csv-parse with its default options, a quote inside an
 * unquoted field or anything but a delimiter or line break after a closing quote is a syntax error.
 */

/** What went wrong in the CSV syntax; the validator turns it into a `malformed-csv` or `field-too-long` problem. */
export type CsvSyntaxCode =
  'quote-not-closed' | 'invalid-opening-quote' | 'invalid-closing-quote' | 'record-too-large';

/** A CSV syntax error in the record after the last one returned. */
export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';

  constructor(
    readonly code: CsvSyntaxCode,
    message: string,
    /** For `invalid-closing-quote`: the character found after the closing quote. */
    readonly found = '',
  ) {
    super(message);
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * Reads records from text pushed in chunks of any size. `push` returns the records completed by the chunk; the
 * incomplete last record is kept (as text, at most `maxRecordChars` long) and read again with the next chunk.
 * @example
 * const reader = new CsvRecordReader({ delimiter: ',' });
 * reader.push('a,"b\n'); // []
 * reader.push('c"\nd,e'); // [['a', 'b\nc']]
 * reader.end(); // [['d', 'e']]
 */
export class CsvRecordReader {
  private readonly delimiter: number;
  private readonly maxRecordChars: number;
  private pending = '';

  constructor(options: { delimiter: string; maxRecordChars?: number }) {
    if (options.delimiter.length !== 1 || options.delimiter === '"' || /[\r\n]/.test(options.delimiter)) {
      throw new Error(
        `A CSV delimiter is one character other than a quote or line break, got "${options.delimiter}".`,
      );
    }
    this.delimiter = options.delimiter.charCodeAt(0);
    this.maxRecordChars = options.maxRecordChars ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Adds a chunk of text and returns the records it completes.
   * @throws {CsvSyntaxError} on a misplaced quote, or when one record outgrows `maxRecordChars`.
   */
  push(chunk: string): string[][] {
    return this.read(this.pending === '' ? chunk : this.pending + chunk, false);
  }

  /**
   * Ends the input and returns the last record, if the text did not end with a line break.
   * @throws {CsvSyntaxError} when a quoted field is still open.
   */
  end(): string[][] {
    const text = this.pending;
    this.pending = '';
    return text === '' ? [] : this.read(text, true);
  }

  private read(text: string, final: boolean): string[][] {
    const records: string[][] = [];
    const length = text.length;
    const delimiter = this.delimiter;
    let at = 0;
    let consumed = 0;
    // Each pass reads one record from `at`; `break outer` leaves it for the next chunk.
    outer: while (at < length) {
      const start = at;
      const record: string[] = [];
      for (;;) {
        let field: string;
        if (text.charCodeAt(at) === QUOTE) {
          let i = at + 1;
          let escaped = false;
          for (;;) {
            const close = text.indexOf('"', i);
            if (close === -1) {
              if (final) throw this.notClosed();
              break outer;
            }
            if (close + 1 === length && !final) break outer;
            if (text.charCodeAt(close + 1) === QUOTE) {
              escaped = true;
              i = close + 2;
              continue;
            }
            field = text.slice(at + 1, close);
            if (escaped) field = field.replaceAll('""', '"');
            at = close + 1;
            break;
          }
          const next = text.charCodeAt(at);
          if (at < length && next !== delimiter && next !== LF && next !== CR) {
            throw new CsvSyntaxError(
              'invalid-closing-quote',
              `a closing quote is followed by "${text[at]}" instead of a delimiter or line break`,
              text[at],
            );
          }
        } else {
          let i = at;
          let c = text.charCodeAt(i);
          while (i < length && c !== delimiter && c !== LF && c !== CR) {
            if (c === QUOTE) {
              throw new CsvSyntaxError('invalid-opening-quote', 'a quote appears inside an unquoted value');
            }
            c = text.charCodeAt(++i);
          }
          if (i === length && !final) break outer;
          field = text.slice(at, i);
          at = i;
        }
        record.push(field);
        if (at >= length) {
          at = length;
          break;
        }
        const c = text.charCodeAt(at);
        if (c === delimiter) {
          at++;
          if (at === length) {
            if (!final) break outer;
            record.push('');
            break;
          }
          continue;
        }
        // A line break ends the record; a CR at the chunk's end may be the first half of CRLF.
        if (c === CR) {
          if (at + 1 === length && !final) break outer;
          at += text.charCodeAt(at + 1) === LF ? 2 : 1;
        } else {
          at++;
        }
        break;
      }
      if (at - start > this.maxRecordChars) throw this.tooLarge();
      records.push(record);
      consumed = at;
    }
    this.pending = consumed < length ? text.slice(consumed) : '';
    if (this.pending.length > this.maxRecordChars) throw this.tooLarge();
    return records;
  }

  private notClosed(): CsvSyntaxError {
    return new CsvSyntaxError('quote-not-closed', 'a quoted value is never closed');
  }

  private tooLarge(): CsvSyntaxError {
    return new CsvSyntaxError(
      'record-too-large',
      `a record is longer than ${this.maxRecordChars} characters`,
    );
  }
}

/** Line breaks inside a record's fields (CRLF counts once), to find where the next record starts. */
export function recordLineBreaks(record: readonly string[]): number {
  let breaks = 0;
  for (const field of record) {
    if (field.indexOf('\n') === -1 && field.indexOf('\r') === -1) continue;
    for (let i = 0; i < field.length; i++) {
      const c = field.charCodeAt(i);
      if (c === 10) breaks++;
      else if (c === 13) {
        breaks++;
        if (field.charCodeAt(i + 1) === 10) i++;
      }
    }
  }
  return breaks;
}
