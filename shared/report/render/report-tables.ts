/**
 * Every table of the quarterly report as rows of display strings, in the order the page shows them, each with
 * the same rows as data (typed columns read from the model, not parsed back from the display text). The HTML
 * page shows the display text; each `tables/*.csv` file holds the display text and the data side by side, so
 * they always agree. Values are formatted here and escaped (HTML) or neutralised (CSV) by their writers.
 */
import type { OddsRatioEstimate } from '../analyses/adjusted-odds-ratios.js';
import type {
  BinaryComparison,
  ContinuousComparison,
  ContinuousSummary,
  GroupTest,
  PublishedCount,
} from '../analyses/group-comparison.js';
import type { OutcomeTable } from '../analyses/outcome-table.js';
import type { SurvivalPoint } from '../analyses/survival-curves.js';
import type { PublishedBenchmarkRow, RegistryReport } from '../registry-report.js';
import type { SuppressedCell } from '../small-cell-suppression.js';
import type { CsvValue } from './csv-table.js';
import {
  formatCount,
  formatCountPercent,
  formatEstimateWithInterval,
  formatFixed,
  formatPValue,
} from './format-value.js';

/** A table: the first column of each row is its row header. */
export interface ReportTable {
  /** File name stem of its CSV and its anchor on the page. */
  id: string;
  caption: string;
  header: string[];
  rows: string[][];
  /** The same rows as data, one record per display row, for the CSV file beside the display text. */
  data: TableData;
  /** Shown under the table, e.g. why a section could not be estimated. */
  note?: string;
}

/** A data column of a table's CSV, as its sidecar dictionary describes it. */
export interface DataColumn {
  /** Column name in the CSV: lower case with underscores, distinct from every display column. */
  name: string;
  meaning: string;
  /** e.g. `count`, `percent (0–100)`, `proportion (0–1)`, `odds ratio`, `days`; `text` or `flag` otherwise. */
  unit: string;
  /**
   * `number`: a number, or empty when hidden or not estimable; `flag`: `true` or `false` (empty where it does
   * not apply); `text`: free text.
   */
  type: 'number' | 'flag' | 'text';
}

/** A table's data: its columns and, per display row, one value per column. */
export interface TableData {
  columns: DataColumn[];
  rows: CsvValue[][];
}

/** `a_b`, or `b` alone when there is no prefix. */
function columnName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}_${name}`;
}

/** A count column and its suppression flag. */
function countColumns(prefix: string, what: string): DataColumn[] {
  return [
    { name: columnName(prefix, 'n'), meaning: `${what}; empty when hidden`, unit: 'count', type: 'number' },
    {
      name: columnName(prefix, 'suppressed'),
      meaning: `true when ${columnName(prefix, 'n')} is hidden by small-cell suppression (a small count, or one that would reveal a small count by subtraction)`,
      unit: 'flag',
      type: 'flag',
    },
  ];
}

/** The values of countColumns: the count (empty when hidden) and whether it is hidden. */
function countValues(cell: SuppressedCell | undefined): CsvValue[] {
  if (cell === undefined) return [null, null];
  return [cell.value, cell.value === null];
}

/** Columns of an odds-ratio estimate: estimate, lower, upper and p. */
function estimateColumns(prefix: string, what: string): DataColumn[] {
  return [
    {
      name: columnName(prefix, 'estimate'),
      meaning: `Odds ratio, ${what}`,
      unit: 'odds ratio',
      type: 'number',
    },
    {
      name: columnName(prefix, 'lower'),
      meaning: `Lower limit of the 95% CI of the odds ratio, ${what}`,
      unit: 'odds ratio',
      type: 'number',
    },
    {
      name: columnName(prefix, 'upper'),
      meaning: `Upper limit of the 95% CI of the odds ratio, ${what}`,
      unit: 'odds ratio',
      type: 'number',
    },
    {
      name: columnName(prefix, 'p'),
      meaning: `p-value of the odds ratio, ${what}`,
      unit: 'probability',
      type: 'number',
    },
  ];
}

/** The values of estimateColumns; all empty when the model was not estimable. */
function estimateValues(e: OddsRatioEstimate): CsvValue[] {
  return e.estimable ? [e.oddsRatio, e.ciLower, e.ciUpper, e.pValue] : [null, null, null, null];
}

/** The value of a number column: a finite number, else empty. */
function num(value: number | null | undefined): CsvValue {
  return value === null || value === undefined || !Number.isFinite(value) ? null : value;
}

/** The columns of a group comparison (Tables 1 to 3), per group, then the test and SMD. */
function comparisonColumns(report: RegistryReport): DataColumn[] {
  const perGroup = (g: 'comparator' | 'exposure'): DataColumn[] => {
    const label = report.groups[g].label;
    return [
      ...countColumns(
        g,
        `${label}: runs with the characteristic or outcome (n, %) or runs with a value (continuous rows)`,
      ),
      {
        name: `${g}_percent`,
        meaning: `${label}: runs with it as a percentage of the group's runs with the variable recorded`,
        unit: 'percent (0–100)',
        type: 'number',
      },
      {
        name: `${g}_mean`,
        meaning: `${label}: mean (continuous rows)`,
        unit: 'unit of the row',
        type: 'number',
      },
      { name: `${g}_sd`, meaning: `${label}: standard deviation`, unit: 'unit of the row', type: 'number' },
      { name: `${g}_median`, meaning: `${label}: median`, unit: 'unit of the row', type: 'number' },
      { name: `${g}_q1`, meaning: `${label}: first quartile`, unit: 'unit of the row', type: 'number' },
      { name: `${g}_q3`, meaning: `${label}: third quartile`, unit: 'unit of the row', type: 'number' },
    ];
  };
  return [
    ...perGroup('comparator'),
    ...perGroup('exposure'),
    { name: 'p', meaning: 'p-value of the test between the groups', unit: 'probability', type: 'number' },
    {
      name: 'test',
      meaning: 'The test: chi_square, fisher_exact, student_t or mann_whitney; empty when none was run',
      unit: 'text',
      type: 'text',
    },
    {
      name: 'smd',
      meaning: 'Standardized mean difference between the groups',
      unit: 'standard deviations',
      type: 'number',
    },
  ];
}

