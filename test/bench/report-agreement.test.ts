import {
  AGREEMENT_TOLERANCE,
  compareReportWithR,
  valuesAgree,
  type RReportValues,
} from '../../bench/report-agreement.js';
import type { RegistryReport } from '../../shared/report/index.js';

// A tiny report and the R output that matches it, in the shapes bench/report.bench.ts compares (no R needed:
// CI never runs R). Each test changes one side and checks the comparison notices.
const summary = (mean: number) => ({
  n: { value: 40 },
  mean,
  sd: 2,
  median: mean,
  q1: mean - 1,
  q3: mean + 1,
});
const rSummary = (mean: number) => ({ n: 40, mean, sd: 2, median: mean, q1: mean - 1, q3: mean + 1 });
const count = (value: number | null) => ({
  count: value === null ? { value, suppressed: true } : { value },
});
const oddsRatio = { oddsRatio: 0.8, ciLower: 0.6, ciUpper: 1.1, pValue: 0.2, method: 'glm' };
const survival = (statistic: number) => ({
  estimable: true,
  curves: (['comparator', 'exposure'] as const).map((group) => ({
    group,
    points: [
      { time: 0, survival: 1, lower: 1, upper: 1 },
      { time: 1, survival: 0.9, lower: 0.8, upper: null },
    ],
    atRisk: [{ time: 0, n: { value: 40 } }],
  })),
  logRank: { statistic, df: 1, pValue: 0.3 },
});
const rCurve = { survival: [1, 0.9], lower: [1, 0.8], upper: [1, null], atRisk: [40] };
const competing = {
  estimable: true,
  curves: (['comparator', 'exposure'] as const).map((group) => ({
    group,
    points: [
      { time: 0, death: 0, lower: null, upper: null, discharged: 0 },
      { time: 1, death: 0.1, lower: 0.05, upper: 0.2, discharged: 0.3 },
    ],
  })),
};
const rCompeting = { death: [0, 0.1], lower: [null, 0.05], upper: [null, 0.2], discharged: [0, 0.3] };

function tinyReport(): RegistryReport {
  const binaryRow = {
    comparator: count(12),
    exposure: count(null),
    test: null,
    smd: null,
  };
  const continuousRow = {
    comparator: summary(50),
    exposure: summary(52),
    test: { method: 'student_t', statistic: -2.5, pValue: 0.0125 },
    smd: 0.25,
  };
  const outcomeTable = {
    outcomes: [
      {
        id: 'death',
        comparator: count(20),
        exposure: count(15),
        test: { method: 'chi_square', statistic: 1.2, pValue: 0.27 },
        smd: -0.1,
      },
    ],
    durations: [
      { id: 'ecmo_hours', ...continuousRow, test: { method: 'mann_whitney', statistic: 700, pValue: 0.4 } },
    ],
  };
  return {
    flowchart: [
      { id: 'submitted', excluded: { value: 0 }, remaining: { value: 100 } },
      { id: 'pregnancy', excluded: { value: null, suppressed: true }, remaining: { value: 95 } },
    ],
    groups: { comparator: { n: { value: 55 } }, exposure: { n: { value: 40 } } },
    tableOne: [
      { id: 'age', kind: 'continuous', ...continuousRow },
      { id: 'male', kind: 'binary', ...binaryRow },
      { id: 'vaso', kind: 'categorical', test: { method: 'chi_square', statistic: 4.2, pValue: 0.12 } },
    ],
    tableTwo: outcomeTable,
    adjustedOddsRatios: [
      {
        id: 'death',
        main: { estimable: true, ...oddsRatio, method: 'firth', n: { value: 95 }, events: { value: 35 } },
        sensitivity: [
          {
            id: 'gases',
            completeCase: { estimable: true, ...oddsRatio, n: { value: 80 }, events: { value: 30 } },
            imputed: { estimable: false, reason: 'not estimable: the model did not converge' },
          },
        ],
      },
    ],
    subgroups: [
      {
        id: 'sex',
        levels: [
          {
            id: 'male',
            estimate: { estimable: true, ...oddsRatio, n: { value: 60 }, events: { value: 20 } },
          },
          {
            id: 'female',
            estimate: { estimable: true, ...oddsRatio, n: { value: 35 }, events: { value: 15 } },
          },
        ],
        interaction: { pValue: 0.5, method: 'lrt' },
      },
    ],
    matching: {
      estimable: true,
      pairs: { value: 2 },
      balance: [{ id: 'age', smdBefore: 0.3, smdAfter: 0.01 }],
      tableThree: outcomeTable,
    },
    survival: {
      horizonDays: 1,
      liveDischarge: 'alive-at-horizon',
      beforeMatching: survival(1.5),
      afterMatching: survival(0.7),
      competingRisks: {
        beforeMatching: competing,
        afterMatching: { estimable: false, reason: 'not estimable: no exposed run could be matched' },
      },
    },
  } as unknown as RegistryReport;
}

