import { buildCohort, readVariable, yearsBetween, type RegistryRun } from '../../../shared/cohort/index.js';
import {
  buildRegistryReport,
  defaultReportSpec,
  RegistryReportSchema,
  type RegistryReport,
} from '../../../shared/report/index.js';
import { centerCompleteness } from '../../../shared/report/analyses/data-quality.js';
import { generateRegistry } from '../../../shared/synthetic/index.js';

// A small registry (the synthetic generator at a fifth of its volume), with recognisable run ids and values.
const SLOW = 120_000;
let runs: RegistryRun[];

beforeAll(() => {
  const centers = generateRegistry({
    centerIds: ['C001', 'C002', 'C003', 'C004', 'C005', 'C006', 'C007', 'C008'],
  });
  runs = centers
    .flatMap((c) => c.rows)
    .map((row, i) => ({ ...row, run_id: `SECRETRUN${String(i).padStart(5, '0')}` }));
  // Extreme, recognisable values: never a median or quartile, so they must not appear anywhere.
  runs[0] = { ...runs[0]!, pre_lactate_mmol_l: 49.8765, ecmo_hours: 8123.4567 };
}, SLOW);

const options = {
  spec: defaultReportSpec,
  quarter: '2023-Q3',
  cutoff: '2023-09-30T23:59:59.000Z',
  uploads: [
    { uploadId: 'u-2', centerId: 'C001', receivedAt: '2023-08-01T10:00:00.000Z', verdict: 'yellow' as const },
    { uploadId: 'u-1', centerId: 'C001', receivedAt: '2023-07-01T10:00:00.000Z', verdict: 'green' as const },
  ],
  softwareVersion: '0.1.0-test',
  status: 'provisional' as const,
};