/** The values of comparisonColumns for one row; a categorical heading row (test only) has no group values. */
function comparisonValues(
  row: (BinaryComparison | ContinuousComparison) | { test: GroupTest | null; smd?: undefined },
): CsvValue[] {
  const group = (s: PublishedCount | ContinuousSummary | undefined): CsvValue[] => {
    if (s === undefined) return [null, null, null, null, null, null, null, null];
    if ('count' in s) return [...countValues(s.count), num(s.percent), null, null, null, null, null];
    return [...countValues(s.n), null, num(s.mean), num(s.sd), num(s.median), num(s.q1), num(s.q3)];
  };
  const both = 'comparator' in row ? [row.comparator, row.exposure] : [undefined, undefined];
  return [
    ...group(both[0]),
    ...group(both[1]),
    row.test === null ? null : row.test.pValue,
    row.test === null ? null : row.test.method,
    num(row.smd),
  ];
}

/** A verdict as the dashboard shows it: its colour and what it did to the data. */
const VERDICT_TEXT: Record<'green' | 'yellow' | 'red', string> = {
  green: 'green: accepted, complete',
  yellow: 'yellow: accepted with warnings',
  red: 'red: rejected',
};

const TEST_NAMES: Record<GroupTest['method'], string> = {
  chi_square: 'χ²',
  fisher_exact: 'Fisher',
  student_t: 't-test',
  mann_whitney: 'Mann–Whitney U',
};

/** Continuous summary: mean (SD), or median [Q1, Q3] for skewed variables; "n hidden" when the group is too small. */
function summary(s: ContinuousSummary, skewed: boolean): string {
  if (s.mean === null) return s.n.value === 0 ? '–' : `n ${formatCount(s.n)}`;
  return skewed
    ? `${formatFixed(s.median, 1)} [${formatFixed(s.q1, 1)}, ${formatFixed(s.q3, 1)}]`
    : `${formatFixed(s.mean, 1)} (${formatFixed(s.sd, 1)})`;
}

function comparisonCells(
  row: (BinaryComparison | ContinuousComparison) & { kind?: string; skewed?: boolean },
): string[] {
  const test = row.test;
  const tail = [
    test === null ? '–' : formatPValue(test.pValue),
    test === null ? (row.note ?? '–') : TEST_NAMES[test.method],
    formatFixed(row.smd, 2),
  ];
  if ('overall' in row) {
    return [formatCountPercent(row.comparator), formatCountPercent(row.exposure), ...tail];
  }
  const skewed = row.skewed ?? true;
  return [summary(row.comparator, skewed), summary(row.exposure, skewed), ...tail];
}

function groupHeader(report: RegistryReport): string[] {
  const { comparator, exposure } = report.groups;
  return [
    `${comparator.label} (n = ${formatCount(comparator.n)})`,
    `${exposure.label} (n = ${formatCount(exposure.n)})`,
    'p',
    'Test',
    'SMD',
  ];
}

/** The data of outcomeRows: one record per outcome, then per duration. */
function outcomeData(report: RegistryReport, table: OutcomeTable): TableData {
  return {
    columns: [
      { name: 'row_id', meaning: 'Identifier of the outcome or duration', unit: 'text', type: 'text' },
      { name: 'kind', meaning: 'outcome (n, %) or duration (median [IQR])', unit: 'text', type: 'text' },
      { name: 'unit', meaning: 'Unit of a duration', unit: 'text', type: 'text' },
      ...comparisonColumns(report),
    ],
    rows: [
      ...table.outcomes.map((o) => [o.id, 'outcome', null, ...comparisonValues(o)]),
      ...table.durations.map((d) => [d.id, 'duration', d.unit, ...comparisonValues(d)]),
    ],
  };
}