function tinyR(): RReportValues {
  const continuousRow = {
    comparator: rSummary(50),
    exposure: rSummary(52),
    test: { method: 'student_t', statistic: -2.5, pValue: 0.0125 },
    smd: 0.25,
  };
  const outcomeTable = {
    outcomes: {
      death: {
        comparator: 20,
        exposure: 15,
        smd: -0.1,
        test: { method: 'chi_square', statistic: 1.2, pValue: 0.27 },
      },
    },
    durations: {
      ecmo_hours: { ...continuousRow, test: { method: 'mann_whitney', statistic: 700, pValue: 0.4 } },
    },
  };
  const rOdds = (n: number, events: number) => ({ ...oddsRatio, n, events });
  return {
    flowchart: [
      { id: 'submitted', excluded: 0, remaining: 100 },
      { id: 'pregnancy', excluded: 5, remaining: 95 },
    ],
    groups: { comparator: 55, exposure: 40 },
    tableOne: {
      age: continuousRow,
      male: { comparator: 12, exposure: 3, smd: 0.4 },
      vaso: {
        comparator: 0,
        exposure: 0,
        smd: 0,
        test: { method: 'chi_square', statistic: 4.2, pValue: 0.12 },
      },
    },
    tableTwo: outcomeTable,
    adjustedOddsRatios: {
      death: {
        main: { ...rOdds(95, 35), method: 'firth' },
        sensitivity: { gases: { completeCase: rOdds(80, 30), imputed: rOdds(95, 35) } },
      },
    },
    subgroups: { sex: { levels: [rOdds(60, 20), rOdds(35, 15)], interactionP: 0.5 } },
    matching: {
      pairs: [
        ['C001/R1', 'C002/R7'],
        ['C003/R2', 'C001/R9'],
      ],
      balance: { age: { smdBefore: 0.3, smdAfter: 0.01 } },
      tableThree: structuredClone(outcomeTable),
    },
    survival: {
      competingRisks: {
        beforeMatching: { comparator: rCompeting, exposure: rCompeting },
        afterMatching: { comparator: rCompeting, exposure: rCompeting },
      },
      beforeMatching: {
        curves: { comparator: rCurve, exposure: rCurve },
        logRank: { statistic: 1.5, pValue: 0.3 },
      },
      afterMatching: {
        curves: { comparator: rCurve, exposure: rCurve },
        logRank: { statistic: 0.7, pValue: 0.3 },
      },
    },
  };
}

const tsPairs: [string, string][] = [
  ['C001/R1', 'C002/R7'],
  ['C003/R2', 'C001/R9'],
];

