/**
 * Reading an export: encodings (UTF-8 with/without BOM, GB18030, unknown), delimiters, CRLF, quoted fields with
 * embedded newlines (line numbers stay right), header aliases and problems, date formats, empty lines, limits,
 * and files that are not CSV at all. Chunked variants feed the bytes in tiny pieces, as a network stream may.
 */
import iconv from 'iconv-lite';
import { completedRun, inProgressRun, toCsv, validRows, header } from './valid-row.js';
import { rulesOf, validateText } from './validate-text.js';

const twoRows = () => [completedRun(), inProgressRun()];

describe('encodings', () => {
  it('reads UTF-8 without and with a BOM, also when the BOM is split across chunks', async () => {
    const csv = toCsv(twoRows());
    for (const input of [csv, `\uFEFF${csv}`]) {
      for (const chunkSize of [undefined, 1, 7]) {
        const verdict = await validateText(input, { chunkSize });
        expect(verdict.status).toBe('green');
        expect(verdict.rows).toBe(2);
        expect(verdict.summary.encoding).toBe('utf-8');
      }
    }
  });

  it('reads GB18030 (Chinese Excel) with Chinese values, in any chunking', async () => {
    const csv = toCsv([
      completedRun({ sex: '男', hx_diabetes: '否', iabp: '是' }),
      inProgressRun({ sex: '女', pregnant: '否' }),
    ]);
    const bytes = iconv.encode(csv, 'gb18030');
    for (const chunkSize of [undefined, 1, 3, 1000]) {
      const verdict = await validateText(bytes, { chunkSize });
      expect(verdict.summary.encoding).toBe('gb18030');
      expect(verdict.problems).toEqual([]);
      expect(verdict.status).toBe('green');
    }
  });

  it('reads UTF-8 with Chinese values split inside a character', async () => {
    const csv = toCsv([completedRun({ sex: '男', hx_diabetes: '否' })]);
    const verdict = await validateText(csv, { chunkSize: 2 });
    expect(verdict.summary.encoding).toBe('utf-8');
    expect(verdict.status).toBe('green');
  });

  it('rejects a file that is neither UTF-8 nor GB18030 as an unknown encoding', async () => {
    const csv = Buffer.from(toCsv([completedRun()]), 'latin1');
    const bytes = Buffer.concat([csv, Buffer.from([0xff, 0xff, 0x2c, 0x0a])]);
    const verdict = await validateText(bytes);
    expect(verdict.status).toBe('red');
    expect(rulesOf(verdict)).toContain('unknown-encoding');
  });

  it('rejects UTF-8 mixed with another encoding, and UTF-16, as unknown encodings', async () => {
    const mixed = Buffer.concat([
      Buffer.from(toCsv([completedRun({ sex: '男' })])),
      iconv.encode('否,是\n', 'gb18030'),
    ]);
    expect(rulesOf(await validateText(mixed))).toEqual(['unknown-encoding']);
    const utf16 = iconv.encode(`\uFEFF${toCsv([completedRun()])}`, 'utf-16le', { addBOM: false });
    const verdict = await validateText(utf16);
    expect(rulesOf(verdict)).toEqual(['unknown-encoding']);
    expect(verdict.problems[0]!.message).toMatch(/UTF-16/);
  });

  it('rejects binary content and a workbook as not a CSV', async () => {
    expect(rulesOf(await validateText(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00])))).toEqual([
      'not-csv',
    ]);
    expect(rulesOf(await validateText(Buffer.from('center_id,run_id\n\u0000\u0001\u0002\n')))).toEqual([
      'not-csv',
    ]);
  });
});

describe('delimiters and line endings', () => {
  it.each([
    ['comma', ','],
    ['semicolon', ';'],
    ['tab', '\t'],
  ])('sniffs %s from the header', async (_name, delimiter) => {
    const csv = toCsv([completedRun({ pre_ph: '7,18' }), inProgressRun()], { delimiter });
    const verdict = await validateText(csv);
    expect(verdict.summary.delimiter).toBe(delimiter);
    expect(verdict.problems).toEqual([]);
    expect(verdict.rows).toBe(2);
  });

  it('reads CRLF line endings and reports the right rows', async () => {
    const csv = toCsv([completedRun(), completedRun({ run_id: 'R9', sex: 'x' })], { eol: '\r\n' });
    const verdict = await validateText(csv);
    expect(verdict.problems).toMatchObject([{ row: 3, column: 'sex', rule: 'allowed-values' }]);
  });

  it.each([
    ['LF', '\n'],
    ['CRLF', '\r\n'],
  ])('counts rows right after quoted values with embedded newlines (%s)', async (_name, eol) => {
    const runIdAfter = 'R-after';
    const rows = [
      completedRun({ run_id: 'R-multi', diagnosis: `ami` }),
      inProgressRun({ run_id: runIdAfter, sex: 'x' }),
    ];
    // An unknown free-text column holding a three-line comment; it must not shift the line numbers.
    const text = toCsv(rows, { eol, header: [...header, 'comment'], columns: header })
      .split(eol)
      .map((line, i) => (i === 0 || line === '' ? line : `${line},"first${eol}second${eol}third"`))
      .join(eol);
    const verdict = await validateText(text, { chunkSize: 5 });
    const sexProblem = verdict.problems.find((p) => p.rule === 'allowed-values');
    // Header is line 1, the first record spans lines 2-4, the second starts on line 5.
    expect(sexProblem).toMatchObject({ row: 5, column: 'sex' });
    expect(verdict.rows).toBe(2);
  });

  it('ignores empty lines and lines of empty cells, and keeps counting lines through them', async () => {
    const [head, first, second] = toCsv(twoRows()).trim().split('\n');
    const bad = second!.replace(',female,', ',other,');
    const text = [head, '', first, ',,,,', '', bad, '', ''].join('\n');
    const verdict = await validateText(text);
    expect(verdict.rows).toBe(2);
    expect(verdict.problems).toMatchObject([{ row: 6, column: 'sex', rule: 'allowed-values' }]);
  });
});

