/** The quarterly registry report: its spec, its analyses and the `report.json` model. */
export {
  buildRegistryReport,
  buildReport,
  type BuildRegistryReportOptions,
  type BuiltReport,
} from './build-registry-report.js';
export {
  RegistryReportSchema,
  ReportUploadSchema,
  SuppressedCellSchema,
  toPublishedJson,
} from './registry-report-schema.js';
export type {
  MatchingSection,
  NotEstimable,
  Provenance,
  PublishedBenchmarkRow,
  PublishedCenterBenchmark,
  RegistryReport,
  ReportGroup,
  ReportUpload,
} from './registry-report.js';
export * from './spec/index.js';
export {
  DEFAULT_SUPPRESSION_THRESHOLD,
  suppressCount,
  suppressTable,
  type SuppressedCell,
} from './small-cell-suppression.js';
