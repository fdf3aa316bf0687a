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
  crossFieldRuleIds,
  bmiFromHeightWeight,
  type CrossFieldRule,
  type CrossFieldRuleId,
  type CrossFieldParams,
  type RuleFinding,
  type Severity,
} from './cross-field-rules.js';
export {
  analysisColumns,
  analysisIds,
  missingAnalysisColumns,
  type AnalysisColumn,
  type AnalysisId,
  type MissingColumnEffect,
} from './analysis-columns.js';
export {
  parseCell,
  parseDateTime,
  parseNumber,
  isBlank,
  isUndocumentedBlank,
  UNDOCUMENTED_BLANKS,
  normalizeEnumValue,
  formatCell,
  formatDateTime,
  type CellResult,
  type CellFailureCode,
} from './cell-parsers.js';
export {
  complicationCategories,
  complicationCategoryNames,
  hasComplication,
  type ComplicationCategory,
  type ComplicationColumn,
} from './complications.js';
export { columnGroups, type ColumnGroup, type ColumnKind, type ColumnMeta } from './column-meta.js';