function outcomeRows(table: OutcomeTable): string[][] {
  return [
    ...table.outcomes.map((o) => [`${o.label}, n (%)`, ...comparisonCells(o)]),
    ...table.durations.map((d) => [
      `${d.label} (${d.unit}), median [IQR]`,
      ...comparisonCells({ ...d, skewed: true }),
    ]),
  ];
}

function estimateCells(e: OddsRatioEstimate): string[] {
  return e.estimable
    ? [
        `${formatEstimateWithInterval(e.oddsRatio, e.ciLower, e.ciUpper)}${e.method === 'firth' ? ' †' : ''}`,
        formatPValue(e.pValue),
      ]
    : [e.reason, '–'];
}

/** The percentage of a survival estimate with its interval, e.g. "62.1 (58.0–66.3)". */
function survivalAt(point: SurvivalPoint | undefined): string {
  if (!point) return '–';
  const pct = (v: number | null) => formatFixed(v === null ? null : 100 * v, 1);
  return `${pct(point.survival)} (${pct(point.lower)}–${pct(point.upper)})`;
}

/** The benchmark rows a reader may see: all centers, or (center view) the center itself. */
export interface BenchmarkView {
  rows: (PublishedBenchmarkRow & { displayName: string })[];
  /** A note under the table (the center view says its own row is shown in full). */
  note?: string;
}

/**
 * Builds every table of the report, in page order.
 * @param benchmark the center rows to list (the center view passes only its own center).
 */
export function reportTables(report: RegistryReport, benchmark: BenchmarkView): ReportTable[] {
  return [
    flowchartTable(report),
    tableOne(report),
    tableTwo(report),
    adjustedOddsRatiosTable(report),
    ...matchingBalanceTable(report),
    tableThree(report),
    survivalTable(report),
    ...competingRisksTable(report),
    subgroupsTable(report),
    centerBenchmarkTable(report, benchmark),
    quarterlyTrendsTable(report),
    complicationRatesTable(report),
    dataQualityTable(report),
    uploadsTable(report),
  ].map(withEmptyNote);
}

/** A table without rows says why (its own note, else the usual cause of its emptiness). */
function withEmptyNote(table: ReportTable): ReportTable {
  if (table.rows.length > 0 || table.note !== undefined) return table;
  return { ...table, note: EMPTY_TABLE_NOTES[table.id] ?? 'Not estimable: there are no rows to show.' };
}

/** Figure 1 data: the cohort selection steps. */
function flowchartTable(report: RegistryReport): ReportTable {
  return {
    id: 'flowchart',
    caption: 'Figure 1 data. Cohort selection: runs excluded at each step and runs remaining',
    header: ['Step', 'Excluded', 'Remaining'],
    rows: report.flowchart.map((s) => [s.label, formatCount(s.excluded), formatCount(s.remaining)]),
    data: {
      columns: [
        { name: 'step_id', meaning: 'Identifier of the selection step', unit: 'text', type: 'text' },
        ...countColumns('excluded', 'Runs excluded at this step'),
        ...countColumns('remaining', 'Runs remaining after this step'),
      ],
      rows: report.flowchart.map((s) => [s.id, ...countValues(s.excluded), ...countValues(s.remaining)]),
    },
  };
}

/** Table 1: baseline characteristics by group. */
function tableOne(report: RegistryReport): ReportTable {
  return {
    id: 'table-1',
    caption: 'Table 1. Baseline characteristics by group: n (%), mean (SD) or median [IQR]',
    header: ['Characteristic', ...groupHeader(report)],
    rows: report.tableOne.map((r) =>
      r.kind === 'categorical'
        ? [
            r.label,
            '',
            '',
            r.test === null ? '–' : formatPValue(r.test.pValue),
            r.test === null ? (r.note ?? '–') : `${TEST_NAMES[r.test.method]}, all levels`,
            '',
          ]
        : [
            r.kind === 'continuous' ? `${r.label}${r.unit ? ` (${r.unit})` : ''}` : r.label,
            ...comparisonCells(r),
          ],
    ),
    data: {
      columns: [
        {
          name: 'row_id',
          meaning: 'Identifier of the characteristic (or level)',
          unit: 'text',
          type: 'text',
        },
        {
          name: 'kind',
          meaning:
            'continuous, binary, level (one level of a categorical variable) or categorical (its heading)',
          unit: 'text',
          type: 'text',
        },
        { name: 'unit', meaning: 'Unit of a continuous characteristic', unit: 'text', type: 'text' },
        ...comparisonColumns(report),
      ],
      rows: report.tableOne.map((r) => [
        r.id,
        r.kind,
        r.kind === 'continuous' ? r.unit : null,
        ...comparisonValues(r.kind === 'categorical' ? { test: r.test } : r),
      ]),
    },
  };
}

