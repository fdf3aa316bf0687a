/**
 * The verdict: green / yellow / red, all-or-nothing acceptance with rows streamed to `onRow`, row-level rules
 * (run id repeated, foreign center), the cut problem list with exact counts, completeness, and that every
 * verdict parses with VerdictSchema.
 */
import { Readable } from 'node:stream';
import {
  validateAndCollect,
  validateUpload,
  VerdictSchema,
  ValidationOptionsError,
} from '../../../shared/validation/index.js';
import type { RunRow } from '../../../shared/dictionary/index.js';
import { completedRun, inProgressRun, toCsv, validRows, header } from './valid-row.js';
import { validateText } from './validate-text.js';

const stream = (text: string) => Readable.from([Buffer.from(text)]);

describe('verdict status', () => {
  it('is green for a complete, valid file, and every verdict parses with VerdictSchema', async () => {
    const verdict = await validateText(toCsv(validRows(6)), { centerId: 'C001' });
    expect(verdict).toMatchObject({ status: 'green', accepted: true, rows: 6, centerId: 'C001' });
    expect(verdict.summary).toMatchObject({
      rows: 6,
      acceptedRows: 6,
      errors: 0,
      warnings: 0,
      completeness: 1,
    });
    expect(() => VerdictSchema.parse(verdict)).not.toThrow();
  });

  it('is yellow when optional fields are incomplete, and green again with a lower threshold', async () => {
    const blankColumns = header.filter(
      (h) => h.startsWith('hx_') || h.startsWith('pre_p') || h.startsWith('lactate'),
    );
    const blanks = Object.fromEntries(blankColumns.map((h) => [h, '']));
    const rows = validRows(4).map((r, i) => (i < 2 ? { ...r, ...blanks } : r));
    const verdict = await validateText(toCsv(rows));
    expect(verdict.status).toBe('yellow');
    expect(verdict.accepted).toBe(true);
    expect(verdict.problems).toEqual([]);
    expect(verdict.summary.completeness).toBeLessThan(0.95);
    expect(verdict.summary.columns.find((c) => c.column === 'pre_ph')).toMatchObject({
      filled: 2,
      applicable: 4,
      completeness: 0.5,
    });
    expect((await validateText(toCsv(rows), { completenessThreshold: 0.5 })).status).toBe('green');
  });

  it('does not count blanks the rules expect (death time of a survivor, outcomes in progress) as missing', async () => {
    const verdict = await validateText(toCsv([completedRun(), inProgressRun()]));
    const byColumn = new Map(verdict.summary.columns.map((c) => [c.column, c]));
    expect(byColumn.get('death_at')).toMatchObject({ filled: 0, applicable: 0, completeness: 1 });
    expect(byColumn.get('discharge_at')).toMatchObject({ filled: 1, applicable: 1 });
    expect(byColumn.get('iabp_start_at')).toMatchObject({ filled: 1, applicable: 1 });
  });

  it('counts a column missing from the file as blank', async () => {
    const verdict = await validateText(
      toCsv(validRows(2), { columns: header.filter((h) => h !== 'pre_ph') }),
    );
    expect(verdict.summary.columns.find((c) => c.column === 'pre_ph')).toMatchObject({
      present: false,
      filled: 0,
      applicable: 2,
    });
  });

  it('is yellow with warnings only, and red with one error among many good rows', async () => {
    const warned = await validateText(toCsv([completedRun({ pre_lactate_mmol_l: '31' })]));
    expect(warned.status).toBe('yellow');
    const rows = validRows(50);
    rows[30] = { ...rows[30]!, pre_ph: '9' };
    const verdict = await validateText(toCsv(rows));
    expect(verdict).toMatchObject({ status: 'red', accepted: false });
    expect(verdict.summary).toMatchObject({ acceptedRows: 0, rowsWithErrors: 1, errors: 1 });
    expect(verdict.problems).toMatchObject([{ row: 32, column: 'pre_ph', value: '9', rule: 'range' }]);
  });

  it('lists every problem, not only the first', async () => {
    const rows = [completedRun({ sex: 'x', pre_ph: '9' }), inProgressRun({ iabp: 'maybe' })];
    const verdict = await validateText(toCsv(rows));
    expect(verdict.problems.map((p) => [p.row, p.column, p.rule])).toEqual([
      [2, 'sex', 'allowed-values'],
      [2, 'pre_ph', 'range'],
      [3, 'iabp', 'type'],
    ]);
  });
});

