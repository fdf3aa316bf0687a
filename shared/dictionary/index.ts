/** The registry's data dictionary: the row schema, its columns, cross-field rules and cell formats. */
export { RunRowSchema, columnNames, historyColumns, type RunRow, type ColumnName } from './run-row-schema.js';
export {
  columns,
  columnByName,
  matchHeader,
  normalizeHeader,
  headerSpellings,
  DictionaryDefinitionError,
  type ColumnDescription,
} from './describe-columns.js';
export {
  columnTextZh,
  valueLabelsZh,
  crossFieldRuleDescriptionsZh,
  type ChineseColumnText,
  type CodedColumnName,
  type CodeOf,
} from './column-labels-zh.js';
export { columnText, valueLabel, type ColumnText } from './column-text.js';
export {
  crossFieldRules,
  bmiFromHeightWeight,
  type CrossFieldRule,
  type RuleFinding,
  type Severity,
} from './cross-field-rules.js';
export {
  parseCell,
  parseDateTime,
  parseNumber,
  isBlank,
  normalizeEnumValue,
  formatCell,
  formatDateTime,
  type CellResult,
} from './cell-parsers.js';
export {
  complicationCategories,
  complicationCategoryNames,
  hasComplication,
  type ComplicationCategory,
  type ComplicationColumn,
} from './complications.js';
export { columnGroups, type ColumnGroup, type ColumnKind, type ColumnMeta } from './column-meta.js';