/** Table 2: outcomes by group. */
function tableTwo(report: RegistryReport): ReportTable {
  return {
    id: 'table-2',
    caption: 'Table 2. Outcomes by group',
    header: ['Outcome', ...groupHeader(report)],
    rows: outcomeRows(report.tableTwo),
    data: outcomeData(report, report.tableTwo),
  };
}

/** Figure 2 data: the main model's adjusted odds ratios, then each sensitivity model's, pooled and complete case. */
function adjustedOddsRatiosTable(report: RegistryReport): ReportTable {
  const models = report.adjustedOddsRatios[0]?.sensitivity ?? [];
  const notes = [
    ...new Set(
      report.adjustedOddsRatios.flatMap((a) =>
        [a.main, ...a.sensitivity.flatMap((m) => [m.imputed, m.completeCase])].flatMap((e) =>
          e.estimable && e.note !== undefined ? [e.note] : [],
        ),
      ),
    ),
  ];
  return {
    id: 'adjusted-odds-ratios',
    caption:
      'Figure 2 data. Adjusted odds ratios of the exposure: the main model (the source study’s covariates), and each sensitivity model pooled over the imputations by Rubin’s rules and complete case',
    header: [
      'Outcome',
      'aOR, main model (95% CI)',
      'p, main model',
      ...models.flatMap((m) => [
        `aOR, ${m.label}, imputed (95% CI)`,
        `p, ${m.label}, imputed`,
        `aOR, ${m.label}, complete case (95% CI)`,
        `p, ${m.label}, complete case`,
      ]),
    ],
    rows: report.adjustedOddsRatios.map((a) => [
      a.label,
      ...estimateCells(a.main),
      ...a.sensitivity.flatMap((m) => [...estimateCells(m.imputed), ...estimateCells(m.completeCase)]),
    ]),
    data: {
      columns: [
        { name: 'outcome_id', meaning: 'Identifier of the outcome', unit: 'text', type: 'text' },
        ...estimateColumns('main', 'main model'),
        {
          name: 'main_method',
          meaning: 'How the main model was fitted (firth: Firth penalized likelihood)',
          unit: 'text',
          type: 'text',
        },
        ...models.flatMap((m, i) => [
          ...estimateColumns(`sensitivity_${i + 1}_imputed`, `${m.label}, imputed`),
          ...estimateColumns(`sensitivity_${i + 1}_complete_case`, `${m.label}, complete case`),
        ]),
      ],
      rows: report.adjustedOddsRatios.map((a) => [
        a.id,
        ...estimateValues(a.main),
        a.main.estimable ? a.main.method : null,
        ...a.sensitivity.flatMap((m) => [...estimateValues(m.imputed), ...estimateValues(m.completeCase)]),
      ]),
    },
    ...(notes.length === 0
      ? {}
      : {
          note: `† ${notes.join('; ')}.`,
        }),
  };
}

/** Love plot data: covariate balance before and after matching; no table when matching was not estimable. */
function matchingBalanceTable(report: RegistryReport): ReportTable[] {
  const matching = report.matching;
  if (!matching.estimable) return [];
  return [
    {
      id: 'matching-balance',
      caption: `Love plot data. Standardized mean differences before and after matching (${formatCount(matching.pairs)} pairs)`,
      header: ['Covariate', 'SMD before', 'SMD after'],
      rows: matching.balance.map((b) => [b.label, formatFixed(b.smdBefore, 3), formatFixed(b.smdAfter, 3)]),
      data: {
        columns: [
          { name: 'covariate_id', meaning: 'Identifier of the covariate', unit: 'text', type: 'text' },
          {
            name: 'smd_before',
            meaning: 'Standardized mean difference before matching',
            unit: 'standard deviations',
            type: 'number',
          },
          {
            name: 'smd_after',
            meaning: 'Standardized mean difference after matching',
            unit: 'standard deviations',
            type: 'number',
          },
        ],
        rows: matching.balance.map((b) => [b.id, num(b.smdBefore), num(b.smdAfter)]),
      },
    },
  ];
}

/** Table 3: outcomes by group in the propensity-matched cohort, or why it could not be estimated. */
function tableThree(report: RegistryReport): ReportTable {
  const matching = report.matching;
  const caption = 'Table 3. Outcomes by group in the propensity-matched cohort';
  if (!matching.estimable) {
    return {
      id: 'table-3',
      caption,
      header: ['Outcome'],
      rows: [],
      data: { columns: [], rows: [] },
      note: notEstimableNote(matching.reason),
    };
  }
  return {
    id: 'table-3',
    caption,
    header: ['Outcome', ...groupHeader(report).map((h, i) => (i < 2 ? h.replace(/ \(n = .*\)$/, '') : h))],
    rows: outcomeRows(matching.tableThree),
    data: outcomeData(report, matching.tableThree),
  };
}

