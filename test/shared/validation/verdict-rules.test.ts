/**
 * Verdict rules a data manager needs to fix a file alone: a missing column that an analysis needs, cells that
 * spell "not recorded" in an undocumented way, and file-level problems listed before row and cell problems.
 */
import { validateAndCollect, VerdictSchema } from '../../../shared/validation/index.js';
import { Readable } from 'node:stream';
import { completedRun, header, inProgressRun, toCsv, validRows } from './valid-row.js';
import { rulesOf, validateText } from './validate-text.js';
import type { ColumnName } from '../../../shared/dictionary/index.js';

const without = (...names: ColumnName[]) => header.filter((h) => !names.includes(h));

describe('missing-analysis-column', () => {
  it('is not raised when every column is present (the file stays green)', async () => {
    const verdict = await validateText(toCsv(validRows(4)));
    expect(verdict.status).toBe('green');
    expect(verdict.summary.ruleCounts['missing-analysis-column']).toBeUndefined();
  });

  it('makes a file without pre_ph yellow, naming the pH subgroup and saying how to fix it', async () => {
    const verdict = await validateText(toCsv(validRows(4), { columns: without('pre_ph') }));
    expect(verdict.status).toBe('yellow');
    expect(verdict.accepted).toBe(true);
    expect(verdict.problems).toHaveLength(1);
    const [problem] = verdict.problems;
    expect(problem).toMatchObject({
      scope: 'file',
      row: 1,
      column: 'pre_ph',
      rule: 'missing-analysis-column',
      severity: 'warning',
      params: { column: 'pre_ph', analyses: 'table-1,ph-subgroup,imputation', effect: 'impute' },
    });
    expect(problem!.message).toContain('the pH subgroup (Fig. 4)');
    expect(problem!.message).toContain('imputed');
    expect(problem!.message).toContain('Add a pre_ph column, named as in the CSV template');
    expect(() => VerdictSchema.parse(verdict)).not.toThrow();
  });

  it('says a missing key variable takes every run out of the study cohort and the adjusted models', async () => {
    const verdict = await validateText(toCsv(validRows(2), { columns: without('hx_smoking') }));
    expect(verdict.status).toBe('yellow');
    const problem = verdict.problems.find((p) => p.rule === 'missing-analysis-column');
    expect(problem?.column).toBe('hx_smoking');
    expect(problem!.message).toMatch(/the study cohort.*the adjusted odds ratios \(Fig\. 2\)/);
    expect(problem!.message).toContain('every run in this file is left out of them');
  });

  it('lists one warning per missing column, in dictionary order', async () => {
    const verdict = await validateText(
      toCsv(validRows(2), { columns: without('comp_crrt', 'pre_ph', 'ecmo_hours') }),
    );
    expect(verdict.problems.map((p) => p.column)).toEqual(['pre_ph', 'ecmo_hours', 'comp_crrt']);
    expect(verdict.problems.find((p) => p.column === 'ecmo_hours')!.message).toContain(
      'complication rates per run and per 1,000 ECMO hours',
    );
  });

  it('accepts a stand-in: age from the birth year, BMI from height and weight', async () => {
    const verdict = await validateText(toCsv(validRows(4), { columns: without('age_years', 'bmi') }));
    expect(verdict.summary.ruleCounts['missing-analysis-column']).toBeUndefined();
    expect(verdict.status).toBe('green');
  });

  it('warns for both halves of a pair when neither is in the file', async () => {
    const verdict = await validateText(
      toCsv([completedRun(), inProgressRun({ bmi: '22.7' })], { columns: without('bmi', 'height_cm') }),
    );
    const missing = verdict.problems.filter((p) => p.rule === 'missing-analysis-column').map((p) => p.column);
    expect(missing).toEqual(['height_cm', 'bmi']);
  });

  it('does not warn for a column no analysis reads (death_at)', async () => {
    const verdict = await validateText(toCsv(validRows(4), { columns: without('death_at') }));
    expect(verdict.status).toBe('green');
    expect(verdict.problems).toEqual([]);
  });

  it('leaves a missing required column to the existing error (red), without a second warning', async () => {
    const verdict = await validateText(toCsv(validRows(2), { columns: without('sex') }));
    expect(verdict.status).toBe('red');
    expect(rulesOf(verdict)).toContain('missing-required-columns');
    expect(verdict.problems.some((p) => p.rule === 'missing-analysis-column')).toBe(false);
  });
});

