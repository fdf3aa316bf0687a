import { parse } from 'csv-parse/sync';
import { columnNames, columns, parseCell, type RunRow } from '../../../shared/dictionary/index.js';
import { csvHeader, generateRegistry, toCsv, toCsvLine } from '../../../shared/synthetic/index.js';

describe('csv writer', () => {
  const [center] = generateRegistry({ centerIds: ['C001', 'C002'] });

  it('writes the dictionary columns in order, one line per row', () => {
    const csv = toCsv(center!.rows);
    const lines = csv.split('\n');
    expect(lines[0]).toBe(columnNames.join(','));
    expect(csvHeader()).toBe(lines[0]);
    expect(lines).toHaveLength(center!.rows.length + 2); // header, rows, trailing newline
    expect(lines[lines.length - 1]).toBe('');
  });

  it('round-trips every typed value through the dictionary cell parsers', () => {
    const records = parse(toCsv(center!.rows), { columns: true }) as Record<string, string>[];
    records.forEach((record, i) => {
      const back: Record<string, unknown> = {};
      for (const column of columns) {
        const result = parseCell(column.kind, record[column.name]!, column.values);
        if (!result.ok) throw new Error(`${column.name}: ${result.reason}`);
        if (result.value !== undefined) back[column.name] = result.value;
      }
      const original = Object.fromEntries(
        Object.entries(center!.rows[i]!).filter(([, v]) => v !== undefined),
      );
      expect(back).toEqual(original);
    });
  });

  it('quotes cells holding commas or quotes, and writes raw overrides as given', () => {
    const row = { ...center!.rows[0]!, run_id: 'a,"b"' } as RunRow;
    const line = toCsvLine(row, { pre_lactate_mmol_l: '8,5' });
    const [cells] = parse(line) as string[][];
    expect(cells![columnNames.indexOf('run_id')]).toBe('a,"b"');
    expect(cells![columnNames.indexOf('pre_lactate_mmol_l')]).toBe('8,5');
    expect(line).toContain('"a,""b"""');
  });
});