/** Figure 3 data: survival at the horizon, numbers at risk by day and the log-rank p, before and after matching. */
function survivalTable(report: RegistryReport): ReportTable {
  const { beforeMatching, afterMatching } = report.survival;
  const times = [
    ...new Set(
      [beforeMatching, afterMatching].flatMap((s) =>
        s.estimable ? s.curves.flatMap((c) => c.atRisk.map((a) => a.time)) : [],
      ),
    ),
  ].sort((a, b) => a - b);
  const rows: string[][] = [];
  const records: CsvValue[][] = [];
  for (const [name, cohort, s] of [
    ['Before matching', 'before_matching', beforeMatching],
    ['After matching', 'after_matching', afterMatching],
  ] as const) {
    if (!s.estimable) {
      rows.push([name, s.reason, ...times.map(() => '–'), '–']);
      records.push([cohort, null, null, null, null, ...times.flatMap(() => [null, null]), null]);
      continue;
    }
    for (const c of s.curves) {
      const end = c.points.at(-1);
      records.push([
        cohort,
        c.group,
        num(end?.survival),
        num(end?.lower),
        num(end?.upper),
        ...times.flatMap((time) => countValues(c.atRisk.find((x) => x.time === time)?.n)),
        s.logRank.pValue,
      ]);
      rows.push([
        `${name}: ${report.groups[c.group].label}`,
        survivalAt(c.points.at(-1)),
        ...times.map((time) => {
          const a = c.atRisk.find((x) => x.time === time);
          return a ? formatCount(a.n) : '–';
        }),
        formatPValue(s.logRank.pValue),
      ]);
    }
  }
  return {
    id: 'survival',
    caption: `Figure 3 data. ${report.survival.horizonDays}-day survival (%, 95% CI), numbers at risk by day, and the log-rank p-value`,
    header: [
      'Cohort and group',
      'Survival at the horizon, % (95% CI)',
      ...times.map((d) => `At risk, day ${d}`),
      'Log-rank p',
    ],
    rows,
    data: {
      columns: [
        { name: 'cohort', meaning: 'before_matching or after_matching', unit: 'text', type: 'text' },
        { name: 'group', meaning: 'comparator or exposure', unit: 'text', type: 'text' },
        {
          name: 'survival',
          meaning: `Kaplan–Meier survival at the end of follow-up (day ${report.survival.horizonDays})`,
          unit: 'proportion (0–1)',
          type: 'number',
        },
        {
          name: 'survival_lower',
          meaning: 'Lower limit of the 95% CI of survival',
          unit: 'proportion (0–1)',
          type: 'number',
        },
        {
          name: 'survival_upper',
          meaning: 'Upper limit of the 95% CI of survival',
          unit: 'proportion (0–1)',
          type: 'number',
        },
        ...times.flatMap((d) => countColumns(`at_risk_day_${d}`, `Runs at risk on day ${d}`)),
        { name: 'log_rank_p', meaning: 'p-value of the log-rank test', unit: 'probability', type: 'number' },
      ],
      rows: records,
    },
    note: survivalDefinitionNote(report),
  };
}

/** What the Kaplan–Meier curves count a live discharge as, in words (under Fig. 3 and its table). */
export function survivalDefinitionNote(report: Pick<RegistryReport, 'survival'>): string {
  const days = report.survival.horizonDays;
  return report.survival.liveDischarge === 'alive-at-horizon'
    ? `Follow-up ends at discharge: a run discharged alive before day ${days} counts as alive at day ${days}. Deaths are in-hospital deaths.`
    : `A run discharged alive before day ${days} is censored at discharge (treated as if its later course were like that of the runs still in hospital). Deaths are in-hospital deaths.`;
}

/**
 * Competing-risks data: the cumulative incidence of in-hospital death by the horizon (%, 95% CI) with live
 * discharge as the competing event, and the share discharged alive by then; none when the spec does not ask.
 */
