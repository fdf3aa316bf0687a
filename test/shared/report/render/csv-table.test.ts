import { neutraliseCsvCell, toCsvTable } from '../../../../shared/report/render/csv-table.js';

describe('neutraliseCsvCell', () => {
  it.each([
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-0.24', "'-0.24"],
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
