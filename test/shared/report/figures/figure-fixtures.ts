// Sample inputs for the figure tests, shaped like the paper's figures (STUDY.md): Fig. 2's adjusted odds
// ratios, Fig. 3's survival curves with numbers at risk, a 12-center funnel, and the report site's Love plot,
// quarterly trends and cohort flowchart (each with a label a test may replace).
import type { FlowchartInput } from '../../../../shared/report/figures/flowchart.js';
import type { ForestPlotInput } from '../../../../shared/report/figures/forest-plot.js';
import type { FunnelPlotInput } from '../../../../shared/report/figures/funnel-plot.js';
import type { KaplanMeierInput } from '../../../../shared/report/figures/kaplan-meier.js';
import type { LovePlotInput } from '../../../../shared/report/figures/love-plot.js';
import type { TrendsInput } from '../../../../shared/report/figures/trends-plot.js';

export const forestInput: ForestPlotInput = {
  title: 'Adjusted odds ratios, IABP after ECMO vs ECMO only',
  description: 'IABP after ECMO lowered in-hospital mortality and raised mechanical complications.',
  xLabel: 'Adjusted odds ratio (log scale)',
  labelHeading: 'Outcome',
  estimateHeading: 'aOR (95% CI)',
  rows: [
    { label: 'In-hospital mortality', estimate: 0.823, lower: 0.686, upper: 0.987, pValue: 0.036 },
    { label: 'On-support mortality', estimate: 0.828, lower: 0.688, upper: 0.995, pValue: 0.044 },
    { label: 'Mechanical complications', estimate: 1.905, lower: 1.278, upper: 2.839, pValue: 0.0015 },
    { label: 'Bleeding', estimate: 1.371, lower: 1.092, upper: 1.721, pValue: 0.0066 },
    { label: 'Pulmonary', estimate: 1.768, lower: 1.446, upper: 2.163, pValue: 0.0000001 },
  ],
};

export const kaplanMeierInput: KaplanMeierInput = {
  title: '30-day survival, matched cohort',
  description: 'Survival was higher with IABP after ECMO.',
  xLabel: 'Days since ECMO start',
  maxTime: 30,
  curves: [
    {
      label: 'ECMO only',
      points: [
        { time: 1, survival: 0.9, lower: 0.88, upper: 0.92 },
        { time: 5, survival: 0.7, lower: 0.67, upper: 0.73 },
        { time: 20, survival: 0.5, lower: 0.46, upper: 0.54 },
        { time: 40, survival: 0.4, lower: 0.35, upper: 0.45 },
      ],
      atRisk: [
        { time: 0, n: 832 },
        { time: 10, n: 560 },
        { time: 20, n: 416 },
        { time: 30, n: 380 },
        { time: 40, n: 300 },
      ],
    },
    {
      label: 'IABP after ECMO',
      points: [
        { time: 0, survival: 1, lower: null, upper: null },
        { time: 2, survival: 0.92, lower: null, upper: null },
        { time: 8, survival: 0.75, lower: null, upper: null },
        { time: 25, survival: 0.55, lower: null, upper: null },
      ],
      atRisk: [
        { time: 0, n: 832 },
        { time: 10, n: 600 },
        { time: 20, n: 470 },
        { time: 30, n: null },
      ],
    },
  ],
};

export const funnelInput: FunnelPlotInput = {
  title: 'Risk-adjusted mortality by center',
  description: 'All centers lie within the 99.8% limits.',
  points: Array.from({ length: 12 }, (_, i) => ({
    id: `ZX-CENTER-${i}`,
    volume: 10 + i * 12,
    ratio: 0.7 + ((i * 7) % 10) / 16,
    highlight: i === 4,
  })),
  limits: [10, 40, 80, 160].map((volume) => {
    const se = 1 / Math.sqrt(volume / 2);
    return {
      volume,
      lower95: Math.max(0, 1 - 1.96 * se),
      upper95: 1 + 1.96 * se,
      lower998: Math.max(0, 1 - 3.09 * se),
      upper998: 1 + 3.09 * se,
    };
  }),
};

export const loveInput = (label = 'Age'): LovePlotInput => ({
  title: 'Balance',
  description: 'Absolute SMDs before and after matching.',
  rows: [
    { label, smdBefore: -0.31, smdAfter: 0.02 },
    { label: 'Male sex', smdBefore: 0.12, smdAfter: -0.04 },
  ],
});
export const trendsInput = (label = 'In-hospital mortality'): TrendsInput => ({
  title: 'Trends',
  description: 'Runs and mortality per quarter.',
  quarters: ['2023-Q1', '2023-Q2', '2023-Q3'],
  volume: [{ value: 40 }, { value: null, suppressed: true }, { value: null, suppressed: true }],
  series: [{ label, values: [50, null, 40] }],
});
export const flowchartInput = (label = 'Pregnancy'): FlowchartInput => ({
  title: 'Cohort',
  description: 'Cohort selection in three steps.',
  steps: [
    { label: 'Runs submitted', excluded: { value: 0 }, remaining: { value: 1200 } },
    {
      label,
      excluded: { value: null, suppressed: true },
      remaining: { value: null, suppressed: true },
    },
    { label: 'Mode conversion', excluded: { value: 35 }, remaining: { value: 1160 } },
  ],
  groups: [
    { label: 'IABP after ECMO', n: { value: 160 } },
    { label: 'ECMO only', n: { value: 1000 } },
  ],
});