describe('row-level rules', () => {
  it('reports a run id repeated within the file, naming both rows', async () => {
    const rows = validRows(5);
    rows[3] = { ...rows[3]!, run_id: rows[0]!.run_id };
    const verdict = await validateText(toCsv(rows));
    expect(verdict.status).toBe('red');
    expect(verdict.problems).toMatchObject([
      { scope: 'file', row: 5, column: 'run_id', rule: 'duplicate-run-id' },
    ]);
    expect(verdict.problems[0]!.message).toMatch(/rows 2 and 5/);
  });

  it('rejects rows of another center than the uploading one', async () => {
    const rows = [completedRun(), inProgressRun({ center_id: 'C002' })];
    const verdict = await validateText(toCsv(rows), { centerId: 'C001' });
    expect(verdict.problems).toMatchObject([
      { row: 3, column: 'center_id', value: 'C002', rule: 'center-mismatch' },
    ]);
    const asC002 = await validateText(toCsv(rows), { centerId: 'C002' });
    expect(asC002.problems).toMatchObject([{ row: 2, rule: 'center-mismatch' }]);
  });

  it("without an uploading center, takes the first row's center and rejects rows of others", async () => {
    const verdict = await validateText(toCsv([completedRun(), inProgressRun({ center_id: 'C002' })]));
    expect(verdict.centerId).toBe('C001');
    expect(verdict.problems).toMatchObject([{ row: 3, rule: 'center-mismatch' }]);
  });

  it('rejects an upload as an unknown or inactive center', async () => {
    expect(
      (await validateText(toCsv([completedRun({ center_id: 'C999' })]), { centerId: 'C999' })).problems[0],
    ).toMatchObject({
      rule: 'unknown-center',
    });
    const inactive = await validateText(toCsv([completedRun({ center_id: 'C112' })]), { centerId: 'C112' });
    expect(inactive.problems.map((p) => p.rule)).toEqual(['inactive-center']);
  });
});

describe('problem list limit', () => {
  it('cuts the list at the limit but keeps exact counts per rule', async () => {
    const rows = validRows(30).map((r) => ({ ...r, sex: 'x', pre_ph: '9' }));
    const verdict = await validateText(toCsv(rows), { limits: { maxProblems: 10 } });
    expect(verdict.problems).toHaveLength(10);
    expect(verdict.problemsTruncated).toBe(true);
    expect(verdict.summary.ruleCounts).toEqual({ 'allowed-values': 30, range: 30 });
    expect(verdict.summary).toMatchObject({ errors: 60, rowsWithErrors: 30 });
  });

  it('cuts at 1,000 problems by default', async () => {
    const rows = validRows(1200).map((r) => ({ ...r, sex: 'x' }));
    const verdict = await validateText(toCsv(rows));
    expect(verdict.problems).toHaveLength(1000);
    expect(verdict.summary.ruleCounts['allowed-values']).toBe(1200);
  });
});

describe('accepted rows', () => {
  it('streams typed rows to onRow with their line, and collects them only when accepted', async () => {
    const seen: [RunRow, number][] = [];
    const verdict = await validateUpload(
      stream(toCsv([completedRun({ hx_diabetes: '是' }), inProgressRun()])),
      {
        onRow: (row, line) => {
          seen.push([row, line]);
        },
      },
    );
    expect(verdict.accepted).toBe(true);
    expect(seen.map(([, line]) => line)).toEqual([2, 3]);
    const [first] = seen[0]!;
    expect(first).toMatchObject({
      run_id: 'R0001',
      age_years: 58,
      hx_diabetes: true,
      sex: 'male',
      admission_at: Date.UTC(2023, 6, 1, 8, 15),
    });
    expect(first.death_at).toBeUndefined();

    const good = await validateAndCollect(stream(toCsv(validRows(3))));
    expect(good.rows).toHaveLength(3);
    const bad = await validateAndCollect(
      stream(toCsv([...validRows(3), completedRun({ run_id: 'Z', sex: '?' })])),
    );
    expect(bad.verdict.accepted).toBe(false);
    expect(bad.rows).toBeUndefined();
  });

  it('waits for an asynchronous onRow before reading on', async () => {
    const order: string[] = [];
    await validateUpload(stream(toCsv(validRows(3))), {
      onRow: async (row) => {
        order.push(`start ${row.run_id}`);
        await new Promise((resolve) => setImmediate(resolve));
        order.push(`end ${row.run_id}`);
      },
    });
    expect(order).toEqual(['start R1', 'end R1', 'start R2', 'end R2', 'start R3', 'end R3']);
  });

  it('rejects invalid options with a named error', async () => {
    await expect(validateUpload(stream('x'), { limits: { maxRows: 0 } })).rejects.toThrow(
      ValidationOptionsError,
    );
    await expect(validateUpload(stream('x'), { completenessThreshold: 2 })).rejects.toThrow(
      ValidationOptionsError,
    );
  });
});
