/**
 * Cell rules, one table per column kind: a valid cell passes and each kind of bad cell is reported with its rule
 * id (type, range, allowed-values, pattern, required) at its row and column. A property test checks that the
 * compiled fast validators agree with the dictionary's reference check (parseCell + the column's zod schema).
 */
import fc from 'fast-check';
import { columns, type ColumnKind } from '../../../shared/dictionary/index.js';
import {
  checkCellWithSchema,
  compileCellValidator,
  type CellOutcome,
} from '../../../shared/validation/index.js';
import { completedRun, toCsv, type RawRow } from './valid-row.js';
import { validateText } from './validate-text.js';

interface CellCase {
  kind: ColumnKind;
  column: keyof RawRow;
  good: string[];
  bad: [raw: string, rule: string][];
}

// Every good value keeps the completed run valid (e.g. the date-times are the same instants, other spellings).
const cellCases: CellCase[] = [
  {
    kind: 'string',
    column: 'run_id',
    good: ['R-1.a', 'x_2'],
    bad: [
      ['R 1', 'pattern'],
      ['-R1', 'pattern'],
    ],
  },
  {
    kind: 'string',
    column: 'center_id',
    good: ['C001'],
    bad: [
      ['c001', 'pattern'],
      ['', 'required'],
    ],
  },
  {
    kind: 'integer',
    column: 'pre_vasopressor_count',
    good: ['2', ' 2 ', '2.0'],
    bad: [
      ['2.5', 'type'],
      ['11', 'range'],
      ['two', 'type'],
    ],
  },
  {
    kind: 'number',
    column: 'pre_ph',
    good: ['7.18', '7,18', 'NA', ''],
    bad: [
      ['7.1.8', 'type'],
      ['6.2', 'range'],
      ['1e999', 'range'],
    ],
  },
  {
    kind: 'boolean',
    column: 'hx_diabetes',
    good: ['no', 'N', 'false', '0', '否', 'No '],
    bad: [
      ['maybe', 'type'],
      ['2', 'type'],
    ],
  },
  {
    kind: 'boolean',
    column: 'pregnant',
    good: ['no'],
    bad: [
      ['', 'required'],
      ['n/a', 'required'],
    ],
  },
  {
    kind: 'enum',
    column: 'sex',
    good: ['male', 'M', 'Male', '男'],
    bad: [
      ['x', 'allowed-values'],
      ['', 'required'],
    ],
  },
  {
    kind: 'enum',
    column: 'diagnosis',
    good: ['ami', 'AMI', 'acute myocardial infarction'],
    bad: [['heart attack', 'allowed-values']],
  },
  {
    kind: 'datetime',
    column: 'admission_at',
    good: ['2023-07-01 08:15', '2023/7/1 8:15', '2023-07-01T08:15:00'],
    bad: [
      ['01/07/2023 08:15', 'type'],
      ['2023-02-30 08:15', 'type'],
      ['2023-07-01T08:15Z', 'type'],
      ['1999-12-31 08:15', 'range'],
      ['', 'required'],
    ],
  },
];

describe('cell rules', () => {
  it('covers every column kind of the dictionary', () => {
    const kinds = new Set(columns.map((c) => c.kind));
    expect(new Set(cellCases.map((c) => c.kind))).toEqual(kinds);
  });

  describe.each(cellCases.map((c) => [`${c.kind} ${String(c.column)}`, c] as const))(
    '%s',
    (_name, testCase) => {
      it.each(testCase.good)('accepts %j', async (raw) => {
        const verdict = await validateText(toCsv([completedRun({ [testCase.column]: raw })]));
        expect(verdict.problems.filter((p) => p.column === testCase.column)).toEqual([]);
        expect(verdict.accepted).toBe(true);
      });

      it.each(testCase.bad)('rejects %j with rule %s at its row and column', async (raw, rule) => {
        const verdict = await validateText(
          toCsv([completedRun({ run_id: 'A' }), completedRun({ [testCase.column]: raw })]),
        );
        expect(verdict.status).toBe('red');
        const problem = verdict.problems.find((p) => p.scope === 'cell');
        expect(problem).toMatchObject({ row: 3, column: testCase.column, rule, severity: 'error' });
        expect(problem!.message).toContain(String(testCase.column));
      });
    },
  );

  it('echoes at most 80 characters of a bad value', async () => {
    const long = `R ${'x'.repeat(200)}`;
    const verdict = await validateText(toCsv([completedRun({ run_id: long })]));
    expect(verdict.problems[0]!.value).toHaveLength(80);
    expect(long.startsWith(verdict.problems[0]!.value!.slice(0, 79))).toBe(true);
  });
});

describe('compiled cell validators', () => {
  const rawCell = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.double({ noNaN: false }).map(String),
    fc.integer({ min: -100, max: 3000 }).map(String),
    fc.constantFrom(
      'yes',
      'no',
      'Y',
      '是',
      'NA',
      '',
      ' ',
      'male',
      'F',
      'VA',
      'ami',
      'C001',
      '7,25',
      '1e3',
      '-0',
      '007',
    ),
    fc.constantFrom(
      '2023-02-29 10:00',
      '2024-02-29 10:00',
      '2023-13-01 10:00',
      '2023-01-01 24:00',
      '2023-01-01 23:60',
    ),
    fc.constantFrom(
      '2100-01-01 00:00',
      '2100-01-01 00:01',
      '1999-12-31 23:59',
      '2000-01-01 00:00',
      '2023-1-01 10:00',
    ),
    fc
      .tuple(fc.nat(9999), fc.nat(13), fc.nat(32), fc.nat(25), fc.nat(61))
      .map(
        ([y, mo, d, h, mi]) =>
          `${String(y).padStart(4, '0')}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')} ${String(h).padStart(2, '0')}:${String(mi).padStart(2, '0')}`,
      ),
    fc.tuple(fc.integer({ min: -1000, max: 1000 }), fc.nat(999)).map(([a, b]) => `${a}.${b}`),
    fc
      .date({ min: new Date(Date.UTC(1990, 0, 1)), max: new Date(Date.UTC(2110, 0, 1)), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 16).replace('T', ' ')),
  );

  it.each(columns.map((c) => [c.name, c] as const))(
    '%s agrees with parseCell + the zod schema on any cell',
    (_name, column) => {
      const validate = compileCellValidator(column);
      const out: CellOutcome = { value: undefined, failure: undefined };
      fc.assert(
        fc.property(rawCell, (raw) => {
          const reference = checkCellWithSchema(column, raw);
          const ok = validate(raw, out);
          expect(ok).toBe(reference.ok);
          if (reference.ok) expect(out.value).toEqual(reference.value);
          else expect(out.failure).toEqual(reference.failure);
        }),
        { numRuns: 400 },
      );
    },
  );
});
