/**
 * The verdict's renderings: the HTML page is self-contained, escapes every echoed value and stands alone (the
 * upload it is about, each problem's row, run_id, column and fix, links to the template, the annotated copy and
 * the dictionary entries of the columns mentioned), in English and Chinese, with a banner chosen by the verdict's
 * kind; CSV neutralises formula injection in every cell and round-trips through a CSV parser; text names status,
 * counts and problems.
 */
import { parse } from 'csv-parse/sync';
import { failedIngestVerdict, supersededVerdict } from '../../../shared/ingest/index.js';
import {
  neutralizeCsvFormula,
  renderVerdictCsv,
  renderVerdictHtml,
  renderVerdictText,
  VerdictSchema,
  type Verdict,
} from '../../../shared/validation/index.js';
import { completedRun, header, inProgressRun, toCsv } from './valid-row.js';
import { validateText } from './validate-text.js';

const hostileValue = '<script>alert("x")</script>';

async function hostileVerdict() {
  const [head, ...rows] = toCsv([
    completedRun({ run_id: '=HYPERLINK("http://evil")', sex: hostileValue }),
    inProgressRun({ sex: '+1', diagnosis: '@SUM(A1)' }),
  ])
    .trim()
    .split('\n');
  // An unknown column whose header is itself hostile.
  return validateText([`${head},<img src=x onerror=alert(1)>`, ...rows.map((r) => `${r},-2+3`)].join('\n'));
}

/** A red verdict with a cell error on row 3 (run R0002) and the upload it came from. */
async function sourcedVerdict(): Promise<Verdict> {
  const verdict = await validateText(
    toCsv([completedRun(), inProgressRun({ run_id: 'R0002', sex: 'x' })], { columns: header }),
  );
  return {
    ...verdict,
    source: {
      fileName: '2023-q3 export.csv',
      object: { bucket: 'uploads', key: 'uploads/C001/2023-q3 export.csv', versionId: null },
      uploadId: 'u-0123456789abcdef',
      uploadedAt: '2026-12-08T02:27:00.000Z',
      center: { id: 'C001', name: 'Synthetic Hospital 001' },
    },
  };
}

const pageOptions = {
  templateHref: 'template.csv',
  annotatedHref: 'annotated.csv',
  problemsCsvHref: 'problems.csv',
} as const;

