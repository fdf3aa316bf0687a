/**
 * The validator's CSV record reader against csv-parse (the parser it replaced), on random records of quoted and
 * unquoted fields with delimiters, quotes and line breaks, pushed in random chunk sizes; and its syntax errors.
 */
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import {
  CsvRecordReader,
  CsvSyntaxError,
  recordLineBreaks,
} from '../../../shared/validation/csv-record-reader.js';

const field = fc.oneof(
  fc.stringMatching(/^[a-c ;\t]{0,5}$/),
  fc.stringMatching(/^[a-c,\r\n"]{0,6}$/).map((s) => `"${s.replace(/"/g, '""')}"`),
);

function readAll(text: string, cuts: number[]): string[][] {
  const reader = new CsvRecordReader({ delimiter: ',' });
  const records: string[][] = [];
  for (let at = 0, k = 0; at < text.length; k++) {
    const size = cuts[k % cuts.length]!;
    records.push(...reader.push(text.slice(at, at + size)));
    at += size;
  }
  records.push(...reader.end());
  return records;
}

it('reads what csv-parse reads, in any chunking', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(field, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 5 }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
      fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
      (rows, eol, trailing, cuts) => {
        const text = rows.map((r) => r.join(',')).join(eol) + (trailing ? eol : '');
        const expected = parse(text, { relax_column_count: true, record_delimiter: eol }) as string[][];
        expect(readAll(text, cuts)).toEqual(expected);
      },
    ),
    { numRuns: 2000 },
  );
});

it.each([
  ['a,"b"c\n', 'invalid-closing-quote'],
  ['a,b"c\n', 'invalid-opening-quote'],
  ['a,"b\n', 'quote-not-closed'],
])('rejects %j as %s', (text, code) => {
  expect(() => readAll(text, [3])).toThrow(expect.objectContaining({ code }) as CsvSyntaxError);
});

it('bounds the text one unterminated record may hold', () => {
  const reader = new CsvRecordReader({ delimiter: ',', maxRecordChars: 10 });
  expect(() => reader.push('"0123456789abc')).toThrow(expect.objectContaining({ code: 'record-too-large' }));
});

describe('recordLineBreaks', () => {
  it('counts the line breaks inside quoted fields, a CRLF once', () => {
    expect(recordLineBreaks(['a', 'b'])).toBe(0);
    expect(recordLineBreaks(['line 1\nline 2', 'x\r\ny', 'z\rw'])).toBe(3);
  });
});
