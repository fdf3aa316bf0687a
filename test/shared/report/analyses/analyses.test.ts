import { compareBinary, compareContinuous } from '../../../../shared/report/analyses/group-comparison.js';
import { suppressFlowchart } from '../../../../shared/report/analyses/flowchart-suppression.js';
import { poissonQuantile, funnelLimits } from '../../../../shared/report/analyses/poisson-funnel-limits.js';
import { rollingQuarters } from '../../../../shared/report/analyses/center-benchmark.js';
import { survivalTime } from '../../../../shared/report/analyses/survival-curves.js';

describe('compareBinary', () => {
  it("uses Pearson's chi-square without Yates' correction (STUDY.md: 32 vs 46 of 832 gives p ≈ 0.10)", () => {
    const c = compareBinary([32, 46], [832, 832], 11);
    expect(c.test?.method).toBe('chi_square');
    // R: chisq.test(matrix(c(32, 800, 46, 786), 2, byrow = TRUE), correct = FALSE)$p.value = 0.1040...
    expect(c.test!.pValue).toBeCloseTo(0.104, 3);
    expect(c.comparator.percent).toBeCloseTo((100 * 32) / 832, 10);
  });

  it("switches to Fisher's exact test when an expected count is below 5", () => {
    const c = compareBinary([12, 0], [400, 40], 11);
    expect(c.test?.method).toBe('fisher_exact');
  });

  it('hides a small count, its percentage, the test and the SMD', () => {
    const c = compareBinary([5, 40], [100, 100], 11);
    expect(c.comparator.count).toEqual({ value: null, suppressed: true });
    expect(c.comparator.percent).toBeNull();
    // overall 45 − exposure 40 would give the 5 away: one of them is hidden too
    expect([c.exposure.count.value, c.overall.count.value]).toContain(null);
    expect(c.test).toBeNull();
    expect(c.smd).toBeNull();
  });
});

describe('compareContinuous', () => {
  it("uses Student's t, or Mann–Whitney for skewed variables, and hides groups below the threshold", () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = Array.from({ length: 20 }, (_, i) => i + 5);
    expect(compareContinuous(x, y, false, 11).test?.method).toBe('student_t');
    const skewed = compareContinuous(x, y, true, 11);
    expect(skewed.test?.method).toBe('mann_whitney');
    expect(skewed.comparator.median).toBe(9.5);
    const small = compareContinuous(x.slice(0, 5), y, false, 11);
    expect(small.comparator).toMatchObject({ n: { value: null }, mean: null });
    expect(small.test).toBeNull();
  });
});

describe('suppressFlowchart', () => {
  it('hides a small exclusion and one more count of its step so it cannot be subtracted out', () => {
    const flow = [
      { id: 'a', label: 'a', excluded: 0, remaining: 500 },
      { id: 'b', label: 'b', excluded: 4, remaining: 496 },
      { id: 'c', label: 'c', excluded: 96, remaining: 400 },
    ];
    const out = suppressFlowchart(flow, 11);
    expect(out[1]!.excluded).toEqual({ value: null, suppressed: true });
    const shownInStep = [out[0]!.remaining, out[1]!.excluded, out[1]!.remaining].filter(
      (c) => c.value !== null,
    );
    expect(shownInStep.length).toBeLessThanOrEqual(1);
    // and the step after it cannot give the hidden remaining count away either
    const next = [out[1]!.remaining, out[2]!.excluded, out[2]!.remaining].filter((c) => c.value === null);
    expect(next.length === 0 || next.length >= 2).toBe(true);
  });
});

describe('Poisson funnel limits', () => {
  it("reproduces R's qpois", () => {
    // R: qpois(c(0.025, 0.975, 0.001, 0.999), 10) = 4 17 2 21; qpois(0.975, 0.5) = 2
    expect([0.025, 0.975, 0.001, 0.999].map((p) => poissonQuantile(p, 10))).toEqual([4, 17, 2, 21]);
    expect(poissonQuantile(0.975, 0.5)).toBe(2);
    const [first] = funnelLimits(10, 100, [0.95, 0.998]);
    expect(first!.expected).toBeCloseTo(10, 10);
    const [lo95, hi95] = first!.limits['0.95']!;
    const [lo998, hi998] = first!.limits['0.998']!;
    expect([lo95, hi95, lo998, hi998].map((v) => v.toFixed(6))).toEqual([
      '0.400000',
      '1.700000',
      '0.200000',
      '2.100000',
    ]);
  });
});

describe('rollingQuarters and survivalTime', () => {
  it('spans the four quarters ending at the report quarter, across a year boundary', () => {
    expect(rollingQuarters('2023-Q2', 4)).toEqual(['2022-Q3', '2022-Q4', '2023-Q1', '2023-Q2']);
  });

  it('counts a live discharge as alive at day 30 (or censors it at discharge when asked), and death in hospital within 30 days as the event', () => {
    const start = Date.UTC(2023, 0, 1);
    const day = 86_400_000;
    const run = (died: boolean, days: number) => ({
      group: 'exposure' as const,
      ecmo_start_at: start,
      died_in_hospital: died,
      discharge_at: start + days * day,
      death_at: died ? start + days * day : undefined,
    });
    expect(survivalTime(run(true, 3.5), 30)).toEqual({ time: 3.5, event: 1 });
    expect(survivalTime(run(true, 45), 30)).toEqual({ time: 30, event: 0 });
    // No follow-up after discharge: discharged alive on day 12 counts as alive at day 30 by default.
    expect(survivalTime(run(false, 12), 30)).toEqual({ time: 30, event: 0 });
    expect(survivalTime(run(false, 12), 30, 'alive-at-horizon')).toEqual({ time: 30, event: 0 });
    expect(survivalTime(run(false, 12), 30, 'censored')).toEqual({ time: 12, event: 0 });
    expect(survivalTime(run(true, 3.5), 30, 'censored')).toEqual({ time: 3.5, event: 1 });
  });
});