function competingRisksTable(report: RegistryReport): ReportTable[] {
  const competing = report.survival.competingRisks;
  if (competing === undefined) return [];
  const days = report.survival.horizonDays;
  const pct = (v: number | null) => formatFixed(v === null ? null : 100 * v, 1);
  const marks = [...new Set([7, 14, days].filter((d) => d <= days))];
  const rows: string[][] = [];
  const records: CsvValue[][] = [];
  for (const [name, cohort, s] of [
    ['Before matching', 'before_matching', competing.beforeMatching],
    ['After matching', 'after_matching', competing.afterMatching],
  ] as const) {
    if (!s.estimable) {
      rows.push([`${name}: ${notEstimableNote(s.reason)}`, ...marks.map(() => '–'), '–']);
      records.push([cohort, null, ...marks.flatMap(() => [null, null, null]), null]);
      continue;
    }
    for (const c of s.curves) {
      const at = (d: number) => c.points.find((p) => p.time === d);
      const end = at(days);
      records.push([
        cohort,
        c.group,
        ...marks.flatMap((d) => {
          const p = at(d);
          return [num(p?.death), num(p?.lower), num(p?.upper)];
        }),
        num(end?.discharged),
      ]);
      rows.push([
        `${name}: ${report.groups[c.group].label}`,
        ...marks.map((d) => {
          const p = at(d);
          return p ? `${pct(p.death)} (${pct(p.lower)}–${pct(p.upper)})` : '–';
        }),
        pct(end?.discharged ?? null),
      ]);
    }
  }
  return [
    {
      id: 'competing-risks',
      caption: `Cumulative incidence of in-hospital death by day ${days} (%, 95% CI), live discharge as a competing event (Aalen–Johansen)`,
      header: [
        'Cohort and group',
        ...marks.map((d) => `Death by day ${d}, % (95% CI)`),
        `Discharged alive by day ${days}, %`,
      ],
      rows,
      data: {
        columns: [
          { name: 'cohort', meaning: 'before_matching or after_matching', unit: 'text', type: 'text' },
          { name: 'group', meaning: 'comparator or exposure', unit: 'text', type: 'text' },
          ...marks.flatMap((d): DataColumn[] => [
            {
              name: `death_day_${d}`,
              meaning: `Cumulative incidence of in-hospital death by day ${d}`,
              unit: 'proportion (0–1)',
              type: 'number',
            },
            {
              name: `death_day_${d}_lower`,
              meaning: `Lower limit of the 95% CI of the cumulative incidence by day ${d}`,
              unit: 'proportion (0–1)',
              type: 'number',
            },
            {
              name: `death_day_${d}_upper`,
              meaning: `Upper limit of the 95% CI of the cumulative incidence by day ${d}`,
              unit: 'proportion (0–1)',
              type: 'number',
            },
          ]),
          {
            name: `discharged_day_${days}`,
            meaning: `Cumulative incidence of live discharge by day ${days}`,
            unit: 'proportion (0–1)',
            type: 'number',
          },
        ],
        rows: records,
      },
      note: 'The probability of having died in hospital by each day, counting a live discharge as an outcome of its own rather than as alive or censored.',
    },
  ];
}

/** Figure 4 data: subgroup odds ratios for in-hospital mortality, with p for interaction on each first level. */
function subgroupsTable(report: RegistryReport): ReportTable {
  return {
    id: 'subgroups',
    caption: 'Figure 4 data. Adjusted odds ratios of the exposure for in-hospital mortality by subgroup',
    header: ['Subgroup', 'Level', 'aOR (95% CI)', 'p', 'p for interaction'],
    rows: report.subgroups.flatMap((s) =>
      s.levels.map((l, i) => [
        s.label,
        l.label,
        ...estimateCells(l.estimate),
        i > 0
          ? ''
          : s.interaction.pValue === null
            ? s.interaction.reason
            : formatPValue(s.interaction.pValue),
      ]),
    ),
    data: {
      columns: [
        { name: 'subgroup_id', meaning: 'Identifier of the subgroup variable', unit: 'text', type: 'text' },
        { name: 'level_id', meaning: 'Identifier of the level', unit: 'text', type: 'text' },
        ...estimateColumns('', 'exposure vs comparator for in-hospital mortality within the level'),
        {
          name: 'interaction_p',
          meaning: 'p-value for interaction (likelihood-ratio test), on the first level of each subgroup',
          unit: 'probability',
          type: 'number',
        },
      ],
      rows: report.subgroups.flatMap((s) =>
        s.levels.map((l, i) => [
          s.id,
          l.id,
          ...estimateValues(l.estimate),
          i > 0 ? null : s.interaction.pValue,
        ]),
      ),
    },
  };
}

