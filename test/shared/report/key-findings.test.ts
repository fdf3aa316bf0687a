// Key findings are written from the numbers: direction, comparison with the previous quarter and with the paper.
import type { OddsRatioEstimate } from '../../../shared/report/analyses/adjusted-odds-ratios.js';
import { keyFindings, sourceStudyReference } from '../../../shared/report/key-findings.js';

const estimate = (
  oddsRatio: number,
  ciLower: number,
  ciUpper: number,
  extra: Partial<Extract<OddsRatioEstimate, { estimable: true }>> = {},
): OddsRatioEstimate => ({
  estimable: true,
  oddsRatio,
  ciLower,
  ciUpper,
  pValue: 0.04,
  n: { value: 4210 },
  events: { value: 2100 },
  method: 'glm',
  ...extra,
});

const base = {
  outcomeLabel: 'In-hospital mortality',
  exposureLabel: 'IABP after ECMO',
  comparatorLabel: 'ECMO only',
  reference: sourceStudyReference('in_hospital_death'),
};

describe('keyFindings', () => {
  it('reads an aOR below 1 with a CI below 1 as lower odds, and compares with the paper', () => {
    const [first, second, third] = keyFindings({ ...base, estimate: estimate(0.81, 0.7, 0.94) });
    expect(first).toBe(
      "Adjusted for the main model's covariates (4,210 runs, 2,100 with the outcome), IABP after ECMO had an odds ratio of in-hospital mortality of 0.81 (95% CI 0.70–0.94): lower odds of in-hospital mortality than ECMO only.",
    );
    expect(second).toBe('No previous quarter’s report is available to compare with.');
    expect(third).toBe(
      "The source study (Wang K et al., Critical Care 2024) reported 0.82 (95% CI 0.69–0.99); this report's estimate lies inside that interval and on the same side of 1.",
    );
  });

  it('reads an aOR above 1 as higher odds, outside the paper and on the other side of 1', () => {
    const lines = keyFindings({ ...base, estimate: estimate(1.3, 1.1, 1.54) });
    expect(lines[0]).toContain(
      '1.30 (95% CI 1.10–1.54): higher odds of in-hospital mortality than ECMO only.',
    );
    expect(lines[2]).toContain('lies outside that interval and on the other side of 1');
  });

  it('says when the interval includes 1', () => {
    const lines = keyFindings({ ...base, estimate: estimate(0.9, 0.75, 1.08) });
    expect(lines[0]).toContain(
      'lower odds of in-hospital mortality than ECMO only, but the interval includes 1',
    );
  });

  it('never states a suppressed count', () => {
    const lines = keyFindings({
      ...base,
      estimate: estimate(0.81, 0.7, 0.94, { n: { value: 4210 }, events: { value: null, suppressed: true } }),
    });
    expect(lines[0]).toContain('(4,210 runs)');
    expect(lines[0]).not.toContain('with the outcome');
    const hiddenRuns = keyFindings({
      ...base,
      estimate: estimate(0.81, 0.7, 0.94, { n: { value: null, suppressed: true }, events: { value: 40 } }),
    });
    expect(hiddenRuns[0]).toContain("Adjusted for the main model's covariates, IABP");
    expect(hiddenRuns[0]).not.toMatch(/\d+ runs/);
  });

  it("names Firth's method when it gave the estimate", () => {
    const lines = keyFindings({ ...base, estimate: estimate(0.81, 0.7, 0.94, { method: 'firth' }) });
    expect(lines[0]).toContain("fitted by Firth's penalised likelihood");
  });

  it("compares with the previous quarter's estimate", () => {
    const lower = keyFindings({
      ...base,
      estimate: estimate(0.81, 0.7, 0.94),
      previous: { quarter: '2023-Q2', estimate: estimate(0.88, 0.74, 1.05) },
    });
    expect(lower[1]).toBe('In the previous quarter’s report (2023-Q2) it was 0.88 (0.74–1.05): lower now.');
    const higher = keyFindings({
      ...base,
      estimate: estimate(10.4, 2, 50),
      previous: { quarter: '2023-Q2', estimate: estimate(9.5, 2, 40) },
    });
    expect(higher[1]).toContain('higher now');
    const gone = keyFindings({
      ...base,
      estimate: estimate(0.81, 0.7, 0.94),
      previous: {
        quarter: '2023-Q2',
        estimate: { estimable: false, reason: 'not estimable: no exposed runs here' },
      },
    });
    expect(gone[1]).toBe('In the previous quarter’s report (2023-Q2) it could not be estimated.');
  });

  it('says in words when the estimate is missing, and leaves the paper out for another outcome', () => {
    expect(sourceStudyReference('bleeding')).toBeUndefined();
    const lines = keyFindings({
      ...base,
      reference: sourceStudyReference('bleeding'),
      estimate: { estimable: false, reason: 'not estimable: no exposed runs here' },
    });
    expect(lines).toEqual([
      'The adjusted odds ratio of in-hospital mortality for IABP after ECMO vs ECMO only could not be estimated in this report: no exposed runs here.',
      'No previous quarter’s report is available to compare with.',
    ]);
  });
});
