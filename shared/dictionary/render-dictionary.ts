/**
 * Renders the data dictionary for people (`docs/data-dictionary.md` in English, `docs/data-dictionary.zh-CN.md` in
 * Simplified Chinese) and for exporters (`docs/template.csv`, the same in every language: its header uses the
 * machine names), straight from `RunRowSchema`, so the documentation can never disagree with validation. A test
 * regenerates them and fails when the committed files are out of date (`npm run docs` rewrites them).
 */
import { dictionaryUi } from '../i18n/dictionary-ui.js';
import type { Language } from '../i18n/language.js';
import { columnTextZh, crossFieldRuleDescriptionsZh } from './column-labels-zh.js';
import { columnGroups } from './column-meta.js';
import { columnText, valueLabel } from './column-text.js';
import { crossFieldRules } from './cross-field-rules.js';
import { columns, type ColumnDescription } from './describe-columns.js';
import { formatCell, UNDOCUMENTED_BLANKS } from './cell-parsers.js';
import { analysisColumns } from './analysis-columns.js';
import { analysisLabels } from '../i18n/problem-messages.js';

/** The file each language's dictionary is written to, relative to the repository root. */
export const dataDictionaryPaths: Readonly<Record<Language, string>> = {
  en: 'docs/data-dictionary.md',
  'zh-CN': 'docs/data-dictionary.zh-CN.md',
};

function allowed(column: ColumnDescription, language: Language): string {
  const ui = dictionaryUi[language];
  if (column.values) {
    const separator = language === 'en' ? ', ' : '、';
    return column.values
      .map((v) => {
        const label = valueLabel(column.name, v, language);
        if (label === undefined || label === v) return `\`${v}\``;
        return language === 'en' ? `\`${v}\` (${label})` : `\`${v}\`（${label}）`;
      })
      .join(separator);
  }
  if (column.min !== undefined && column.max !== undefined) return `${column.min} – ${column.max}`;
  if (column.kind === 'boolean') return ui.booleanValues;
  if (column.kind === 'datetime') return ui.dateTimeForm;
  return '';
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The other header spellings a column accepts: its English aliases, then its Chinese aliases. */
function otherSpellings(column: ColumnDescription): string[] {
  return [...column.aliases, ...(columnTextZh[column.name].aliases ?? [])];
}

/**
 * The Markdown data dictionary in `language`: the file format and the template, one table per column group,
 * then the cross-field rules and accepted cell formats. Each column's row carries an anchor named after the
 * column (`#pre_ph`), so other pages can link to its entry.
 */
export function renderDataDictionaryMarkdown(language: Language): string {
  const ui = dictionaryUi[language];
  const t = ui.columnTable;
  const lines: string[] = [
    `# ${ui.title}`,
    '',
    ui.generatedNote,
    '',
    ui.otherLanguage,
    '',
    ...ui.intro,
    ui.unknownTokens([...UNDOCUMENTED_BLANKS].map((t) => `\`${t}\``).join(', ')),
    '',
    ui.counts({ columns: columns.length, required: columns.filter((c) => c.required).length }),
    '',
    `## ${ui.templateHeading}`,
    '',
    ...ui.templateNotes,
    '',
  ];
  for (const group of columnGroups) {
    const groupColumns = columns.filter((c) => c.group === group);
    if (groupColumns.length === 0) continue;
    lines.push(`## ${ui.groups[group]}`, '');
    lines.push(
      `| ${t.name} | ${t.chineseHeader} | ${t.type} | ${t.unit} | ${t.allowed} | ${t.required} | ${t.description} | ${t.alsoAccepted} |`,
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const c of groupColumns) {
      const text = columnText(c.name, language);
      lines.push(
        `| <a id="${c.name}"></a>\`${c.name}\` | ${cell(columnTextZh[c.name].label)} | ${ui.kinds[c.kind]} | ${cell(text.unit ?? '')} | ${cell(allowed(c, language))} | ${c.required ? ui.yes : ui.no} | ${cell(text.description)} | ${otherSpellings(
          c,
        )
          .map((a) => `\`${a}\``)
          .join(language === 'en' ? ', ' : '、')} |`,
      );
    }
    lines.push('');
  }
  lines.push(`## ${ui.crossFieldHeading}`, '');
  lines.push(ui.crossFieldIntro, '');
  lines.push(
    `| ${ui.crossFieldTable.rule} | ${ui.crossFieldTable.severity} | ${ui.crossFieldTable.checks} |`,
  );
  lines.push('|---|---|---|');
  for (const rule of crossFieldRules) {
    // An untranslated rule shows its English wording rather than nothing; a test requires every translation.
    const description =
      language === 'en' ? rule.description : (crossFieldRuleDescriptionsZh[rule.id] ?? rule.description);
    lines.push(`| \`${rule.id}\` | ${ui.severities[rule.severity]} | ${cell(description)} |`);
  }
  lines.push('', `## ${ui.analysesHeading}`, '', ...ui.analysesIntro, '');
  lines.push(
    `| ${ui.analysesTable.column} | ${ui.analysesTable.neededBy} | ${ui.analysesTable.ifMissing} |`,
    '|---|---|---|',
  );
  for (const c of columns) {
    const entry = analysisColumns[c.name];
    if (entry.whenMissing === 'reject') continue;
    const standIns = entry.standIns?.map((set) => set.map((n) => `\`${n}\``).join(ui.and)).join(ui.or);
    const neededBy = entry.analyses.map((a) => analysisLabels[language][a]).join(ui.listSeparator) || '–';
    lines.push(
      `| \`${c.name}\` | ${cell(neededBy)} | ${ui.missingEffects[entry.whenMissing]}${standIns ? ui.standIns(standIns) : ''} |`,
    );
  }
  lines.push('', `## ${ui.cellFormatsHeading}`, '', ...ui.cellFormats, '');
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