/** The center benchmark: the rows the audience may see, with the window of quarters in the caption. */
function centerBenchmarkTable(report: RegistryReport, benchmark: BenchmarkView): ReportTable {
  const bench = report.centerBenchmark;
  return {
    id: 'center-benchmark',
    caption: bench.estimable
      ? `Center benchmark over ${bench.quarters[0]} to ${bench.quarters.at(-1)}: volume, crude and risk-adjusted mortality (O/E), percentile among centers`
      : 'Center benchmark',
    header: ['Center', 'Runs', 'Deaths', 'Crude mortality (%)', 'Expected deaths', 'O/E', 'Percentile'],
    rows: benchmark.rows.map((c) => [
      c.displayName,
      // The registry's summary row (center view) has no counts of its own.
      c.centerId === '' ? '–' : formatCount(c.volume),
      c.centerId === '' ? '–' : formatCount(c.deaths),
      formatFixed(c.crudeMortality, 1),
      formatFixed(c.expectedDeaths, 1),
      formatFixed(c.observedToExpected, 2),
      formatFixed(c.percentile, 0),
    ]),
    data: {
      columns: [
        {
          name: 'center_id',
          meaning: 'Center code; empty for an anonymous row or the registry summary',
          unit: 'text',
          type: 'text',
        },
        ...countColumns('runs', 'Runs in the window'),
        ...countColumns('deaths', 'In-hospital deaths in the window'),
        {
          name: 'crude_mortality_percent',
          meaning: 'Deaths as a percentage of runs',
          unit: 'percent (0–100)',
          type: 'number',
        },
        {
          name: 'expected_deaths',
          meaning: 'Deaths expected from the risk model',
          unit: 'deaths',
          type: 'number',
        },
        {
          name: 'observed_to_expected',
          meaning: 'Observed deaths divided by expected deaths (O/E)',
          unit: 'ratio',
          type: 'number',
        },
        {
          name: 'percentile',
          meaning: 'Percentile of the center’s O/E among centers',
          unit: 'percentile (0–100)',
          type: 'number',
        },
      ],
      rows: benchmark.rows.map((c) => [
        c.centerId === undefined || c.centerId === '' ? null : c.centerId,
        ...(c.centerId === '' ? [null, null] : countValues(c.volume)),
        ...(c.centerId === '' ? [null, null] : countValues(c.deaths)),
        num(c.crudeMortality),
        num(c.expectedDeaths),
        num(c.observedToExpected),
        num(c.percentile),
      ]),
    },
    ...(bench.estimable
      ? benchmark.note === undefined
        ? {}
        : { note: benchmark.note }
      : { note: notEstimableNote(bench.reason) }),
  };
}

/** Quarterly trends: runs per quarter and runs with each outcome. */
function quarterlyTrendsTable(report: RegistryReport): ReportTable {
  const labels = outcomeLabels(report);
  const trends = report.quarterlyTrends;
  const outcomeIds = trends[0]?.outcomes.map((o) => o.id) ?? [];
  return {
    id: 'quarterly-trends',
    caption: 'Quarterly trends: runs per quarter and runs with each outcome, n (%)',
    header: ['Quarter', 'Runs', ...outcomeIds.map((id) => labels.get(id) ?? id)],
    rows: trends.map((q) => [
      q.quarter,
      formatCount(q.volume),
      ...q.outcomes.map((o) => formatCountPercent({ count: o.events, percent: o.ratePercent })),
    ]),
    data: {
      columns: [
        { name: 'quarter', meaning: 'Calendar quarter of ECMO start', unit: 'text', type: 'text' },
        ...countColumns('runs', 'Runs in the quarter'),
        ...outcomeIds.flatMap((id): DataColumn[] => [
          ...countColumns(id, `Runs with ${labels.get(id) ?? id}`),
          {
            name: `${id}_percent`,
            meaning: `Runs with ${labels.get(id) ?? id} as a percentage of the quarter's runs`,
            unit: 'percent (0–100)',
            type: 'number',
          },
        ]),
      ],
      rows: trends.map((q) => [
        q.quarter,
        ...countValues(q.volume),
        ...q.outcomes.flatMap((o) => [...countValues(o.events), num(o.ratePercent)]),
      ]),
    },
  };
}

/** Complication rates per run and per 1,000 ECMO hours, overall and by group. */
function complicationRatesTable(report: RegistryReport): ReportTable {
  return {
    id: 'complication-rates',
    caption: 'Complication rates per run and per 1,000 ECMO hours',
    header: [
      'Complication',
      'Group',
      'Runs',
      'Runs with it',
      'Per run (%)',
      'ECMO hours',
      'Per 1,000 ECMO hours',
    ],
    rows: report.complicationRates.flatMap((c) =>
      c.byGroup.map((g) => [
        c.label,
        g.group === 'overall' ? 'All' : report.groups[g.group].label,
        formatCount(g.runs),
        formatCount(g.events),
        formatFixed(g.perRunPercent, 1),
        formatCount({ value: g.ecmoHours }),
        formatFixed(g.per1000EcmoHours, 2),
      ]),
    ),
    data: {
      columns: [
        { name: 'complication_id', meaning: 'Identifier of the complication', unit: 'text', type: 'text' },
        { name: 'group', meaning: 'overall, comparator or exposure', unit: 'text', type: 'text' },
        ...countColumns('runs', 'Runs in the group'),
        ...countColumns('events', 'Runs with the complication'),
        {
          name: 'per_run_percent',
          meaning: 'Runs with the complication as a percentage of runs',
          unit: 'percent (0–100)',
          type: 'number',
        },
        { name: 'ecmo_hours', meaning: 'Total ECMO hours of the runs', unit: 'hours', type: 'number' },
        {
          name: 'per_1000_ecmo_hours',
          meaning: 'Runs with the complication per 1,000 ECMO hours',
          unit: 'per 1,000 ECMO hours',
          type: 'number',
        },
      ],
      rows: report.complicationRates.flatMap((c) =>
        c.byGroup.map((g) => [
          c.id,
          g.group,
          ...countValues(g.runs),
          ...countValues(g.events),
          num(g.perRunPercent),
          num(g.ecmoHours),
          num(g.per1000EcmoHours),
        ]),
      ),
    },
  };
}

