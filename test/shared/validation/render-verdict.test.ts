/**
 * The verdict's renderings: HTML is self-contained and escapes every echoed value; CSV neutralises formula
 * injection in every cell and round-trips through a CSV parser; text names status, counts and problems.
 */
import { parse } from 'csv-parse/sync';
import {
  neutralizeCsvFormula,
  renderVerdictCsv,
  renderVerdictHtml,
  renderVerdictText,
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

describe('renderVerdictHtml', () => {
  it('escapes every echoed value and loads nothing external', async () => {
    const verdict = await hostileVerdict();
    const html = renderVerdictHtml(verdict);
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
      'p',
      'strong',
      'table',
      'tr',
      'th',
      'td',
      'code',
    ];
    expect([...tags].filter((t) => !allowed.includes(t))).toEqual([]);
    expect(html).not.toMatch(/@import|url\(|https?:\/\/(?!evil)/i);
    expect(html).toContain('<table>');
    expect(html).toContain('RED');
  });

  it('says when the list is cut', async () => {
    const verdict = await validateText(toCsv([completedRun({ sex: 'x', iabp: '?' })]), {
      limits: { maxProblems: 1 },
    });
    expect(renderVerdictHtml(verdict)).toMatch(/Only the first 1 problems are listed/);
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

  it('writes one parseable line per problem, no cell starting a formula', async () => {
    const verdict = await hostileVerdict();
    const records = parse(renderVerdictCsv(verdict)) as string[][];
    expect(records[0]).toEqual(['row', 'column', 'value', 'rule', 'severity', 'message']);
    expect(records).toHaveLength(verdict.problems.length + 1);
    for (const record of records) for (const cell of record) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
    expect(records.some((r) => r[2] === "'+1")).toBe(true);
    expect(records.some((r) => r[2] === "'@SUM(A1)")).toBe(true);
  });
});

describe('renderVerdictText', () => {
  it('gives status, counts and the first problems with row, column and message', async () => {
    const verdict = await validateText(
      toCsv([completedRun(), inProgressRun({ sex: 'x' })], { columns: header }),
    );
    const text = renderVerdictText(verdict);
    expect(text).toMatch(/^Verdict: RED/);
    expect(text).toMatch(/Rows: 2/);
    expect(text).toMatch(/row 3, sex: sex "x" is not one of the allowed values/);
    expect(text).toMatch(/allowed-values\s+1/);
  });
});