describe('renderVerdictHtml', () => {
  it('escapes every echoed value and loads nothing external', async () => {
    const verdict = await hostileVerdict();
    const html = renderVerdictHtml(verdict, { language: 'en', ...pageOptions });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    const tags = new Set([...html.matchAll(/<([a-z][a-z0-9]*)/gi)].map((m) => m[1]!.toLowerCase()));
    const allowed = [
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'h1',
      'h2',
      'h3',
      'p',
      'strong',
      'table',
      'tr',
      'th',
      'td',
      'code',
      'a',
      'ul',
      'li',
      'br',
      'small',
      'time',
    ];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(html).not.toMatch(/@import|url\(|https?:\/\/(?!evil)/i);
    // Every link stays on the page or next to it: no scheme, no absolute path.
    for (const [, href] of html.matchAll(/href="([^"]*)"/g))
      expect(href).toMatch(/^(#column-[a-z0-9_]+|[a-z]+\.csv)$/);
    expect(html).toContain('RED');
  });

  it('says when the list is cut', async () => {
    const verdict = await validateText(toCsv([completedRun({ sex: 'x', iabp: '?' })]), {
      limits: { maxProblems: 1 },
    });
    expect(renderVerdictHtml(verdict, { language: 'en' })).toMatch(
      /Only the first 1 of 2 problems are listed/,
    );
    expect(renderVerdictHtml(verdict, { language: 'zh-CN' })).toContain('仅列出全部 2 个问题中的前 1 个');
  });

  it('names the upload: file, upload id, time with its zone, center', async () => {
    const html = renderVerdictHtml(await sourcedVerdict(), { language: 'en', ...pageOptions });
    expect(html).toContain('<code>2023-q3 export.csv</code>');
    expect(html).toContain('<code>u-0123456789abcdef</code>');
    expect(html).toContain(
      '<time datetime="2026-12-08T02:27:00.000Z">2026-12-08 10:27 China Standard Time (UTC+8)</time>',
    );
    expect(html).toContain('C001 (Synthetic Hospital 001)');
    expect(html).toMatch(/<title>[^<]*2023-q3 export\.csv<\/title>/);
  });

  it('gives each problem its row, run_id, column, value and fix, linked to the column entry', async () => {
    const html = renderVerdictHtml(await sourcedVerdict(), { language: 'en', ...pageOptions });
    const row = html.split('\n').find((line) => line.startsWith('<tr class="error">'))!;
    expect(row).toContain('<td class="n">3</td><td><code>R0002</code></td>');
    expect(row).toContain('<a href="#column-sex"><code>sex</code></a>');
    expect(row).toContain('<code>x</code>');
    expect(row).toMatch(/is not one of the allowed values/);
    // The entry the link points at: the dictionary's description, type and allowed values of sex.
    const entry = html.slice(html.indexOf('<h3 id="column-sex">'));
    expect(entry).toMatch(/^<h3 id="column-sex"><code>sex<\/code><\/h3>/);
    expect(entry).toMatch(/<th>Type<\/th><td>code<\/td>/);
    expect(entry).toMatch(/<th>Allowed values<\/th><td><code>male<\/code>.*<code>female<\/code>/);
    expect(html).toContain('<h2>Columns mentioned</h2>');
    // Only columns named by a problem get an entry.
    expect(html).not.toContain('id="column-pre_ph"');
  });

  it('links the template, the annotated copy and the problems CSV next to it, and only those given', async () => {
    const verdict = await sourcedVerdict();
    const html = renderVerdictHtml(verdict, { language: 'en', ...pageOptions });
    expect(html).toContain('<a id="template" href="template.csv" download>CSV template</a>');
    expect(html).toContain('<a href="annotated.csv" download>Your file with a problems column</a>');
    expect(html).toContain('<a href="problems.csv" download>');
    const bare = renderVerdictHtml(verdict, { language: 'en' });
    expect(bare).not.toContain('href="template.csv"');
    expect(bare).not.toContain('annotated.csv');
  });

  it('links the template and every missing column from a missing-column problem', async () => {
    const without = header.filter((c) => c !== 'run_id' && c !== 'ecmo_mode');
    const verdict = await validateText(toCsv([completedRun()], { columns: without }));
    const html = renderVerdictHtml(verdict, { language: 'en', templateHref: 'template.csv' });
    const row = html.split('\n').find((line) => line.includes('missing-required-columns</code>'))!;
    expect(row).toContain('<a href="#column-run_id">run_id</a>');
    expect(row).toContain('<a href="#column-ecmo_mode">ecmo_mode</a>');
    expect(row).toContain('<a href="template.csv">CSV template</a>');
    expect(html).toContain('<h3 id="column-run_id">');
    expect(html).toContain('<h3 id="column-ecmo_mode">');
  });

  it('reads encoding and delimiter in words', async () => {
    const verdict = await validateText(toCsv([completedRun()], { delimiter: ';' }));
    const en = renderVerdictHtml(verdict, { language: 'en' });
    expect(en).toContain('<tr><th>Character encoding</th><td>UTF-8</td></tr>');
    expect(en).toContain('<tr><th>Delimiter</th><td>semicolon ( ; )</td></tr>');
    const zh = renderVerdictHtml(verdict, { language: 'zh-CN' });
    expect(zh).toContain('<tr><th>字符编码</th><td>UTF-8</td></tr>');
    expect(zh).toContain('<tr><th>分隔符</th><td>分号（ ; ）</td></tr>');
  });

  it('speaks Simplified Chinese for a Chinese center, with the same anchors and links', async () => {
    const html = renderVerdictHtml(await sourcedVerdict(), { language: 'zh-CN', ...pageOptions });
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<strong>红色</strong>：已拒收');
    expect(html).toContain('<tr><th>文件</th><td><code>2023-q3 export.csv</code></td></tr>');
    expect(html).toContain('<tr><th>上传编号</th><td><code>u-0123456789abcdef</code></td></tr>');
    expect(html).toContain('2026-12-08 10:27 北京时间 (UTC+8)');
    expect(html).toContain('<td class="sev">错误</td>');
    expect(html).toContain('<a href="#column-sex"><code>sex</code></a>');
    expect(html).toContain('<h3 id="column-sex">');
    expect(html).toContain('<a id="template" href="template.csv" download>CSV 模板</a>');
    expect(html).toContain('<h2>涉及的列</h2>');
    expect(html).not.toMatch(/Problems|Columns mentioned|Upload id/);
  });

  it('does not tell a center to correct a file the registry failed to process', async () => {
    const validated = await validateText(toCsv([completedRun()]));
    const context = { centerId: 'C001', key: 'uploads/C001/a.csv', uploadId: 'u-1', attempts: 3, bytes: 10 };
    const failed = [
      failedIngestVerdict(validated, { ...context, reason: 'an error on the registry side' }),
      failedIngestVerdict(undefined, { ...context, reason: 'an error on the registry side' }),
    ];
    for (const verdict of failed) {
      expect(verdict.status).toBe('red');
      const en = renderVerdictHtml(verdict, { language: 'en' });
      expect(en).toMatch(/<strong>RED<\/strong>: not processed\. .*this is not an error in your file/);
      expect(en).not.toMatch(/correct the errors|rejected/i);
      const zh = renderVerdictHtml(verdict, { language: 'zh-CN' });
      expect(zh).toContain('这不是您文件中的错误');
      expect(zh).not.toContain('已拒收');
      expect(renderVerdictText(verdict, { language: 'en' })).toMatch(/^Verdict: RED: not processed/);
    }
    const rejected = renderVerdictHtml(await sourcedVerdict(), { language: 'en' });
    expect(rejected).toMatch(/<strong>RED<\/strong>: rejected; .*Correct the errors/);
  });

  it('says a superseded upload was valid but not applied', async () => {
    const validated = await validateText(toCsv([completedRun()]));
    const verdict = supersededVerdict(validated, {
      centerId: 'C001',
      key: 'uploads/C001/a.csv',
      newerUploadId: 'u-2',
    });
    expect(renderVerdictHtml(verdict, { language: 'en' })).toMatch(
      /<strong>YELLOW<\/strong>: valid but not applied/,
    );
  });
});

describe('VerdictSchema', () => {
  it('reads a verdict written before sources and run ids were recorded', async () => {
    const current = await sourcedVerdict();
    const { source, ...old } = current;
    expect(source).toBeDefined();
    const written = JSON.parse(
      JSON.stringify({ ...old, problems: old.problems.map(({ runId, ...rest }) => (void runId, rest)) }),
    );
    const parsed = VerdictSchema.parse(written);
    expect(parsed.source).toBeUndefined();
    expect(parsed.problems.every((p) => p.runId === null)).toBe(true);
    expect(() => renderVerdictHtml(parsed, { language: 'en' })).not.toThrow();
  });

  it('keeps the source and run ids through JSON', async () => {
    const verdict = await sourcedVerdict();
    expect(VerdictSchema.parse(JSON.parse(JSON.stringify(verdict)))).toEqual(verdict);
    expect(verdict.problems.find((p) => p.rule === 'allowed-values')?.runId).toBe('R0002');
  });
});

describe('renderVerdictCsv', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@A1', "'@A1"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['plain', 'plain'],
    ['', ''],
  ])('neutralises %j as %j', (cell, expected) => {
    expect(neutralizeCsvFormula(cell)).toBe(expected);
  });

  it('writes one parseable line per problem with its run_id, no cell starting a formula', async () => {
    const verdict = await hostileVerdict();
    const text = renderVerdictCsv(verdict, { language: 'en' });
    expect(text.startsWith('\uFEFF')).toBe(true);
    const records = parse(text, { bom: true }) as string[][];
    expect(records[0]).toEqual(['row', 'run_id', 'column', 'value', 'rule', 'severity', 'message']);
    expect(records).toHaveLength(verdict.problems.length + 1);
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(records.some((r) => r[3] === "'+1")).toBe(true);
    expect(records.some((r) => r[3] === "'@SUM(A1)")).toBe(true);
    expect(records.some((r) => r[1] === `'=HYPERLINK("http://evil")`)).toBe(true);
  });

  it('writes its header and severities in Chinese for a Chinese center', async () => {
    const records = parse(renderVerdictCsv(await sourcedVerdict(), { language: 'zh-CN' }), {
      bom: true,
    }) as string[][];
    expect(records[0]).toEqual(['行', 'run_id', '列', '值', '规则', '严重程度', '问题说明']);
    expect(records[1]).toMatchObject({ 0: '3', 1: 'R0002', 2: 'sex', 3: 'x', 5: '错误' });
  });
});