describe('header', () => {
  it('matches documented aliases, ignoring case, spaces, dashes and underscores', async () => {
    const rows = twoRows();
    const aliases = header.map((name) =>
      name === 'age_years'
        ? 'Age'
        : name === 'sex'
          ? 'GENDER'
          : name === 'ecmo_start_at'
            ? 'ECMO-Start Time'
            : name,
    );
    const verdict = await validateText(toCsv(rows, { header: aliases }));
    expect(verdict.problems).toEqual([]);
    expect(verdict.summary.columns.find((c) => c.column === 'age_years')!.filled).toBe(2);
  });

  it('warns about unknown extra columns but accepts the file', async () => {
    const [head, ...rows] = toCsv(twoRows()).trim().split('\n');
    const text = [`${head},nurse_notes`, ...rows.map((r) => `${r},"called family"`)].join('\n');
    const verdict = await validateText(text);
    expect(verdict.status).toBe('yellow');
    expect(verdict.problems).toMatchObject([
      { row: 1, column: 'nurse_notes', rule: 'unknown-column', severity: 'warning' },
    ]);
  });

  it('rejects two columns for the same field', async () => {
    const names = [...header, 'age'];
    const text = toCsv(twoRows(), { header: names, columns: [...header, 'age_years'] });
    const verdict = await validateText(text);
    expect(verdict.status).toBe('red');
    expect(verdict.problems).toMatchObject([
      { row: 1, column: 'age_years', value: 'age', rule: 'duplicate-column' },
    ]);
  });

  it('names the missing required columns', async () => {
    const kept = header.filter((h) => h !== 'sex' && h !== 'iabp');
    const verdict = await validateText(toCsv(twoRows(), { columns: kept }));
    expect(verdict.status).toBe('red');
    const problem = verdict.problems.find((p) => p.rule === 'missing-required-columns');
    expect(problem!.message).toMatch(/sex, iabp/);
  });

  it('says a file without any dictionary column is not a registry CSV', async () => {
    const verdict = await validateText('hello world\nthis is a letter\n');
    expect(rulesOf(verdict)).toEqual(['not-csv']);
  });
});

describe('empty, malformed and oversized files', () => {
  it('rejects an empty file, a blank file and a header without rows', async () => {
    expect(rulesOf(await validateText(''))).toEqual(['empty-file']);
    expect(rulesOf(await validateText('\n\n  \n'))).toEqual(['empty-file']);
    expect(rulesOf(await validateText(toCsv([])))).toEqual(['no-data-rows']);
  });

  it('rejects an unclosed quote as malformed CSV', async () => {
    const text = `${toCsv([completedRun()])}C001,"R2,male\n`;
    const verdict = await validateText(text);
    expect(rulesOf(verdict)).toContain('malformed-csv');
    expect(verdict.status).toBe('red');
  });

  it('rejects a row with a different number of values, but allows trailing empty cells', async () => {
    const text = toCsv(twoRows()).trim().split('\n');
    const verdict = await validateText([text[0], `${text[1]},,`, `${text[2]},extra`].join('\n'));
    expect(verdict.problems).toMatchObject([{ row: 3, rule: 'column-count' }]);
  });

  it('stops at the file size limit with its own error', async () => {
    const csv = toCsv(validRows(20));
    const verdict = await validateText(csv, { limits: { maxBytes: 2000 }, chunkSize: 512 });
    expect(rulesOf(verdict)).toEqual(['file-too-large']);
    expect(verdict.accepted).toBe(false);
  });

  it('stops at the row limit with its own error, counting the rows up to it', async () => {
    const verdict = await validateText(toCsv(validRows(20)), { limits: { maxRows: 5 } });
    expect(rulesOf(verdict)).toEqual(['too-many-rows']);
    expect(verdict.problems[0]!.row).toBe(7);
    expect(verdict.rows).toBe(5);
  });

  it('stops at the field length limit with its own error and line', async () => {
    const rows = [completedRun(), inProgressRun({ run_id: 'x'.repeat(300) })];
    const verdict = await validateText(toCsv(rows), { limits: { maxFieldLength: 100 } });
    expect(rulesOf(verdict)).toEqual(['field-too-long']);
    expect(verdict.problems[0]).toMatchObject({ row: 3 });
  });

  it('stops reading a stream it rejects early', async () => {
    let pulled = 0;
    async function* endless() {
      yield Buffer.from(toCsv([completedRun()]));
      for (;;) {
        pulled++;
        yield Buffer.from(toCsv([completedRun()]).split('\n')[1]! + '\n');
      }
    }
    const { validateUpload } = await import('../../../shared/validation/index.js');
    const verdict = await validateUpload(endless(), { limits: { maxRows: 100 } });
    expect(rulesOf(verdict)).toContain('too-many-rows');
    expect(pulled).toBeLessThan(1000);
  });
});
