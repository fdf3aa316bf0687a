/**
 * Renders the data dictionary for people (`docs/data-dictionary.md`) and for exporters (`docs/template.csv`),
 * straight from `RunRowSchema`, so the documentation can never disagree with validation. A test regenerates
 * both and fails when the committed files are out of date (`npm run docs` rewrites them).
 */
import { columnGroups } from './column-meta.js';
import { crossFieldRules } from './cross-field-rules.js';
import { columns, type ColumnDescription } from './describe-columns.js';
import { formatCell, UNDOCUMENTED_BLANKS } from './cell-parsers.js';
import { analysisColumns, type MissingColumnEffect } from './analysis-columns.js';
import { analysisLabels } from '../i18n/problem-messages.js';

const KIND_LABEL: Record<ColumnDescription['kind'], string> = {
  string: 'text',
  integer: 'integer',
  number: 'number',
  boolean: 'yes/no',
  enum: 'code',
  datetime: 'date-time',
};

function allowed(column: ColumnDescription): string {
  if (column.values) {
    return column.values
      .map((v) =>
        column.valueLabels?.[v] && column.valueLabels[v] !== v
          ? `\`${v}\` (${column.valueLabels[v]})`
          : `\`${v}\``,
      )
      .join(', ');
  }
  if (column.min !== undefined && column.max !== undefined) return `${column.min} – ${column.max}`;
  if (column.kind === 'boolean') return '`yes`, `no`';
  if (column.kind === 'datetime') return '`YYYY-MM-DD HH:MM`';
  return '';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** What a missing optional column means, as the dictionary's table says it. */
const missingEffect: Record<MissingColumnEffect, string> = {
  reject: 'error: the file is rejected',
  'exclude-runs': 'warning: every run of the file is left out of them',
  impute: "warning: the file's values are all imputed",
  omit: "warning: they lack the file's values for it",
  ignore: 'no warning: only consistency checks read it',
};

/** The Markdown data dictionary: one table per column group, then the cross-field rules and accepted formats. */
export function renderDataDictionaryMarkdown(): string {
  const lines: string[] = [
    '# ECLS Registry data dictionary',
    '',
    '<!-- Generated from shared/dictionary/run-row-schema.ts by `npm run docs`. Do not edit by hand. -->',
    '',
    'One row is one VA-ECMO run of one patient. A file is UTF-8 (with or without BOM) or GB18030, delimited by',
    'commas, semicolons or tabs, with a header row. Header names are matched ignoring case, spaces, dashes and',
    'underscores, and the aliases listed below are accepted. Blank cells (or `NA`) mean "not recorded".',
    `Cells written ${[...UNDOCUMENTED_BLANKS].map((t) => `\`${t}\``).join(', ')} are read as blank too, with a warning`,
    '(`unknown-value-token`, one per column with its count): leave such cells empty or write `NA` instead.',
    '',
    `${columns.length} columns; ${columns.filter((c) => c.required).length} are required in every row.`,
    '',
  ];
  for (const group of columnGroups) {
    const groupColumns = columns.filter((c) => c.group === group);
    if (groupColumns.length === 0) continue;
    lines.push(`## ${group[0]!.toUpperCase()}${group.slice(1)}`, '');
    lines.push('| column | type | unit | allowed | required | description | also accepted as |');
    lines.push('|---|---|---|---|---|---|---|');
    for (const c of groupColumns) {
      lines.push(
        `| \`${c.name}\` | ${KIND_LABEL[c.kind]} | ${cell(c.unit ?? '')} | ${cell(allowed(c))} | ${c.required ? 'yes' : 'no'} | ${cell(c.description)} | ${c.aliases.map((a) => `\`${a}\``).join(', ')} |`,
      );
    }
    lines.push('');
  }
  lines.push('## Cross-field rules', '');
  lines.push('An error rejects the whole file; a warning is reported and the file is still accepted.', '');
  lines.push('| rule | severity | what it checks |', '|---|---|---|');
  for (const rule of crossFieldRules)
    lines.push(`| \`${rule.id}\` | ${rule.severity} | ${cell(rule.description)} |`);
  lines.push(
    '',
    '## Columns the analyses need',
    '',
    'A blank cell lowers completeness; a column missing from the file takes the center out of the analyses that',
    'need it, so a file without one of these columns is at least yellow, with a `missing-analysis-column` warning',
    'that names the analyses. Required columns are not listed: a file without one is rejected.',
    '',
    '| column | needed by | if the file has no such column |',
    '|---|---|---|',
  );
  for (const c of columns) {
    const entry = analysisColumns[c.name];
    if (entry.whenMissing === 'reject') continue;
    const standIns = entry.standIns?.map((set) => set.map((n) => `\`${n}\``).join(' and ')).join(' or ');
    lines.push(
      `| \`${c.name}\` | ${cell(entry.analyses.map((a) => analysisLabels.en[a]).join('; ') || '–')} | ${missingEffect[entry.whenMissing]}${standIns ? ` (not needed when the file has ${standIns})` : ''} |`,
    );
  }
  lines.push(
    '',
    '## Cell formats',
    '',
    '- **date-time**: hospital local time, no time zone: `2023-07-05 14:30`, `2023-07-05T14:30:00`, `2023-07-05`,',
    '  or the Excel form `2023/7/5 14:30`. Day-first and month-first dates (`05/07/2023`) are ambiguous and rejected.',
    '- **yes/no**: `yes`/`no`; also `y`/`n`, `true`/`false`, `1`/`0`, `是`/`否`.',
    '- **number**: a decimal point or a decimal comma (`7,25`); no thousands separators.',
    '- **code**: one of the listed codes, in any case; `M`/`F` are accepted for sex.',
    '- An IABP started before ECMO is valid data: the run is excluded from the study cohort, not rejected.',
    '',
  );
  return lines.join('\n');
}