describe('unknown-value-token', () => {
  it('reads n/a, null, "-" and "." as blank but warns once per column with the count', async () => {
    const rows = [
      completedRun({ run_id: 'A', pre_ph: 'n/a', pre_paco2_mmhg: '.' }),
      completedRun({ run_id: 'B', pre_ph: '-' }),
      completedRun({ run_id: 'C', pre_ph: 'N/A' }),
      completedRun({ run_id: 'D', pre_ph: 'NULL' }),
    ];
    const { verdict, rows: accepted } = await validateAndCollect(Readable.from([Buffer.from(toCsv(rows))]));
    expect(verdict.status).toBe('yellow');
    expect(accepted!.map((r) => r.pre_ph)).toEqual([undefined, undefined, undefined, undefined]);
    expect(verdict.problems).toEqual([
      expect.objectContaining({
        scope: 'file',
        row: 2,
        column: 'pre_ph',
        rule: 'unknown-value-token',
        severity: 'warning',
        params: { column: 'pre_ph', tokens: '"n/a", "-", "N/A", "NULL"', count: 4, line: 2 },
      }),
      expect.objectContaining({ column: 'pre_paco2_mmhg', params: expect.objectContaining({ count: 1 }) }),
    ]);
    expect(verdict.problems[0]!.message).toBe(
      'pre_ph has 4 cells written as "n/a", "-", "N/A", "NULL" (first on line 2); they are read as blank (not recorded). Leave such cells empty or write NA, as the data dictionary says.',
    );
  });

  it('does not warn for the documented blanks: an empty cell or NA', async () => {
    const rows = [completedRun({ run_id: 'A', pre_ph: 'NA' }), completedRun({ run_id: 'B', pre_ph: '' })];
    const verdict = await validateText(toCsv(rows), { completenessThreshold: 0.5 });
    expect(verdict.problems).toEqual([]);
    expect(verdict.status).toBe('green');
  });

  it('does not flood: 3,000 such cells in two columns are two problems', async () => {
    const rows = Array.from({ length: 1500 }, (_, i) =>
      completedRun({ run_id: `R${i}`, pre_sbp_mmhg: '-', pre_dbp_mmhg: '-', pre_map_mmhg: '' }),
    );
    const verdict = await validateText(toCsv(rows), { completenessThreshold: 0 });
    expect(verdict.summary.ruleCounts).toEqual({ 'unknown-value-token': 2 });
    expect(verdict.problems.map((p) => [p.column, p.params?.count])).toEqual([
      ['pre_sbp_mmhg', 1500],
      ['pre_dbp_mmhg', 1500],
    ]);
  });

  it('is still an error when the token stands in a required column', async () => {
    const verdict = await validateText(toCsv([completedRun({ sex: 'n/a' })]));
    expect(verdict.status).toBe('red');
    expect(rulesOf(verdict)).toEqual(['required']);
  });
});

describe('problem order', () => {
  it('lists file-level problems (a missing column, too many rows) before row and cell problems', async () => {
    const rows = [
      completedRun({ run_id: 'A', sex: 'x' }),
      completedRun({ run_id: 'B', pre_dbp_mmhg: '90', pre_sbp_mmhg: '80' }),
      completedRun({ run_id: 'C' }),
    ];
    const verdict = await validateText(toCsv(rows, { columns: without('pre_ph') }), {
      limits: { maxRows: 2 },
    });
    expect(rulesOf(verdict)).toEqual([
      'missing-analysis-column',
      'too-many-rows',
      'allowed-values',
      'blood-pressure-order',
    ]);
  });

  it('keeps file-level problems when row problems alone fill the list', async () => {
    const rows = Array.from({ length: 10 }, (_, i) => completedRun({ run_id: `R${i}`, sex: 'x' }));
    const verdict = await validateText(toCsv([...rows, completedRun({ run_id: 'Z' })]), {
      limits: { maxRows: 10, maxProblems: 3 },
    });
    expect(verdict.problemsTruncated).toBe(true);
    expect(verdict.summary.ruleCounts).toEqual({ 'allowed-values': 10, 'too-many-rows': 1 });
    expect(rulesOf(verdict)).toEqual(['too-many-rows', 'allowed-values', 'allowed-values']);
  });
});