describe('valuesAgree', () => {
  it('accepts differences up to 1e-6, absolute or relative to R', () => {
    expect(AGREEMENT_TOLERANCE).toBe(1e-6);
    expect(valuesAgree(0.5, 0.5 + 9e-7)).toBe(true);
    expect(valuesAgree(0.5, 0.5 + 2e-6)).toBe(false);
    expect(valuesAgree(1000, 1000 * (1 + 9e-7))).toBe(true);
    expect(valuesAgree(1000, 1000 * (1 + 2e-6))).toBe(false);
  });

  it('compares strings exactly, nulls only with nulls, and no NaN with anything', () => {
    expect(valuesAgree('chi_square', 'chi_square')).toBe(true);
    expect(valuesAgree('chi_square', 'fisher_exact')).toBe(false);
    expect(valuesAgree(null, null)).toBe(true);
    expect(valuesAgree(0.1, null)).toBe(false);
    expect(valuesAgree(NaN, NaN)).toBe(false);
    expect(valuesAgree(Infinity, Infinity)).toBe(true);
  });
});

describe('compareReportWithR', () => {
  it('agrees when every value matches, and lists what the report does not publish', () => {
    const result = compareReportWithR(tinyReport(), tinyR(), tsPairs);
    expect(result.checks.filter((c) => !c.agrees)).toEqual([]);
    expect(result.allAgree).toBe(true);
    expect(result.checked).toBe(result.checks.length);
    const names = result.checks.map((c) => c.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'flowchart submitted remaining',
        'Table 1 age test p',
        'Table 1 age exposure median',
        'Table 2 death test statistic',
        'aOR death gases complete case ciUpper',
        'aOR death main method',
        'aOR death main oddsRatio',
        'Table 1 vaso test p',
        'competing risks before matching exposure day 1 death CIF upper',
        'competing risks before matching comparator day 0 death CIF lower',
        'subgroup sex female aOR oddsRatio',
        'subgroup sex interaction p',
        'matching identical pairs (same exposed and control runs)',
        'balance age SMD after',
        'Table 3 ecmo_hours test p',
        'survival after matching log-rank statistic',
        'survival before matching exposure day 1 upper',
      ]),
    );
    const skipped = result.skipped.map((s) => s.name);
    expect(skipped).toEqual(
      expect.arrayContaining([
        'flowchart pregnancy excluded',
        'Table 1 male exposure n',
        'Table 1 male test',
        'aOR death gases pooled',
        'competing risks after matching',
      ]),
    );
    expect(names).not.toContain('flowchart pregnancy excluded');
  });

  it('flags one value that differs by more than 1e-6, by name', () => {
    const r = tinyR();
    r.adjustedOddsRatios.death!.sensitivity.gases!.completeCase.ciLower = 0.6 + 5e-6;
    const result = compareReportWithR(tinyReport(), r, tsPairs);
    expect(result.allAgree).toBe(false);
    expect(result.failed).toBe(1);
    const failure = result.checks.find((c) => !c.agrees)!;
    expect(failure).toMatchObject({ name: 'aOR death gases complete case ciLower', ts: 0.6, r: 0.6 + 5e-6 });
    expect(failure.difference).toBeCloseTo(5e-6, 12);
  });

  it('fails when R picked a different test or different matched pairs', () => {
    const r = tinyR();
    r.tableTwo.outcomes.death!.test = { method: 'fisher_exact', pValue: 0.27 };
    const result = compareReportWithR(tinyReport(), r, [tsPairs[0]!, ['C003/R2', 'C004/R1']]);
    const failed = result.checks.filter((c) => !c.agrees).map((c) => c.name);
    expect(failed).toEqual([
      'Table 2 death test method',
      'Table 2 death test statistic',
      'matching identical pairs (same exposed and control runs)',
    ]);
  });

  it('fails when R has no value for something the report publishes', () => {
    const r = tinyR();
    delete r.subgroups.sex;
    const result = compareReportWithR(tinyReport(), r, tsPairs);
    expect(result.allAgree).toBe(false);
    expect(result.checks.find((c) => c.name === 'subgroup sex interaction p')).toMatchObject({
      ts: 0.5,
      r: null,
      agrees: false,
    });
  });
});
