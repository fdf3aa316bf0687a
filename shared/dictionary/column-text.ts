/**
 * A column's words for people, in a given language: in English the machine name is the label (it is what the
 * template and every export use); in Chinese the label is the header a Chinese hospital export would carry.
 */
import type { Language } from '../i18n/language.js';
import { columnTextZh, valueLabelsZh, type CodedColumnName } from './column-labels-zh.js';
import { columnByName } from './describe-columns.js';
import type { ColumnName } from './run-row-schema.js';

/** What a person reads about a column in one language. */
export interface ColumnText {
  label: string;
  description: string;
  unit?: string;
}

/**
 * The column's label, description and unit in `language`.
 * @example columnText('ecmo_hours', 'zh-CN') // { label: 'ECMO辅助时间', description: 'ECMO持续时间', unit: '小时' }
 */
export function columnText(name: ColumnName, language: Language): ColumnText {
  const column = columnByName.get(name)!;
  if (language === 'en') {
    return column.unit === undefined
      ? { label: name, description: column.description }
      : { label: name, description: column.description, unit: column.unit };
  }
  const zh = columnTextZh[name];
  const unit = zh.unit ?? column.unit;
  return unit === undefined
    ? { label: zh.label, description: zh.description }
    : { label: zh.label, description: zh.description, unit };
}

function isCoded(name: ColumnName): name is CodedColumnName {
  return Object.hasOwn(valueLabelsZh, name);
}

/**
 * A code's label in `language`, or undefined when the dictionary gives none (English labels are only given where
 * the code alone would be unclear, e.g. `pcs`).
 * @example valueLabel('diagnosis', 'pcs', 'zh-CN') // '心脏术后心源性休克'
 */
export function valueLabel(name: ColumnName, code: string, language: Language): string | undefined {
  if (language === 'en') return columnByName.get(name)?.valueLabels?.[code];
  if (!isCoded(name)) return undefined;
  const labels: Readonly<Record<string, string>> = valueLabelsZh[name];
  return Object.hasOwn(labels, code) ? labels[code] : undefined;
}
