import {
  decodeRun,
  encodedColumns,
  encodeRun,
  parseRunCells,
  runIdOfLine,
  CuratedDataSetFormatError,
} from '../../../shared/ingest/index.js';
import type { RunRow } from '../../../shared/dictionary/index.js';
import { syntheticRuns } from './support/synthetic-runs.js';

describe('encodeRun / decodeRun', () => {
  it('round-trips runs exactly, blanks and yes/no included', () => {
    for (const row of syntheticRuns('C001', 200, 11)) {
      const defined = Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined));
      expect(decodeRun(encodeRun(row))).toEqual(defined);
    }
  });

  it('is canonical: the same run gives the same line whatever its key order', () => {
    const [row] = syntheticRuns('C001', 1, 2);
    const reversed = Object.fromEntries(Object.entries(row!).reverse()) as RunRow;
    expect(encodeRun(reversed)).toBe(encodeRun(row!));
  });

  it('writes exactly JSON.stringify of the cell array, escapes, non-ASCII and odd numbers included', () => {
    const rows = syntheticRuns('C001', 50, 12);
    const odd = { ...rows[0]!, run_id: 'a "q", \\ été ☃\n', ecmo_hours: 0.1 + 0.2, bmi: -0 } as RunRow;
    for (const row of [...rows, odd]) {
      const record = row as unknown as Record<string, string | number | boolean | undefined>;
      const cells = encodedColumns.map((name) => {
        const value = record[name];
        return value === undefined ? null : typeof value === 'boolean' ? (value ? 1 : 0) : value;
      });
      expect(encodeRun(row)).toBe(JSON.stringify(cells));
    }
  });

  it('names a line that does not fit the layout', () => {
    expect(() => decodeRun('[1,2]')).toThrow(CuratedDataSetFormatError);
    expect(() => decodeRun('not json')).toThrow(/not JSON/);
  });
});

describe('parseRunCells', () => {
  it("gives a line's cells in layout order, and names a line of the wrong length or not JSON", () => {
    const [row] = syntheticRuns('C001', 1, 3);
    const cells = parseRunCells(encodeRun(row!));
    expect(cells).toHaveLength(encodedColumns.length);
    expect(cells[encodedColumns.indexOf('run_id')]).toBe(row!.run_id);
    expect(parseRunCells('[1,null,"x"]', ['a', 'b', 'c'])).toEqual([1, null, 'x']);
    expect(() => parseRunCells('[1,2]')).toThrow(/has 2 cells; its layout has/);
    expect(() => parseRunCells('{"a":1}')).toThrow(/has no cells/);
    expect(() => parseRunCells('not json')).toThrow(CuratedDataSetFormatError);
  });
});

describe('runIdOfLine', () => {
  const runIdIndex = encodedColumns.indexOf('run_id');

  it('reads the run id as JSON.parse would, escapes and non-ASCII included', () => {
    const ids = ['R00001', 'a "quoted", id', 'back\\slash\\', 'été ☃', '', 'x]y,z'];
    const [row] = syntheticRuns('C001', 1, 3);
    for (const run_id of ids) {
      for (const center_id of ['C001', 'C,"0\\01']) {
        const line = encodeRun({ ...row!, run_id, center_id } as RunRow);
        expect(runIdOfLine(line, runIdIndex)).toBe(run_id);
        expect(runIdOfLine(line, runIdIndex)).toBe((JSON.parse(line) as unknown[])[runIdIndex]);
      }
    }
  });

  it('falls back to a full parse for cells that are not strings', () => {
    expect(runIdOfLine('[1,null,3]', 1)).toBe('null');
    expect(runIdOfLine('[1,2.5,3]', 1)).toBe('2.5');
    expect(runIdOfLine('["a","b"]', 1)).toBe('b');
  });
});
