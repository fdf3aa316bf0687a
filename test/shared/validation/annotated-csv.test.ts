/**
 * The annotated copy of an upload: every record of the file again, with a last column listing its problems in the
 * center's language; UTF-8 with BOM for Excel; cells neutralised against formula injection except plain numbers;
 * streamed in bounded chunks; and honest when the verdict's list was cut or the file cannot be read as far.
 */
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { annotatedCsv, canAnnotate, type Verdict } from '../../../shared/validation/index.js';
import { completedRun, header, inProgressRun, toCsv, validRows } from './valid-row.js';
import { validateText } from './validate-text.js';

async function collect(chunks: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

async function* bytesOf(text: string | Uint8Array, size = 1000): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function annotate(csv: string | Uint8Array, verdict: Verdict, language: 'en' | 'zh-CN' = 'en') {
  const text = (await collect(annotatedCsv(bytesOf(csv), verdict, { language }))).join('');
  return { text, records: parse(text, { bom: true, relax_column_count: true }) as string[][] };
}

describe('annotatedCsv', () => {
  it('copies every row and adds the problems of each row in a last column, with a BOM and CRLF', async () => {
    const csv = toCsv([
      completedRun(),
      inProgressRun({ run_id: 'R0002', sex: 'x', iabp: '?' }),
      completedRun({ run_id: 'R0003' }),
    ]);
    const verdict = await validateText(csv);
    expect(canAnnotate(verdict)).toBe(true);
    const { text, records } = await annotate(csv, verdict);
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(5); // header, three rows, the empty string after the last CRLF
    const original = parse(csv) as string[][];
    expect(records).toHaveLength(original.length);
    expect(records[0]).toEqual([...header, 'problems']);
    records.forEach((record, i) => expect(record.slice(0, -1)).toEqual(original[i]));
    expect(records[1]!.at(-1)).toBe('');
    expect(records[3]!.at(-1)).toBe('');
    const notes = records[2]!.at(-1)!;
    expect(notes).toMatch(/^error: sex: sex "x" is not one of the allowed values/);
    expect(notes).toMatch(/ \| error: iabp: /);
  });

  it('writes the problems column in Chinese for a Chinese center', async () => {
    const csv = toCsv([inProgressRun({ sex: 'x' })]);
    const { records } = await annotate(csv, await validateText(csv), 'zh-CN');
    expect(records[0]!.at(-1)).toBe('问题');
    expect(records[1]!.at(-1)).toMatch(/^错误：sex：/);
  });

  it('neutralises cells that Excel would run as formulas, but keeps plain numbers', async () => {
    const [head, ...rows] = toCsv([
      completedRun({ run_id: '=HYPERLINK("http://evil")', sex: '@SUM(A1)' }),
      inProgressRun({ diagnosis: '+1+1' }),
    ])
      .trim()
      .split('\n');
    const csv = [`${head},note`, `${rows[0]},-2+3`, `${rows[1]},-3.5`].join('\n') + '\n';
    const { records } = await annotate(csv, await validateText(csv));
    for (const record of records)
      for (const cell of record) expect(cell).not.toMatch(/^[=+@\t\r]|^-(?!\d+(\.\d+)?$)/);
    const runId = header.indexOf('run_id');
    expect(records[1]![runId]).toBe(`'=HYPERLINK("http://evil")`);
    expect(records[1]![header.indexOf('sex')]).toBe("'@SUM(A1)");
    expect(records[1]![header.length]).toBe("'-2+3");
    expect(records[2]![header.indexOf('diagnosis')]).toBe("'+1+1");
    expect(records[2]![header.length]).toBe('-3.5');
  });

  it('says in the header when the problem list was cut', async () => {
    const csv = toCsv([completedRun({ sex: 'x', iabp: '?' })]);
    const verdict = await validateText(csv, { limits: { maxProblems: 1 } });
    const { records } = await annotate(csv, verdict);
    expect(records[0]!.at(-1)).toMatch(/^problems \(only the first 1 of 2 problems are marked/);
    const zh = await annotate(csv, verdict, 'zh-CN');
    expect(zh.records[0]!.at(-1)).toMatch(/仅标注了全部 2 个问题中的前 1 个/);
  });

  it('puts header problems in the header cell, and reads semicolons and GB18030 into a UTF-8 comma file', async () => {
    const text = toCsv([completedRun({ sex: '女', diagnosis: 'x' })], {
      delimiter: ';',
      header: [...header.slice(0, -1), '备注'],
    });
    const bytes = iconv.encode(text, 'gb18030');
    const verdict = await validateText(bytes);
    expect(verdict.summary).toMatchObject({ encoding: 'gb18030', delimiter: ';' });
    const { records } = await annotate(bytes, verdict);
    expect(records[0]!.at(-2)).toBe('备注');
    expect(records[0]!.at(-1)).toMatch(
      /^problems \| warning: 备注: Column "备注" is not in the data dictionary/,
    );
    expect(records[1]![header.indexOf('sex')]).toBe('女');
    expect(records[1]!.at(-1)).toMatch(/diagnosis/);
  });

  it('streams: hands on chunks before the whole file is read', async () => {
    const rows = validRows(2000);
    rows[5] = { ...rows[5]!, sex: 'x' };
    const csv = toCsv(rows);
    const verdict = await validateText(csv);
    let pulled = 0;
    const total = Math.ceil(Buffer.byteLength(csv) / 1000);
    async function* counted() {
      for await (const chunk of bytesOf(csv)) {
        pulled++;
        yield chunk;
      }
    }
    const chunks = annotatedCsv(counted(), verdict, { language: 'en', chunkChars: 16 * 1024 });
    const first = await chunks.next();
    expect(first.done).toBe(false);
    expect(pulled).toBeLessThan(total / 2);
    const rest = await collect(chunks);
    expect(rest.length).toBeGreaterThan(5);
    const records = parse([first.value, ...rest].join(''), { bom: true }) as string[][];
    expect(records).toHaveLength(2001);
    expect(records[6]!.at(-1)).toMatch(/^error: sex: /);
  });

  it('ends with a note when the file cannot be read as far as the validation did', async () => {
    const csv = toCsv([completedRun(), inProgressRun({ sex: 'x' })]);
    const verdict = await validateText(csv);
    const broken = `${csv}"unclosed,quote\n`;
    const { records } = await annotate(broken, verdict);
    expect(records.at(-1)!.at(-1)).toMatch(/^The copy stops here: line 4: .*quoted value is never closed/);
    expect(
      records
        .at(-1)!
        .slice(0, -1)
        .every((cell) => cell === ''),
    ).toBe(true);
  });
});

describe('canAnnotate', () => {
  it('is false when nothing points at a row or the file was not read to its end', async () => {
    expect(canAnnotate(await validateText(toCsv([completedRun()])))).toBe(false);
    expect(canAnnotate(await validateText('not,a,registry\nfile,at,all\n'))).toBe(false);
    expect(canAnnotate(await validateText(toCsv(validRows(3)), { limits: { maxRows: 2 } }))).toBe(false);
    expect(canAnnotate(await validateText(toCsv([completedRun({ sex: 'x' })])))).toBe(true);
  });
});
