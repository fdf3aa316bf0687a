/**
 * Calibration: the full registry report on the default synthetic registry lands near the
 * source study's published figures (STUDY.md). Slow: the whole registry is generated and reported once.
 */
import {
  buildRegistryReport,
  defaultReportSpec,
  type RegistryReport,
} from '../../../../shared/report/index.js';
import { generateRegistry } from '../../../../shared/synthetic/index.js';

const SLOW = 300_000;
let report: RegistryReport;

beforeAll(async () => {
  const runs = generateRegistry().flatMap((c) => c.rows);
  report = await buildRegistryReport(runs, {
    spec: defaultReportSpec,
    quarter: '2023-Q3',
    cutoff: '2023-09-30T23:59:59.000Z',
    uploads: [],
    generatedAt: '2023-10-01T00:00:00.000Z',
    softwareVersion: 'calibration',
    status: 'provisional',
  });
}, SLOW);

// Published aORs (STUDY.md); null where the paper reports "not significant" without a figure.
const published: Record<string, { or: number; significant: boolean } | null> = {
  in_hospital_death: { or: 0.823, significant: true },
  on_support_death: { or: 0.828, significant: true },
  mechanical: { or: 1.905, significant: true },
  bleeding: { or: 1.371, significant: true },
  renal: { or: 1.252, significant: true },
  pulmonary: { or: 1.768, significant: true },
  neurological: null,
  metabolic: null,
  limb: null,
};

describe('calibration against the published study', () => {
  it('keeps a cohort within 2% of 5,492 runs', () => {
    const n = report.flowchart.at(-1)!.remaining.value!;
    expect(Math.abs(n / 5492 - 1)).toBeLessThan(0.02);
  });

  it('has an IABP-after-ECMO group within 2% of 832', () => {
    const exposed = report.groups.exposure.n.value!;
    expect(Math.abs(exposed / 832 - 1)).toBeLessThan(0.02);
  });

  it('gives a main-model in-hospital mortality aOR (the paper covariates) whose 95% CI covers 0.823', () => {
    const aor = report.adjustedOddsRatios.find((o) => o.id === 'in_hospital_death')!.main as {
      ciLower: number;
      ciUpper: number;
    };
    expect(aor.ciLower).toBeLessThan(0.823);
    expect(aor.ciUpper).toBeGreaterThan(0.823);
  });

  it('puts every published aOR on the same side of 1, and the non-significant ones non-significant', () => {
    for (const row of report.adjustedOddsRatios) {
      const target = published[row.id];
      const est = row.main as { estimable: boolean; oddsRatio: number; ciLower: number; ciUpper: number };
      expect(est.estimable).toBe(true);
      if (target === null || target === undefined) {
        expect(est.ciLower < 1 && est.ciUpper > 1).toBe(true);
      } else {
        expect(Math.sign(Math.log(est.oddsRatio))).toBe(Math.sign(Math.log(target.or)));
      }
    }
  });
});
