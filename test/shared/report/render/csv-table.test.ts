import {
  CsvParseError,
  neutraliseCsvCell,
  parseCsv,
  toCsvTable,
  toDataCsv,
} from '../../../../shared/report/render/csv-table.js';

describe('neutraliseCsvCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-0.24', '-0.24'],
    ['-3', '-3'],
    ['-0.24+cmd', "'-0.24+cmd"],
    ['-1e3', "'-1e3"],
    ['-', "'-"],
    ['@cmd', "'@cmd"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['<11', '<11'],
    ['12.5', '12.5'],
    ['a=b', 'a=b'],
    ['', ''],
  ])('%j → %j', (input, output) => {
    expect(neutraliseCsvCell(input)).toBe(output);
  });
});

describe('toCsvTable', () => {
  it('neutralises, then quotes cells with commas, quotes and line breaks, with CRLF line ends', () => {
    expect(
      toCsvTable(
        ['Label', 'n'],
        [
          ['=1+1,"x"', '1,234'],
          ['a\nb', '<11'],
        ],
      ),
    ).toBe(`Label,n\r\n"'=1+1,""x""","1,234"\r\n"a\nb",<11\r\n`);
  });
});

describe('toDataCsv', () => {
  it('opens with a byte-order mark, writes numbers as numbers and neutralises only text', () => {
    expect(
      toDataCsv(
        ['label', 'smd', 'n', 'suppressed'],
        [
          ['-x, "y"', -0.03, null, true],
          ['χ² ≥ 1–2', 1e-12, 12, false],
          ['=1', Number.NaN, 0, null],
        ],
      ),
    ).toBe(
      `\uFEFFlabel,smd,n,suppressed\r\n"'-x, ""y""",-0.03,,true\r\nχ² ≥ 1–2,1e-12,12,false\r\n'=1,,0,\r\n`,
    );
  });
});

describe('parseCsv', () => {
  it('reads back what toDataCsv writes, without the byte-order mark', () => {
    const text = toDataCsv(
      ['a', 'b'],
      [
        ['x,"y"\nz', -1.5],
        ['', null],
      ],
    );
    expect(parseCsv(text)).toEqual([
      ['a', 'b'],
      ['x,"y"\nz', '-1.5'],
      ['', ''],
    ]);
  });

  it('reads LF line ends and a last line without one', () => {
    expect(parseCsv('a,b\n1,2')).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
  });

  it('names an unclosed quote', () => {
    expect(() => parseCsv('a,"b\r\n')).toThrow(CsvParseError);
    expect(() => parseCsv('a,"b\r\n')).toThrow('opened at character 2 is never closed');
  });
});
