import iconv from 'iconv-lite';
import { columnTextZh, type ColumnName, type RunRow } from '../../../shared/dictionary/index.js';
import { generateRegistry, toCsv } from '../../../shared/synthetic/index.js';
import type { Verdict } from '../../../shared/validation/index.js';
import { validateText } from './validate-text.js';

const CENTER = 'C002';

/** One center's synthetic export, with injected errors when `dirtyRate` > 0. */
function syntheticExport(dirtyRate: number): string {
  const [center] = generateRegistry({ seed: 16, scale: 0.02, dirtyRate, centerIds: [CENTER] });
  return toCsv(center!.rows, center!.rawCells);
}

/** The same file with its header row rewritten by `rename` (machine name → header as written). */
function withHeader(csv: string, rename: (name: ColumnName) => string): string {
  const newline = csv.indexOf('\n');
  const header = csv
    .slice(0, newline)
    .split(',')
    .map((name) => rename(name as ColumnName));
  return `${header.join(',')}${csv.slice(newline)}`;
}

const chineseLabel = (name: ColumnName): string => columnTextZh[name].label;

/** Validates, keeping every row handed to `onRow`. */
async function validate(input: string | Uint8Array): Promise<{ verdict: Verdict; rows: RunRow[] }> {
  const rows: RunRow[] = [];
  const verdict = await validateText(input, {
    centerId: CENTER,
    chunkSize: 4096,
    onRow: (row) => {
      rows.push(row);
    },
  });
  return { verdict, rows };
}

/** A verdict without what depends on the file's bytes rather than its content. */
function content(verdict: Verdict): unknown {
  const { bytes: _bytes, encoding: _encoding, ...summary } = verdict.summary;
  return { ...verdict, summary };
}

describe('Chinese headers read exactly as the English names', () => {
  it.each([
    ['a clean export', 0],
    ['an export with errors', 0.08],
  ])('%s: same verdict, problems and parsed runs', async (_label, dirtyRate) => {
    const english = syntheticExport(dirtyRate);
    const chinese = withHeader(english, chineseLabel);
    expect(chinese.split('\n')[0]).toContain('ECMO开始时间');
    expect(chinese.split('\n')[0]).not.toMatch(/ecmo_start_at/);

    const a = await validate(english);
    const b = await validate(chinese);
    expect(a.verdict.rows).toBeGreaterThan(100);
    expect(a.rows.length).toBeGreaterThan(dirtyRate === 0 ? 100 : 0);
    if (dirtyRate === 0) expect(a.verdict.accepted).toBe(true);
    else expect(a.verdict.problems.length).toBeGreaterThan(5);
    expect(a.verdict.problems.filter((p) => p.rule === 'unknown-column')).toEqual([]);

    expect(content(b.verdict)).toEqual(content(a.verdict));
    expect(b.rows).toEqual(a.rows);
  });

  it('reads full-width letters and brackets, surrounding spaces and units in brackets the same way', async () => {
    const english = syntheticExport(0.08);
    const widen = (text: string): string =>
      text.replace(/[A-Za-z()]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const messy = withHeader(english, (name) => {
      const unit = columnTextZh[name].unit;
      const label = chineseLabel(name);
      if (unit !== undefined) return ` ${label}（${unit}） `;
      return name.startsWith('comp_') ? label : `\u3000${widen(label)}`;
    });
    expect(messy).toContain('ＥＣＭＯ开始时间');
    expect(messy).toContain('ECMO辅助时间（小时）');

    const a = await validate(english);
    const b = await validate(messy);
    expect(content(b.verdict)).toEqual(content(a.verdict));
    expect(b.rows).toEqual(a.rows);
  });

  it('reads a GB18030-encoded file with Chinese headers as the UTF-8 English one', async () => {
    const english = syntheticExport(0.08);
    const bytes = iconv.encode(withHeader(english, chineseLabel), 'gb18030');
    expect(Buffer.from(bytes).includes(Buffer.from('性别', 'utf8'))).toBe(false);

    const a = await validate(english);
    const b = await validate(bytes);
    expect(b.verdict.summary.encoding).toBe('gb18030');
    expect(a.verdict.summary.encoding).toBe('utf-8');
    expect(content(b.verdict)).toEqual(content(a.verdict));
    expect(b.rows).toEqual(a.rows);
  });

  it('a column given both by its English name and its Chinese label is a duplicate, as two English spellings are', async () => {
    const english = syntheticExport(0);
    const [header, ...rest] = english.split('\n');
    const doubled = [`${header},性别`, ...rest.map((line) => (line === '' ? line : `${line},male`))].join(
      '\n',
    );
    const { verdict } = await validate(doubled);
    expect(verdict.status).toBe('red');
    expect(verdict.problems.filter((p) => p.rule === 'duplicate-column')).toEqual([
      expect.objectContaining({ row: 1, column: 'sex', value: '性别', severity: 'error' }),
    ]);
  });

  it('a Chinese header that is not in the dictionary is an unknown column, reported as written', async () => {
    const english = syntheticExport(0);
    const [header, ...rest] = english.split('\n');
    const extra = [`${header},备注`, ...rest.map((line) => (line === '' ? line : `${line},x`))].join('\n');
    const { verdict } = await validate(extra);
    expect(verdict.accepted).toBe(true);
    expect(verdict.problems.filter((p) => p.rule === 'unknown-column')).toEqual([
      expect.objectContaining({ row: 1, column: '备注', severity: 'warning' }),
    ]);
  });
});