describe('renderVerdictText', () => {
  it('gives status, file, counts and the first problems with row, column, message and run_id', async () => {
    const verdict = await sourcedVerdict();
    const text = renderVerdictText(verdict, { language: 'en' });
    expect(text).toMatch(/^Verdict: RED/);
    expect(text).toMatch(/^File: 2023-q3 export\.csv$/m);
    expect(text).toMatch(/Rows: 2/);
    expect(text).toMatch(/row 3, sex: sex "x" is not one of the allowed values.*\(run_id R0002\)$/m);
    expect(text).toMatch(/allowed-values\s+1/);
    expect(text).toMatch(/Character encoding: UTF-8 {3}Delimiter: comma \( , \)/);
  });

  it('speaks Chinese, and the registry default when no language is given', async () => {
    const verdict = await sourcedVerdict();
    const zh = renderVerdictText(verdict, { language: 'zh-CN' });
    expect(zh).toMatch(/^评估结果：红色：已拒收/);
    expect(zh).toMatch(/\[错误\] 第 3 行，sex：.*\(run_id R0002\)$/m);
    expect(renderVerdictText(verdict)).toBe(zh);
    expect(renderVerdictText(verdict, { language: 'en', maxProblems: 0 })).not.toMatch(/row 3/);
  });
});
