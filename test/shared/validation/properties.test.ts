/**
 * Property tests (fast-check): (a) arbitrary bytes and arbitrary CSV never crash the validator, it always
 * returns a verdict that parses with VerdictSchema; (b) a valid file with one injected error is red, and the
 * error is listed at the right row and column.
 */
import fc from 'fast-check';
import { VerdictSchema } from '../../../shared/validation/index.js';
import { header, toCsv, validRows, type RawRow } from './valid-row.js';
import { validateText } from './validate-text.js';

describe('the validator never crashes', () => {
  it('returns a schema-valid verdict for arbitrary bytes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 400 }),
        fc.integer({ min: 1, max: 64 }),
        async (bytes, chunkSize) => {
          const verdict = await validateText(bytes, { chunkSize });
          expect(VerdictSchema.safeParse(verdict).success).toBe(true);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('returns a schema-valid verdict for arbitrary CSV-like text', async () => {
    const cell = fc.oneof(
      fc.string({ maxLength: 8 }),
      fc.constantFrom('"', '""', '\n', '\r\n', ',', ';', '\t', '是', 'NA', '2023/7/5 14:30'),
      fc.constantFrom(...header),
    );
    const text = fc
      .array(fc.array(cell, { maxLength: 8 }), { maxLength: 8 })
      .chain((lines) =>
        fc
          .constantFrom(',', ';', '\t')
          .map((d) => lines.map((l) => l.join(d)).join(Math.random() < 0.5 ? '\n' : '\r\n')),
      );
    await fc.assert(
      fc.asyncProperty(text, async (csv) => {
        const verdict = await validateText(csv);
        expect(VerdictSchema.safeParse(verdict).success).toBe(true);
        if (verdict.accepted) expect(verdict.summary.errors).toBe(0);
      }),
      { numRuns: 150 },
    );
  });
});

/** Bad values per column, each breaking only its own cell rule. */
const injections: [keyof RawRow, string, string][] = [
  ['run_id', 'has space', 'pattern'],
  ['sex', 'unknown', 'allowed-values'],
  ['pregnant', 'perhaps', 'type'],
  ['pre_ph', '12', 'range'],
  ['pre_vasopressor_count', '1.5', 'type'],
  ['hx_ckd', 'sometimes', 'type'],
  ['ecmo_mode', 'ECPR', 'allowed-values'],
  ['admission_at', '5 July 2023', 'type'],
  ['icu_days', '-3', 'range'],
  ['pregnant', '', 'required'],
];

describe('one injected error', () => {
  it('makes a valid file red and is listed at its row and column', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 25 }).chain((n) => fc.tuple(fc.constant(n), fc.nat({ max: n - 1 }))),
        fc.constantFrom(...injections),
        fc.constantFrom(',', ';', '\t'),
        fc.constantFrom('\n', '\r\n'),
        async ([n, target], [column, value, rule], delimiter, eol) => {
          const rows = validRows(n);
          rows[target] = { ...rows[target]!, [column]: value };
          const verdict = await validateText(toCsv(rows, { delimiter, eol }));
          expect(verdict.status).toBe('red');
          expect(verdict.accepted).toBe(false);
          expect(verdict.problems).toHaveLength(1);
          expect(verdict.problems[0]).toMatchObject({ row: target + 2, column, rule, severity: 'error' });
        },
      ),
      { numRuns: 80 },
    );
  });
});
