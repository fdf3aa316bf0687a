/**
 * A generated cohort (test/fixtures/report/separated-covariate.R) where a sparse nuisance covariate, cirrhosis,
 * separates in-hospital death: its 11 runs all survived. Ordinary maximum likelihood has no finite estimate, yet
 * the exposure's aOR must be published, in Fig. 2 and in each level of the sex subgroup: by Firth's penalised
 * likelihood, agreeing with R's brglm2 (AS_mean), and saying so in a note.
 */
import { readFileSync } from 'node:fs';
import { adjustedOddsRatios, FIRTH_NOTE } from '../../../../shared/report/analyses/adjusted-odds-ratios.js';
import { subgroupOddsRatios } from '../../../../shared/report/analyses/subgroup-odds-ratios.js';
import type { GroupedRow } from '../../../../shared/report/analyses/table-one.js';
import { defaultReportSpec, type ReportSpec } from '../../../../shared/report/spec/index.js';
import { historyColumns } from '../../../../shared/dictionary/index.js';

interface REstimate {
  oddsRatio: number;
  ciLower: number;
  ciUpper: number;
  pValue: number;
  n: number;
  events: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../fixtures/report/separated-covariate.json', import.meta.url), 'utf8'),
) as {
  runs: Record<string, number>[];
  fig2: REstimate;
  sex: { male: REstimate; female: REstimate };
};

const history = historyColumns;
const rows: GroupedRow[] = fixture.runs.map((r) => ({
  group: r.exposure === 1 ? 'exposure' : 'comparator',
  age_years: r.age_years,
  sex: r.male === 1 ? 'male' : 'female',
  bmi: r.bmi,
  ...Object.fromEntries(history.map((h) => [h, r[h] === 1])),
  pre_cardiac_arrest: r.pre_cardiac_arrest === 1,
  pre_vasopressor_count: r.pre_vasopressor_count,
  died_in_hospital: r.died === 1,
}));

const sexSubgroup = defaultReportSpec.subgroups.find((s) => s.id === 'sex')!;
const spec: ReportSpec = {
  ...defaultReportSpec,
  outcomes: [defaultReportSpec.outcomes[0]!],
  sensitivityModels: [],
  subgroups: [
    sexSubgroup,
    {
      id: 'sex_with_empty_level',
      label: 'Sex, with a level no run is in',
      levels: [
        ...sexSubgroup.levels,
        { id: 'unknown', label: 'Not recorded', when: { column: 'sex', op: 'missing' } },
      ],
    },
  ],
};

/** Agreement with R to 1e-6, absolutely or relative to R's value. */
function expectAgrees(ts: number, r: number): void {
  expect(Math.abs(ts - r)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(r)));
}

function expectFirthAgrees(estimate: unknown, r: REstimate): void {
  expect(estimate).toMatchObject({ estimable: true, method: 'firth', note: FIRTH_NOTE });
  const e = estimate as REstimate & { n: { value: number }; events: { value: number } };
  for (const k of ['oddsRatio', 'ciLower', 'ciUpper', 'pValue'] as const) expectAgrees(e[k], r[k]);
  expect(e.n.value).toBe(r.n);
  expect(e.events.value).toBe(r.events);
}

describe('a nuisance covariate that separates the outcome', () => {
  it('still gives Fig. 2 the exposure aOR, by Firth, as R brglm2 AS_mean', async () => {
    const [death] = await adjustedOddsRatios(rows, [], spec, 11);
    expectFirthAgrees(death!.main, fixture.fig2);
    expect(death!.sensitivity).toEqual([]);
  });

  it('still gives each subgroup level the exposure aOR, by Firth, as R', async () => {
    const [sex] = await subgroupOddsRatios(rows, [], spec, 11);
    expectFirthAgrees(sex!.levels[0]!.estimate, fixture.sex.male);
    expectFirthAgrees(sex!.levels[1]!.estimate, fixture.sex.female);
  });

  it('says in words when a level has no runs, and then shows no interaction test', async () => {
    const [, withEmpty] = await subgroupOddsRatios(rows, [], spec, 11);
    expect(withEmpty!.levels[2]!.estimate).toEqual({ estimable: false, reason: 'no runs in this level' });
    expect(withEmpty!.interaction).toEqual({
      pValue: null,
      reason: 'not tested: no odds ratio in the level "Not recorded"',
    });
  });

  it('never puts an exception name in a published reason', async () => {
    const [sex, withEmpty] = await subgroupOddsRatios(rows, [], spec, 11);
    const text = JSON.stringify([sex, withEmpty, await adjustedOddsRatios(rows, [], spec, 11)]);
    expect(text).not.toMatch(/[A-Z][a-z]+Error/);
  });
});
