/** Upload validation: the streaming engine, the data-quality verdict and its renderings. */
export {
  validateUpload,
  validateAndCollect,
  type UploadSource,
  type ValidateUploadOptions,
} from './validate-upload.js';
export {
  VerdictSchema,
  VerdictSummarySchema,
  VerdictStatusSchema,
  ProblemSchema,
  ProblemScopeSchema,
  ProblemSeveritySchema,
  ColumnCompletenessSchema,
  VerdictSourceSchema,
  type Verdict,
  type VerdictSource,
  type VerdictSummary,
  type VerdictStatus,
  type Problem,
  type ProblemScope,
  type ColumnCompleteness,
} from './verdict-schema.js';
export {
  ValidationLimitsSchema,
  defaultLimits,
  defaultCompletenessThreshold,
  type ValidationLimits,
} from './limits.js';
export {
  UploadRejectedError,
  UnknownEncodingError,
  UploadLimitError,
  ValidationOptionsError,
  type FileRule,
  type FileRuleFinding,
} from './errors.js';
export {
  compileCellValidator,
  checkCellWithSchema,
  type CellValidator,
  type CellOutcome,
  type CellFailure,
  type CellRule,
} from './cell-validators.js';
export type { RowHandler } from './row-validator.js';
export {
  joinAnalyses,
  type CellParams,
  type FileParams,
  type IngestParams,
  type ProblemParams,
  type ProblemRule,
  type StoredParams,
  type TypeExpectation,
} from './problem-rules.js';
export { fileProblem } from './problem-collector.js';
export { renderVerdictHtml, type RenderVerdictHtmlOptions } from './render-verdict-html.js';
export { annotatedCsv, canAnnotate, type AnnotatedCsvOptions } from './annotated-csv.js';
export { renderVerdictCsv, neutralizeCsvFormula } from './render-verdict-csv.js';
export { renderVerdictText } from './render-verdict-text.js';
