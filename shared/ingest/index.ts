/** The ingestion core: from an uploaded object to the center's merged data set and per-quarter aggregates. */
export * from './types/index.js';
export * from './errors.js';
export { quarterOf, placeRun, type RunPlacement } from './run-quarter.js';
export {
  encodeRun,
  decodeRun,
  encodedColumns,
  parseRunCells,
  runIdOfLine,
  type Cell,
} from './run-encoding.js';
export { QuarterAggregator, summedColumns } from './quarter-aggregator.js';
export { aggregateRunSet, placeRunCells, type RunSetAggregation } from './encoded-run-aggregator.js';
export { recomputeAggregates, compareRunIds } from './recompute-aggregates.js';
export { mergeRuns, type RunChange, type RunSet, type RunSetMerge } from './merge-runs.js';
export { affectedQuarters } from './affected-quarters.js';
export { canonicalJson, diffAggregates, sameAggregate } from './aggregate-diff.js';
export { deriveUploadId, type UploadIdentity } from './upload-id.js';
export { HashingReader } from './hashing-reader.js';
export {
  curatedFormat,
  curatedFormatVersion,
  curatedVersionKey,
  readCuratedRunSet,
  readCuratedRuns,
  serializeCuratedDataSet,
  splitLines,
  type CuratedHeader,
} from './curated-data-set.js';
export {
  centerRejectionVerdict,
  foreignRowsVerdict,
  type CenterRejection,
} from './center-rejection-verdict.js';
export {
  createJsonLogger,
  metricsNamespace,
  silentLogger,
  type IngestLogContext,
  type IngestLogger,
  type LogLevel,
} from './ingest-logger.js';
export {
  ingestUpload,
  type IngestDependencies,
  type IngestOutcome,
  type UploadObject,
} from './ingest-upload.js';
export { dictionaryValidator } from './dictionary-validator.js';
export {
  describeFailure,
  isLastAttempt,
  recordIngestFailure,
  type IngestFailureRecord,
} from './ingest-failure.js';
export {
  failedIngestVerdict,
  ingestFailedRule,
  supersededRule,
  supersededVerdict,
} from './outcome-verdicts.js';
export { compareSequencers, isSuperseded, laterSequencer } from './upload-order.js';
export { writeVerdict } from './verdict-files.js';
export { verdictNotice } from './verdict-notice.js';