/** A CSV template: the header row in dictionary order, and one example completed run. */
export function renderCsvTemplate(): string {
  const example: Record<string, string | number | boolean> = {
    center_id: 'C001',
    run_id: 'R-0001',
    age_years: 58,
    sex: 'male',
    height_cm: 172,
    weight_kg: 75,
    bmi: 25.4,
    pregnant: false,
    admission_at: Date.UTC(2023, 6, 5, 9, 10),
    ecmo_start_at: Date.UTC(2023, 6, 5, 14, 30),
    ecmo_end_at: Date.UTC(2023, 6, 9, 10, 0),
    discharge_at: Date.UTC(2023, 6, 24, 11, 0),
    iabp: true,
    iabp_start_at: Date.UTC(2023, 6, 5, 18, 0),
    indication: 'cardiogenic_shock',
    ecmo_mode: 'VA',
    mode_conversion: false,
    cannulation: 'peripheral',
    lv_unloading: 'none',
    diagnosis: 'ami',
    pre_cardiac_arrest: false,
    pre_vasopressor_count: 2,
    pre_mechanical_ventilation: true,
    pre_sbp_mmhg: 78,
    pre_dbp_mmhg: 45,
    pre_map_mmhg: 56,
    pre_ph: 7.28,
    pre_paco2_mmhg: 38,
    pre_pao2_mmhg: 92,
    pre_lactate_mmol_l: 6.4,
    lactate_4h_mmol_l: 5.1,
    lactate_24h_mmol_l: 2.3,
    vasopressor_change: 'fewer',
    died_in_hospital: false,
    survived_ecmo: true,
    ecmo_hours: 91.5,
    icu_days: 9,
    ventilation_hours: 120,
    hospital_days: 19,
  };
  const header = columns.map((c) => c.name).join(',');
  const row = columns
    .map((c) => {
      const value =
        example[c.name] ?? (c.group === 'history' || c.group === 'complications' ? false : undefined);
      return formatCell(c.kind, value);
    })
    .join(',');
  return `${header}\n${row}\n`;
}