describe('buildRegistryReport', () => {
  let first: RegistryReport;
  let second: RegistryReport;

  beforeAll(async () => {
    first = await buildRegistryReport(runs, { ...options, generatedAt: '2023-10-01T00:00:00.000Z' });
    second = await buildRegistryReport([...runs].reverse(), {
      ...options,
      generatedAt: '2023-10-02T12:00:00.000Z',
    });
  }, SLOW);

  it('is a valid report.json model with every section and its provenance', () => {
    expect(() => RegistryReportSchema.parse(first)).not.toThrow();
    expect(first.provenance).toMatchObject({
      quarter: '2023-Q3',
      status: 'provisional',
      softwareVersion: '0.1.0-test',
      specId: 'iabp_after_ecmo',
      uploads: [{ uploadId: 'u-1' }, { uploadId: 'u-2' }],
    });
    expect(first.dataQuality).toEqual([
      {
        centerId: 'C001',
        lastUploadAt: '2023-08-01T10:00:00.000Z',
        verdict: 'yellow',
        uploads: 2,
        completeness: centerCompleteness(runs.filter((r) => r.center_id === 'C001')),
      },
    ]);
    expect(first.dataQuality[0]!.completeness!.fields.length).toBeGreaterThan(10);
    const n = first.flowchart.at(-1)!.remaining.value!;
    expect(first.groups.comparator.n.value! + first.groups.exposure.n.value!).toBe(n);
    expect(first.adjustedOddsRatios).toHaveLength(9);
    expect(first.subgroups).toHaveLength(12);
    expect(first.matching.estimable).toBe(true);
    expect(first.tableOne.length).toBeGreaterThan(20);
  });

  it("writes key findings from the primary aOR, and Methods from the spec and the report's own flowchart", () => {
    const primary = first.adjustedOddsRatios[0]!.main;
    if (!primary.estimable) throw new Error('the synthetic registry gives the primary aOR');
    const [aor, previous, paper] = first.keyFindings;
    expect(aor).toContain(
      `(95% CI ${primary.ciLower.toFixed(2)}–${primary.ciUpper.toFixed(2)}): ${primary.oddsRatio < 1 ? 'lower' : 'higher'} odds of in-hospital mortality`,
    );
    // The build is given no earlier quarter's report here.
    expect(previous).toBe('No previous quarter’s report is available to compare with.');
    expect(paper).toContain(
      'The source study (Wang K et al., Critical Care 2024) reported 0.82 (95% CI 0.69–0.99)',
    );

    const cohort = first.methods.find((p) => p.id === 'cohort')!.text;
    for (const step of first.flowchart) expect(cohort).toContain(step.label);
    expect(cohort).toContain('up to the data cut-off (2023-09-30)');
    expect(first.methods.find((p) => p.id === 'software')!.text).toContain('version 0.1.0-test');
  });

  it(
    "compares the key findings with the previous quarter's estimate when the build is given it",
    async () => {
      const report = await buildRegistryReport(runs, {
        ...options,
        generatedAt: '2023-10-01T00:00:00.000Z',
        previousQuarter: {
          quarter: '2023-Q2',
          estimate: { estimable: false, reason: 'not estimable: no exposed runs here' },
        },
      });
      expect(report.keyFindings[1]).toBe(
        'In the previous quarter’s report (2023-Q2) it could not be estimated.',
      );
    },
    SLOW,
  );

  it('gives byte-identical JSON for the same runs, spec and seed (in any input order), apart from generatedAt', () => {
    const strip = (r: typeof first) =>
      JSON.stringify({ ...r, provenance: { ...r.provenance, generatedAt: '' } });
    expect(first.provenance.generatedAt).not.toBe(second.provenance.generatedAt);
    expect(strip(second)).toBe(strip(first));
  });

  it('contains no run id and no row-level value', () => {
    const json = JSON.stringify(first);
    expect(json).not.toMatch(/SECRETRUN/);
    expect(json).not.toContain('49.8765');
    expect(json).not.toContain('8123.4567');
    expect(json).not.toMatch(/\.4567/); // not even inside a sum
    expect(json).not.toMatch(/"run_id"|"center_runs_per_year"|"ecmo_start_at"/);
  });

  it('never publishes a count from 1 to 10, nor a rate whose count is hidden', () => {
    const cells: number[] = [];
    const rates: unknown[] = [];
    JSON.stringify(first, (key, value: unknown) => {
      if (value && typeof value === 'object' && 'value' in value && Object.keys(value).length <= 2) {
        const v = (value as { value: unknown }).value;
        if (typeof v === 'number') cells.push(v);
      }
      if (value && typeof value === 'object' && 'events' in value && 'ratePercent' in value)
        rates.push(value);
      return value;
    });
    expect(cells.length).toBeGreaterThan(100);
    expect(cells.filter((v) => v > 0 && v < 11)).toEqual([]);
    for (const r of rates as { events: { value: number | null }; ratePercent: number | null }[]) {
      if (r.events.value === null) expect(r.ratePercent).toBeNull();
    }
  });

  it(
    'counts a large center from every adult VA-ECMO run it submitted, not from its cohort runs',
    async () => {
      const cutoff = Date.parse(options.cutoff);
      const counted = runs.filter(
        (r) =>
          r.ecmo_start_at !== undefined &&
          r.ecmo_start_at <= cutoff &&
          r.ecmo_mode === 'VA' &&
          (readVariable(r, 'age') as number | undefined)! >= 18,
      );
      let earliest = Infinity;
      for (const r of counted) earliest = Math.min(earliest, r.ecmo_start_at!);
      const years = yearsBetween(earliest, cutoff);
      const cohort = buildCohort(runs, { to: cutoff }).runs;
      const rate = (list: readonly RegistryRun[], center: string) =>
        list.filter((r) => r.center_id === center).length / years;
      // A cut between one center's cohort rate and its submitted rate: large by one definition, not the other.
      const center = 'C003';
      const cut = (rate(cohort, center) + rate(counted, center)) / 2;
      const spec = {
        ...defaultReportSpec,
        subgroups: [
          {
            id: 'large_center',
            label: 'Large center',
            levels: [
              {
                id: 'yes',
                label: 'Yes',
                when: { column: 'center_runs_per_year', op: 'gt' as const, value: cut },
              },
              {
                id: 'no',
                label: 'No',
                when: { column: 'center_runs_per_year', op: 'lte' as const, value: cut },
              },
            ],
          },
        ],
      };
      const report = await buildRegistryReport(runs, {
        ...options,
        spec,
        generatedAt: options.uploads[0]!.receivedAt,
      });
      const large = new Set(
        [...new Set(counted.map((r) => r.center_id!))].filter((id) => rate(counted, id) > cut),
      );
      expect(large.has(center)).toBe(true);
      const inLarge = cohort.filter((r) => large.has(r.center_id!)).length;
      const [yes, no] = report.subgroups[0]!.levels;
      expect(yes!.estimate).toMatchObject({ n: { value: inLarge } });
      expect(no!.estimate).toMatchObject({ n: { value: cohort.length - inLarge } });
    },
    SLOW,
  );
});
