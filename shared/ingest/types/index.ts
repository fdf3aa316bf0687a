export type { FieldCompleteness, FieldSums, Quarter, QuarterAggregate } from './quarter-aggregate.js';
export { ingestSteps, type IngestStep } from './ingest-step.js';
export type {
  LedgerEntry,
  UploadMergeOutcome,
  UploadMode,
  UploadStatus,
  UploadStepTimes,
  UploadSupersession,
} from './upload.js';
export type { CenterPointer } from './center-pointer.js';
export type { QuarterStaleEvent } from './quarter-stale-event.js';
export type { VerdictNotice } from './verdict-notice.js';