/** The data-quality dashboard: each center's latest upload, its verdict and the completeness of its data. */
function dataQualityTable(report: RegistryReport): ReportTable {
  return {
    id: 'data-quality',
    caption:
      'Data-quality dashboard: each center’s latest upload and its verdict (a rejected upload’s data are not in this report)',
    header: [
      'Center',
      'Latest upload',
      'Verdict',
      'Uploads used by this report',
      'Completeness of optional fields (%)',
      'Least complete fields (%)',
    ],
    rows: report.dataQuality.map((d) => [
      d.centerId,
      d.lastUploadAt ?? 'none received',
      d.verdict === null ? '–' : VERDICT_TEXT[d.verdict],
      String(d.uploads),
      d.completeness === null ? '–' : formatFixed(100 * d.completeness.overall, 1),
      d.completeness === null ? '–' : leastComplete(d.completeness.fields),
    ]),
    data: {
      columns: [
        {
          name: 'last_upload_at',
          meaning: 'When the latest upload was received (ISO 8601, UTC); empty when none',
          unit: 'timestamp',
          type: 'text',
        },
        { name: 'verdict', meaning: 'green, yellow or red; empty when none', unit: 'text', type: 'text' },
        { name: 'uploads', meaning: 'Uploads used by this report', unit: 'count', type: 'number' },
        {
          name: 'completeness_percent',
          meaning: 'Completeness of the optional fields over the center’s data in this report',
          unit: 'percent (0–100)',
          type: 'number',
        },
      ],
      rows: report.dataQuality.map((d) => [
        d.lastUploadAt,
        d.verdict,
        d.uploads,
        d.completeness === null ? null : 100 * d.completeness.overall,
      ]),
    },
    ...(report.dataQuality.length === 0
      ? {}
      : {
          note: 'Completeness counts a blank only where the dictionary expects a value (a survivor has no death time), over the center’s data in this report; report.json has every field’s.',
        }),
  };
}

/** The uploads whose data the report uses (provenance). */
function uploadsTable(report: RegistryReport): ReportTable {
  return {
    id: 'uploads',
    caption: 'Uploads used by this report',
    header: ['Upload', 'Center', 'Received', 'Verdict'],
    rows: report.provenance.uploads.map((u) => [u.uploadId, u.centerId, u.receivedAt, u.verdict]),
    // Every column is text already; the display columns are the data.
    data: { columns: [], rows: report.provenance.uploads.map(() => []) },
  };
}

/** Each outcome's label by its id (Table 2), for the tables and figures that list outcomes by id. */
export function outcomeLabels(report: RegistryReport): Map<string, string> {
  return new Map(report.tableTwo.outcomes.map((o) => [o.id, o.label]));
}

/** The three least complete fields below 100 %, e.g. "pre_pao2_mmhg 61.0; pre_ph 74.2", or "all complete". */
function leastComplete(fields: readonly { column: string; completeness: number }[]): string {
  const incomplete = fields
    .filter((f) => f.completeness < 1)
    .sort((a, b) => a.completeness - b.completeness || a.column.localeCompare(b.column))
    .slice(0, 3);
  if (incomplete.length === 0) return 'all complete';
  return incomplete.map((f) => `${f.column} ${formatFixed(100 * f.completeness, 1)}`).join('; ');
}

/** Why a table that the model allows to be empty has no rows, for the tables whose emptiness has one cause. */
const EMPTY_TABLE_NOTES: Record<string, string> = {
  flowchart: 'Not estimable: the cohort rules produced no steps.',
  'table-1': 'Not estimable: no runs are in the cohort.',
  'table-2': 'Not estimable: no runs are in the cohort.',
  'adjusted-odds-ratios': 'Not estimable: the spec names no outcome to adjust.',
  survival: 'Not estimable: no survival analysis could be run.',
  subgroups: 'Not estimable: the spec names no subgroup, or no subgroup had runs in both groups.',
  'center-benchmark':
    'Not shown: no center has a risk-adjusted ratio to show (every center’s counts are suppressed or empty).',
  'quarterly-trends': 'Not estimable: no quarter has runs in the cohort.',
  'complication-rates': 'Not estimable: no runs are in the cohort.',
  'data-quality': 'No center has uploaded data yet.',
  uploads: 'No upload was used: no center has accepted data in this report.',
};

/**
 * The note of a section the model marks not estimable: "Not estimable: {reason}", without repeating "not
 * estimable" when the reason already starts with it.
 */
export function notEstimableNote(reason: string): string {
  const rest = reason.replace(/^\s*not estimable\s*[:,;-]?\s*/i, '').trim();
  return `Not estimable: ${rest === '' ? 'no reason was given' : rest}`;
}
