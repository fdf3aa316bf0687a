/** The declarative report spec, its variable language, and the source study's default. */
export { ReportSpecSchema, type ReportSpec, type ReportSpecInput } from './report-spec-schema.js';
export {
  VariableSpecSchema,
  type BinaryVariableSpec,
  type CategoricalVariableSpec,
  type ContinuousVariableSpec,
  type VariableSpec,
} from './variable-spec.js';
export {
  defaultReportSpec,
  defaultReportSpecInput,
  paperWindow,
  paperWindowReportSpec,
  paperWindowReportSpecInput,
  reportSpecsById,
} from './default-report-spec.js';
