/** The use cases the handlers, the CLI and the local stack call, with the dependencies they take. */
export {
  closeQuarterByHand,
  closeQuarterIfDue,
  planCloseQuarter,
  CloseQuarterEventSchema,
  CloseQuarterInputError,
  type CloseQuarterEvent,
  type CloseQuarterByHandResult,
  type CloseQuarterPlan,
  type CloseQuarterResult,
} from './close-quarter-if-due.js';
export { ingestUploadBatch } from './ingest-upload-batch.js';
export {
  regenerateStaleReports,
  type QuarterDecision,
  type ReportBatchOptions,
} from './regenerate-stale-reports.js';
export { readRegistryStatus, type CenterStatus } from './registry-status.js';
export { decodeS3EventKey, MalformedMessageError, uploadObjectsOf } from './upload-objects.js';
export type { IngestDependencies } from '../ingest/index.js';
export type { GenerateQuarterReportDeps } from '../report/generate-quarter-report.js';
