import { buildDesign } from '../../../shared/stats/logistic-design.js';
import {
  EmptyGroupError,
  InvalidArgumentError,
  LengthMismatchError,
  NonFiniteValueError,
} from '../../../shared/stats/errors.js';

// Three covariates: sex coded 1/2 and a 0/1 dummy (two-valued, become pattern bits) and a continuous age.
const rows = [
  [1, 0, 50],
  [2, 1, 61],
  [1, 1, 47],
  [2, 0, 70],
  [1, 0, 55],
  [2, 1, 58],
];
const y = [0, 1, 0, 1, 1, 0];

describe('buildDesign compresses the design', () => {
  test('two-valued covariates become patterns, the others stay per row, centred', () => {
    const design = buildDesign(rows, y, ['sex', 'dummy', 'age']);
    expect(design.names).toEqual(['(Intercept)', 'sex', 'dummy', 'age']);
    expect(Array.from(design.discrete)).toEqual([0, 1, 2]);
    expect(Array.from(design.continuous)).toEqual([3]);
    // Rows 0 and 4 share (sex 1, dummy 0); rows 1 and 5 share (2, 1): four patterns, in order of appearance.
    expect(design.patterns).toBe(4);
    expect(Array.from(design.pattern)).toEqual([0, 1, 2, 3, 0, 1]);
    const ageMean = (50 + 61 + 47 + 70 + 55 + 58) / 6;
    expect(design.means[3]).toBeCloseTo(ageMean, 12);
    expect(Array.from(design.cont)).toEqual(rows.map((r) => expect.closeTo(r[2]! - ageMean, 12)));
    // Each pattern's centred values reproduce its rows' centred covariates.
    const dd = design.discrete.length;
    rows.forEach((row, i) => {
      const g = design.pattern[i]!;
      expect(design.patternValues[g * dd]).toBe(1);
      expect(design.patternValues[g * dd + 1]).toBeCloseTo(row[0]! - design.means[1]!, 12);
      expect(design.patternValues[g * dd + 2]).toBeCloseTo(row[1]! - design.means[2]!, 12);
    });
    expect(design.secondValue[1]).toBe(2);
    expect(Number.isNaN(design.secondValue[3]!)).toBe(true);
  });

  test('rows, row-major data and columns with a subset give the same design', () => {
    const fromRows = buildDesign(rows, y, undefined);
    const fromData = buildDesign({ rows: 6, cols: 3, data: rows.flat() }, y, undefined);
    const columns = [0, 1, 2].map((j) => [99, ...rows.map((r) => r[j]!)]);
    const fromColumns = buildDesign({ columns, subset: [1, 2, 3, 4, 5, 6] }, y, undefined);
    expect(fromData).toEqual(fromRows);
    expect(fromColumns).toEqual(fromRows);
    expect(fromRows.names).toEqual(['(Intercept)', 'x1', 'x2', 'x3']);
  });

  test('rejects what cannot be a design, naming the row or column', () => {
    expect(() => buildDesign(rows, y.slice(1), undefined)).toThrow(LengthMismatchError);
    expect(() => buildDesign(rows, y, ['a', 'b'])).toThrow(LengthMismatchError);
    expect(() => buildDesign([], [], undefined)).toThrow(EmptyGroupError);
    expect(() => buildDesign(rows.slice(0, 4), y.slice(0, 4), undefined)).toThrow(EmptyGroupError);
    expect(() => buildDesign(rows, [0, 1, 0, 2, 1, 0], undefined)).toThrow(/y\[3\] is 2/);
    expect(() => buildDesign(rows, [0, 1, 0, 2, 1, 0], undefined)).toThrow(InvalidArgumentError);
    const withNaN = rows.map((r, i) => (i === 2 ? [r[0]!, r[1]!, Number.NaN] : r));
    expect(() => buildDesign(withNaN, y, ['sex', 'dummy', 'age'])).toThrow(NonFiniteValueError);
    expect(() => buildDesign(withNaN, y, ['sex', 'dummy', 'age'])).toThrow(/row 2, column age/);
    expect(() => buildDesign({ columns: [[1, 2, 3]], subset: [0, 3] }, [0, 1], undefined)).toThrow(
      InvalidArgumentError,
    );
  });
});
