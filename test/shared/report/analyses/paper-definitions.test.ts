/**
 * The source study's definitions as the default spec: one r × c test per categorical Table 1 variable (values
 * from R's chisq.test / fisher.test), the exposure bounded by ECMO end, the paper-window spec beside the rolling
 * one, and the competing-risks view published with the survival curves.
 */
import { buildCohort, type RegistryRun } from '../../../../shared/cohort/index.js';
import { competingRisks } from '../../../../shared/report/analyses/competing-risks.js';
import {
  buildTableOne,
  categoricalTest,
  type GroupedRow,
} from '../../../../shared/report/analyses/table-one.js';
import {
  defaultReportSpec,
  paperWindowReportSpec,
  reportSpecsById,
  ReportSpecSchema,
} from '../../../../shared/report/spec/index.js';

describe('Table 1: one test per categorical variable', () => {
  it('is Pearson chi-square over all levels, as R chisq.test(tab, correct = FALSE)', () => {
    // R: chisq.test(matrix(c(30, 12, 8, 20, 25, 4), 2, byrow = TRUE), correct = FALSE)
    const { test } = categoricalTest(
      [
        [30, 12, 8],
        [20, 25, 4],
      ],
      1,
    );
    expect(test!.method).toBe('chi_square');
    expect(test!.statistic).toBeCloseTo(7.89160507446222, 10);
    expect(test!.pValue).toBeCloseTo(0.0193356925281373, 12);
  });

  it("is Fisher's exact test when an expected count is below 5, as R fisher.test(tab)", () => {
    const { test } = categoricalTest(
      [
        [30, 12, 2],
        [20, 25, 1],
      ],
      1,
    );
    expect(test).toEqual({ method: 'fisher_exact', statistic: null, pValue: expect.any(Number) });
    expect(test!.pValue).toBeCloseTo(0.0169007332782036, 12);
  });

  it('puts the test on a row before the levels; per-level tests only when the spec asks', () => {
    const rows: GroupedRow[] = Array.from({ length: 120 }, (_, i) => ({
      group: i % 3 === 0 ? 'exposure' : 'comparator',
      pre_vasopressor_count: i % 4,
    }));
    const vasopressors = defaultReportSpec.baseline.find((v) => v.id === 'vasopressors')!;
    const [header, ...levels] = buildTableOne(rows, [vasopressors], 1);
    expect(header).toMatchObject({ id: 'vasopressors', kind: 'categorical', test: { method: 'chi_square' } });
    expect(levels.map((l) => l.test)).toEqual([null, null, null]);
    const perLevel = buildTableOne(rows, [vasopressors], 1, 'per-level');
    expect(perLevel).toHaveLength(3);
    expect(perLevel.every((l) => l.kind === 'level' && l.test !== null)).toBe(true);
  });
});

describe('the exposure: IABP after ECMO start and before ECMO end', () => {
  const hour = 3_600_000;
  const start = Date.UTC(2022, 4, 1);
  const run = (id: string, iabpAfterHours: number | undefined): RegistryRun => ({
    center_id: 'C001',
    run_id: id,
    ecmo_start_at: start,
    ecmo_end_at: start + 96 * hour,
    iabp: iabpAfterHours !== undefined,
    ...(iabpAfterHours === undefined ? {} : { iabp_start_at: start + iabpAfterHours * hour }),
  });

  it('counts an IABP started during ECMO, and not one started after decannulation', () => {
    const cohort = buildCohort([run('during', 12), run('after-end', 120), run('none', undefined)], {
      steps: [],
    });
    expect(cohort.runs.map((r) => [r.run_id, r.group])).toEqual([
      ['during', 'exposure'],
      ['none', 'comparator'],
    ]);
    expect(cohort.flow.at(-1)).toMatchObject({ excluded: 1, remaining: 2 });
  });
});

describe('the paper-window spec', () => {
  it('is the default spec pinned to January 2017 – July 2023', () => {
    expect(paperWindowReportSpec.cohort).toEqual({
      ...defaultReportSpec.cohort,
      from: '2017-01-01',
      to: '2023-07-31',
    });
    expect({ ...paperWindowReportSpec, id: '', title: '', cohort: null }).toEqual({
      ...defaultReportSpec,
      id: '',
      title: '',
      cohort: null,
    });
    expect(ReportSpecSchema.parse(paperWindowReportSpec)).toEqual(paperWindowReportSpec);
    expect(reportSpecsById['iabp_after_ecmo_paper_window']).toBe(paperWindowReportSpec);
    expect(reportSpecsById['iabp_after_ecmo']).toBe(defaultReportSpec);
  });
});

describe('competing risks', () => {
  it('gives the cumulative incidence of death and of live discharge by whole day, per group', () => {
    const day = 86_400_000;
    const rows: GroupedRow[] = [
      [1, true],
      [2, false],
      [3, true],
      [40, false],
    ].flatMap(([days, died]) =>
      (['comparator', 'exposure'] as const).map((group) => ({
        group,
        ecmo_start_at: 0,
        died_in_hospital: died as boolean,
        discharge_at: (days as number) * day,
        ...(died ? { death_at: (days as number) * day } : {}),
      })),
    );
    const result = competingRisks(rows, { horizonDays: 30 });
    if (!result.estimable) throw new Error(result.reason);
    const comparator = result.curves[0]!;
    expect(comparator.points).toHaveLength(31);
    // Deaths on days 1 and 3, a live discharge on day 2 and one run still in hospital at day 30.
    expect(comparator.points[1]).toMatchObject({ death: 0.25, discharged: 0 });
    expect(comparator.points[2]).toMatchObject({ death: 0.25, discharged: 0.25 });
    expect(comparator.points[30]).toMatchObject({ death: 0.5, discharged: 0.25 });
    expect(comparator.points[0]).toMatchObject({ death: 0, lower: null, upper: null });
  });
});
