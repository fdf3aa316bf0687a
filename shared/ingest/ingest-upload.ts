/**
 * The ingestion of one uploaded object, from its S3 event to the center's merged data set and aggregates.
 *
 * Exactly once in effect: every step is either idempotent (verdict objects are rewritten with the same content,
 * a curated version key is immutable per upload) or guarded in DynamoDB (the ledger entry is created once; the
 * pointer switch is conditional on the version read and on the upload not being merged yet, and moves the
 * pointer, the aggregates and the ledger in one transaction). A redelivered event, or a retry after a crash
 * between any two steps, therefore converges on the same final state.
 */
import { CenterIdSchema } from '../config/centers.js';
import { keys, parseUploadKey } from '../config/resources.js';
import type { RunRow } from '../dictionary/index.js';
import {
  PointerVersionConflictError,
  UploadAlreadyMergedError,
  type ObjectStore,
  type QuarterStalePublisher,
  type RegistryStore,
  type UploadValidator,
  type VerdictNotifier,
} from '../ports/index.js';
import type { Verdict } from '../validation/verdict-schema.js';
import { diffAggregates } from './aggregate-diff.js';
import { aggregateRunSet } from './encoded-run-aggregator.js';
import {
  centerRejectionVerdict,
  foreignRowsVerdict,
  type CenterRejection,
} from './center-rejection-verdict.js';
import { curatedVersionKey, readCuratedRunSet, serializeCuratedDataSet } from './curated-data-set.js';
import { IngestError, MergeConflictError } from './errors.js';
import { HashingReader } from './hashing-reader.js';
import { silentLogger, type IngestLogger } from './ingest-logger.js';
import { mergeRuns } from './merge-runs.js';
import { encodeRun } from './run-encoding.js';
import { supersededVerdict } from './outcome-verdicts.js';
import { writeVerdict } from './verdict-files.js';
import { withVerdictSource } from './verdict-source.js';
import { isSuperseded, laterSequencer } from './upload-order.js';
import type {
  CenterPointer,
  IngestStep,
  LedgerEntry,
  Quarter,
  UploadMergeOutcome,
  UploadMode,
  UploadSupersession,
  VerdictNotice,
} from './types/index.js';
import { deriveUploadId } from './upload-id.js';
import { verdictNotice } from './verdict-notice.js';

/** The object an S3 ObjectCreated event names, with its key already URL-decoded. */
export interface UploadObject {
  bucket: string;
  key: string;
  versionId?: string;
  /**
   * The S3 event's `sequencer` (hex, grows with each event): orders the center's uploads when the queue delivers
   * them out of order (upload-order.ts). Absent: the upload is applied in delivery order.
   */
  sequencer?: string;
}

/** What the pipeline needs; every dependency is a port, so the same code runs on AWS, locally and in tests. */
export interface IngestDependencies {
  objects: ObjectStore;
  registry: RegistryStore;
  validator: UploadValidator;
  stalePublisher: QuarterStalePublisher;
  /** Optional: sends each known center its upload's verdict summary. A failure is logged and counted, never fatal. */
  notifier?: VerdictNotifier;
  /** Physical name of the private data bucket (verdicts, curated data sets). */
  dataBucket: string;
  /** The centers' registry (shared/config/centers.ts `findCenter`). */
  findCenter: (centerId: string) => { id: string; active: boolean } | undefined;
  logger?: IngestLogger;
  now?: () => Date;
  /** Fault-injection seam: awaited before each step; a test throws from it to crash the pipeline there. */
  beforeStep?: (
    step: IngestStep,
    context: { centerId: string | null; uploadId?: string },
  ) => void | Promise<void>;
  /** Merge attempts against concurrent commits before giving the message back to the queue. Default 8. */
  maxMergeAttempts?: number;
  /** Waits before merge attempt `attempt` (2, 3, …). Default: jittered exponential, 20 ms · 2^n, at most 1 s. */
  backoff?: (attempt: number) => Promise<void>;
  /**
   * The ingest queue's redrive `maxReceiveCount`: a message that fails on its receive number `maxReceiveCount`
   * goes to the dead-letter queue next, so the center is given a "could not be processed" verdict first.
   * Default `ingestRedrive.maxReceiveCount` (3).
   */
  maxReceiveCount?: number;
}

/** What became of one upload. */
export interface IngestOutcome {
  uploadId: string;
  centerId: string | null;
  status: 'rejected' | 'completed';
  /** True when a newer upload of the center was applied first, so this one was not merged (status completed). */
  superseded?: boolean;
  /** True when an earlier delivery had already finished this upload, so this one changed nothing. */
  duplicate: boolean;
  verdictStatus: Verdict['status'];
  /** The data-set version the upload created (accepted uploads). */
  version?: number;
  affectedQuarters: Quarter[];
}

const defaultBackoff = (attempt: number): Promise<void> =>
  new Promise((resolve) =>
    setTimeout(resolve, Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random() / 2)),
  );

/** The folder-safe center id used in private prefixes: the key's, or `_unknown` when the key names none. */
function prefixCenter(centerId: string | null): string {
  return centerId !== null && CenterIdSchema.safeParse(centerId).success ? centerId : '_unknown';
}

/** Awaits the fault-injection seam before the named step, after logging it. */
type StepSeam = (name: IngestStep, centerId: string | null, uploadId?: string) => Promise<void>;

/** One ingestion in progress: the dependencies with their defaults resolved, and the step seam. */
interface Ingestion {
  deps: IngestDependencies;
  upload: UploadObject;
  logger: IngestLogger;
  now: () => Date;
  step: StepSeam;
}

/** The center an upload's key names, and why the upload is rejected without validation, if it is. */
interface ResolvedCenter {
  centerId: string | null;
  mode: UploadMode;
  center: { id: string; active: boolean } | undefined;
  rejection: CenterRejection | undefined;
}

/** What reading and validating the upload's bytes established. */
interface ValidatedUpload {
  uploadId: string;
  versionId: string | null;
  checksum: string;
  bytes: number;
  verdict: Verdict;
  /** The accepted runs, keyed by run id, as encoded lines (empty when the upload is rejected). */
  incoming: Map<string, string>;
  validatedAt: string;
  /** The fields every log line of this upload carries. */
  log: { uploadId: string; centerId: string | null; key: string };
}

/**
 * Ingests one uploaded object: resolves its center, streams and validates it, writes the verdict, records the
 * upload in the ledger and, when accepted, merges it into the center's data set, replaces the changed quarter
 * aggregates and emits a "quarter stale" event per affected quarter.
 * @throws {MergeConflictError} when concurrent uploads of the center kept winning; {IngestError},
 *   ObjectStoreError and RegistryStoreError on infrastructure failures. The queue redelivers the event then.
 * @example await ingestUpload(deps, { bucket: 'ecls-uploads', key: 'uploads/C001/2023-q3.csv' })
 */
export async function ingestUpload(deps: IngestDependencies, upload: UploadObject): Promise<IngestOutcome> {
  const run = startIngestion(deps, upload);

  // 1. Resolve the center from the key.
  const resolved = await resolveCenter(run);
  const finishedBefore = await findFinishedByVersion(run, resolved.centerId);
  if (finishedBefore) return duplicateOutcome(finishedBefore);

  // 2. Stream and validate, hashing the bytes on the way.
  const validated = await validateUpload(run, resolved);
  const recorded = await deps.registry.getUpload(validated.uploadId);
  if (isFinished(recorded)) {
    run.logger.log('info', 'upload already ingested', { ...validated.log, step: 'validate' });
    return duplicateOutcome(recorded);
  }

  // 3. Write the verdict next to the center's other verdicts. A retry of an unfinished upload writes it again:
  // the last delivery of an earlier attempt may have replaced it with a "could not be processed" one
  // (ingest-failure.ts), and the same validation verdict goes back in its place.
  const verdictPrefix =
    recorded?.verdictPrefix ?? keys.validationPrefix(prefixCenter(resolved.centerId), validated.uploadId);
  await writeValidationVerdict(run, resolved.centerId, validated, verdictPrefix);

  let entry: LedgerEntry;
  if (recorded) entry = recorded;
  else {
    const verdictWrittenAt = run.now().toISOString();
    // The center hears of its verdict once it is readable; a redelivery of a recorded upload does not repeat it.
    await notifyOfVerdict(run, resolved, validated, verdictPrefix);

    // 4. Record the upload in the ledger (once per upload id).
    const claim = await recordUpload(run, resolved, validated, verdictPrefix, verdictWrittenAt);
    if (isFinished(claim.entry)) {
      run.logger.log('info', `upload ${claim.entry.status}`, { ...validated.log, step: 'record-upload' });
      return { ...duplicateOutcome(claim.entry), duplicate: !claim.created };
    }
    entry = claim.entry;
  }

  // 5. Merge into the center's data set and replace the changed aggregates, under the pointer's optimistic lock.
  let merge = entry.merge;
  if (entry.status === 'accepted') {
    const result = await mergeIntoDataSet(run, {
      centerId: resolved.centerId!,
      uploadId: validated.uploadId,
      mode: resolved.mode,
      incoming: validated.incoming,
      sequencer: upload.sequencer,
    });
    if ('superseded' in result) {
      return completeSuperseded(run, resolved.centerId!, validated, verdictPrefix, result.superseded);
    }
    merge = result;
  }
  if (!merge) {
    throw new IngestError(
      `Upload ${validated.uploadId} is ${entry.status} but its ledger entry has no merge outcome.`,
    );
  }

  // 6. Tell the report pipeline which quarters changed, then close the ledger entry.
  await emitStale(run, resolved.centerId!, validated.uploadId, merge);
  return completeMerged(run, validated, entry, merge);
}

/** Resolves the optional dependencies and binds the step seam to the upload's key. */
function startIngestion(deps: IngestDependencies, upload: UploadObject): Ingestion {
  const logger = deps.logger ?? silentLogger;
  const step: StepSeam = async (name, centerId, uploadId) => {
    logger.log('debug', `step ${name}`, { step: name, centerId, uploadId, key: upload.key });
    await deps.beforeStep?.(name, { centerId, uploadId });
  };
  return { deps, upload, logger, now: deps.now ?? (() => new Date()), step };
}

/** True when the ledger entry is final: the upload was rejected, or merged (or superseded) and completed. */
function isFinished(
  entry: LedgerEntry | undefined,
): entry is LedgerEntry & { status: 'completed' | 'rejected' } {
  return entry !== undefined && (entry.status === 'completed' || entry.status === 'rejected');
}

/** Step `resolve-center`: the center, the upload mode and any rejection the key alone decides. */
async function resolveCenter(run: Ingestion): Promise<ResolvedCenter> {
  await run.step('resolve-center', null);
  const route = parseUploadKey(run.upload.key);
  const centerId = route?.centerId ?? null;
  const center = centerId === null ? undefined : run.deps.findCenter(centerId);
  const rejection: CenterRejection | undefined = !route
    ? 'unroutable-key'
    : !center
      ? 'unknown-center'
      : !center.active
        ? 'inactive-center'
        : undefined;
  return { centerId, mode: route?.mode ?? 'upsert', center, rejection };
}

/**
 * With a version id the upload id is known before reading, so a finished upload is not read again: returns its
 * ledger entry then.
 */
async function findFinishedByVersion(
  run: Ingestion,
  centerId: string | null,
): Promise<LedgerEntry | undefined> {
  if (!run.upload.versionId) return undefined;
  const earlyId = deriveUploadId({ ...run.upload, checksum: '' });
  const finished = await run.deps.registry.getUpload(earlyId);
  if (!isFinished(finished)) return undefined;
  run.logger.log('info', 'upload already ingested', { step: 'resolve-center', uploadId: earlyId, centerId });
  return finished;
}

/**
 * Step `validate`: streams the object through the validator (or straight to a rejection verdict when the key
 * already decided it), hashing the bytes, and derives the upload id from the version id and the checksum.
 */
async function validateUpload(run: Ingestion, resolved: ResolvedCenter): Promise<ValidatedUpload> {
  const { deps, upload } = run;
  const { centerId, rejection } = resolved;
  await run.step('validate', centerId);
  const object = await deps.objects.getStream(upload);
  const reader = new HashingReader(object.body);
  const incoming = new Map<string, string>();
  let verdict: Verdict;
  if (rejection) {
    const { bytes } = await reader.digest();
    verdict = centerRejectionVerdict(rejection, { key: upload.key, centerId, bytes });
  } else {
    verdict = await validateRows(deps.validator, reader, centerId!, incoming);
  }
  const { checksum, bytes } = await reader.digest();
  const versionId = upload.versionId ?? object.versionId ?? null;
  const uploadId = deriveUploadId({ bucket: upload.bucket, key: upload.key, versionId, checksum });
  const validatedAt = run.now().toISOString();
  verdict = withVerdictSource(verdict, {
    ...upload,
    versionId,
    uploadId,
    uploadedAt: object.lastModified,
    centerId,
  });
  const log = { uploadId, centerId, key: upload.key };
  run.logger.log('info', `validated: ${verdict.status}`, {
    ...log,
    step: 'validate',
    rows: verdict.rows,
    bytes,
  });
  return { uploadId, versionId, checksum, bytes, verdict, incoming, validatedAt, log };
}

/**
 * Validates the rows of a routed upload, collecting the center's runs into `incoming` as encoded lines. Rows of
 * another center turn an accepted verdict into a rejection; a rejected upload brings no runs.
 */
async function validateRows(
  validator: UploadValidator,
  reader: HashingReader,
  centerId: string,
  incoming: Map<string, string>,
): Promise<Verdict> {
  let foreignRows = 0;
  let verdict = await validator.validate(reader.chunks(), {
    centerId,
    onRow: (row: RunRow) => {
      if (row.center_id !== centerId) foreignRows += 1;
      else incoming.set(row.run_id ?? '', encodeRun(row));
    },
  });
  if (verdict.accepted && foreignRows > 0) verdict = foreignRowsVerdict(verdict, centerId, foreignRows);
  if (!verdict.accepted) incoming.clear();
  return verdict;
}

/** Step `write-verdict`: writes the validation verdict under the upload's verdict prefix (idempotent). */
async function writeValidationVerdict(
  run: Ingestion,
  centerId: string | null,
  validated: ValidatedUpload,
  verdictPrefix: string,
): Promise<void> {
  await run.step('write-verdict', centerId, validated.uploadId);
  await writeVerdict(run.deps, verdictPrefix, validated.verdict);
}

/** Step `notify-center`: sends a known center its verdict summary, when a notifier is configured. */
async function notifyOfVerdict(
  run: Ingestion,
  resolved: ResolvedCenter,
  validated: ValidatedUpload,
  verdictPrefix: string,
): Promise<void> {
  await run.step('notify-center', resolved.centerId, validated.uploadId);
  const { notifier, dataBucket } = run.deps;
  if (!notifier || !resolved.center) return;
  const notice = verdictNotice({
    centerId: resolved.center.id,
    uploadId: validated.uploadId,
    uploadKey: run.upload.key,
    mode: resolved.mode,
    verdict: validated.verdict,
    dataBucket,
    verdictPrefix,
    validatedAt: validated.validatedAt,
  });
  await notifyCenter(notifier, notice, run.logger, validated.log);
}

/**
 * Step `record-upload`: creates the upload's ledger entry, or returns the one a concurrent delivery created
 * first (`created` false). Counts the accepted and rejected rows once, when the entry is created.
 */
async function recordUpload(
  run: Ingestion,
  resolved: ResolvedCenter,
  validated: ValidatedUpload,
  verdictPrefix: string,
  verdictWrittenAt: string,
): Promise<{ entry: LedgerEntry; created: boolean }> {
  const { upload } = run;
  const { uploadId, verdict } = validated;
  await run.step('record-upload', resolved.centerId, uploadId);
  const rejectedRows = verdict.accepted ? 0 : verdict.summary.rows;
  const recorded: LedgerEntry = {
    uploadId,
    centerId: resolved.centerId,
    bucket: upload.bucket,
    key: upload.key,
    versionId: validated.versionId,
    checksum: validated.checksum,
    bytes: validated.bytes,
    mode: resolved.mode,
    status: verdict.accepted ? 'accepted' : 'rejected',
    verdictStatus: verdict.status,
    rows: verdict.summary.rows,
    acceptedRows: verdict.accepted ? verdict.summary.acceptedRows : 0,
    rejectedRows,
    errors: verdict.summary.errors,
    warnings: verdict.summary.warnings,
    verdictPrefix,
    steps: { validatedAt: validated.validatedAt, verdictWrittenAt, recordedAt: run.now().toISOString() },
    ...(upload.sequencer ? { sequencer: upload.sequencer } : {}),
  };
  const result = await run.deps.registry.recordUpload(recorded);
  if (!result.created) return { entry: result.existing, created: false };
  run.logger.metrics(
    {
      AcceptedRows: recorded.acceptedRows,
      RejectedRows: rejectedRows,
      UploadsRejected: verdict.accepted ? 0 : 1,
    },
    { ...validated.log, step: 'record-upload', verdictStatus: verdict.status },
  );
  return { entry: recorded, created: true };
}

/**
 * Step `complete` for an upload a newer one of the center overtook: nothing is merged, the verdict says so and
 * the ledger entry records by which upload.
 */
async function completeSuperseded(
  run: Ingestion,
  centerId: string,
  validated: ValidatedUpload,
  verdictPrefix: string,
  superseded: UploadSupersession,
): Promise<IngestOutcome> {
  const { uploadId } = validated;
  await run.step('complete', centerId, uploadId);
  await writeVerdict(
    run.deps,
    verdictPrefix,
    supersededVerdict(validated.verdict, {
      centerId,
      key: run.upload.key,
      newerUploadId: superseded.byUploadId,
    }),
  );
  await run.deps.registry.supersedeUpload(uploadId, superseded);
  run.logger.log('info', 'upload superseded: a newer upload of the center was already applied', {
    ...validated.log,
    step: 'complete',
    sequencer: run.upload.sequencer,
    currentSequencer: superseded.currentSequencer,
    newerUploadId: superseded.byUploadId,
  });
  return {
    uploadId,
    centerId: validated.log.centerId,
    status: 'completed',
    superseded: true,
    duplicate: false,
    verdictStatus: 'yellow',
    affectedQuarters: [],
  };
}

/** Step `emit-stale`: one "quarter stale" event per affected quarter (at least once: a retry may resend them). */
async function emitStale(
  run: Ingestion,
  centerId: string,
  uploadId: string,
  merge: UploadMergeOutcome,
): Promise<void> {
  await run.step('emit-stale', centerId, uploadId);
  await run.deps.stalePublisher.publish(
    merge.affectedQuarters.map((quarter) => ({
      type: 'quarter-stale' as const,
      centerId,
      quarter,
      uploadId,
      version: merge.version,
    })),
  );
}

/** Step `complete` for a merged upload: marks the ledger entry completed and reports the merge. */
async function completeMerged(
  run: Ingestion,
  validated: ValidatedUpload,
  entry: LedgerEntry,
  merge: UploadMergeOutcome,
): Promise<IngestOutcome> {
  const { uploadId, log } = validated;
  await run.step('complete', log.centerId, uploadId);
  await run.deps.registry.markUpload(uploadId, {
    status: 'completed',
    steps: { completedAt: run.now().toISOString() },
  });
  run.logger.log('info', 'upload merged', {
    ...log,
    step: 'complete',
    version: merge.version,
    added: merge.added,
    updated: merge.updated,
    removed: merge.removed,
    affectedQuarters: merge.affectedQuarters,
  });
  return {
    uploadId,
    centerId: log.centerId,
    status: 'completed',
    duplicate: false,
    verdictStatus: entry.verdictStatus,
    version: merge.version,
    affectedQuarters: merge.affectedQuarters,
  };
}

/** Sends the verdict summary; a failure is logged and counted as a metric, and the ingestion goes on. */
async function notifyCenter(
  notifier: VerdictNotifier,
  notice: VerdictNotice,
  logger: IngestLogger,
  log: { uploadId: string; centerId: string | null; key: string },
): Promise<void> {
  try {
    await notifier.notify(notice);
    logger.log('info', 'center notified of its verdict', { ...log, step: 'notify-center' });
  } catch (error) {
    logger.log('warn', 'could not notify the center of its verdict; the ingestion goes on', {
      ...log,
      step: 'notify-center',
      error: { name: (error as Error)?.name, message: (error as Error)?.message },
    });
    logger.metrics({ VerdictNotificationsFailed: 1 }, { ...log, step: 'notify-center' });
  }
}

/** The outcome of an upload an earlier delivery already finished, from its ledger entry. */
function duplicateOutcome(entry: LedgerEntry): IngestOutcome {
  return {
    uploadId: entry.uploadId,
    centerId: entry.centerId,
    status: entry.status === 'rejected' ? 'rejected' : 'completed',
    ...(entry.superseded ? { superseded: true } : {}),
    duplicate: true,
    verdictStatus: entry.superseded ? 'yellow' : entry.verdictStatus,
    ...(entry.merge ? { version: entry.merge.version } : {}),
    affectedQuarters: entry.merge?.affectedQuarters ?? [],
  };
}

/** The sequencers the next pointer carries: the newest applied upload's, and the newest applied snapshot's. */
function orderOfNext(
  pointer: CenterPointer | undefined,
  upload: { mode: UploadMode; sequencer: string | undefined },
): Pick<CenterPointer, 'sequencer' | 'snapshotSequencer'> {
  const sequencer = laterSequencer(pointer?.sequencer, upload.sequencer);
  const snapshotSequencer =
    upload.mode === 'snapshot'
      ? laterSequencer(pointer?.snapshotSequencer, upload.sequencer)
      : pointer?.snapshotSequencer;
  return {
    ...(sequencer !== undefined ? { sequencer } : {}),
    ...(snapshotSequencer !== undefined ? { snapshotSequencer } : {}),
  };
}

/** The upload as the merge sees it: an accepted upload of a known center. */
interface MergeInput {
  centerId: string;
  uploadId: string;
  mode: UploadMode;
  incoming: ReadonlyMap<string, string>;
  sequencer: string | undefined;
}

/** The next version one merge attempt prepared, before the pointer switch. */
interface PreparedMerge {
  pointer: CenterPointer | undefined;
  runs: ReadonlyMap<string, string>;
  diff: ReturnType<typeof diffAggregates>;
  outcome: UploadMergeOutcome;
}

/**
 * Steps `read-current` to `switch-pointer`: reads the current version, merges, writes the next version's curated
 * object under its immutable key and switches the pointer; on a conflict with a concurrent commit, starts again
 * from the new current version.
 */
async function mergeIntoDataSet(
  run: Ingestion,
  upload: MergeInput,
): Promise<UploadMergeOutcome | { superseded: UploadSupersession }> {
  const maxAttempts = run.deps.maxMergeAttempts ?? 8;
  const backoff = run.deps.backoff ?? defaultBackoff;
  let lastConflict: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await backoff(attempt);
    const prepared = await prepareMerge(run, upload);
    if ('superseded' in prepared) return prepared;
    await writeCurated(run, upload, prepared);
    const switched = await switchPointer(run, upload, prepared);
    if ('conflict' in switched) {
      lastConflict = switched.conflict;
      run.logger.log('info', 'data set changed under the merge; retrying', {
        uploadId: upload.uploadId,
        centerId: upload.centerId,
        step: 'switch-pointer',
        attempt,
        expectedVersion: prepared.pointer?.version ?? 0,
      });
      continue;
    }
    return switched.merge;
  }
  throw new MergeConflictError(upload.centerId, maxAttempts, { cause: lastConflict });
}

/**
 * Step `read-current`: reads the pointer, the stored aggregates and the current curated runs, and merges the
 * upload into them; or says which newer upload supersedes this one.
 */
async function prepareMerge(
  run: Ingestion,
  upload: MergeInput,
): Promise<PreparedMerge | { superseded: UploadSupersession }> {
  const { deps } = run;
  const { centerId, uploadId } = upload;
  await run.step('read-current', centerId, uploadId);
  const [pointer, stored] = await Promise.all([
    deps.registry.getPointer(centerId),
    deps.registry.listAggregates(centerId),
  ]);
  // Checked against every pointer read, so a newer upload that wins the race in between is seen on the retry.
  if (pointer && isSuperseded(upload, pointer)) {
    return {
      superseded: {
        byUploadId: pointer.uploadId,
        currentSequencer: (upload.mode === 'snapshot' ? pointer.sequencer : pointer.snapshotSequencer)!,
        at: run.now().toISOString(),
      },
    };
  }
  const current = pointer
    ? (
        await readCuratedRunSet(
          (await deps.objects.getStream({ bucket: deps.dataBucket, key: pointer.curatedKey })).body,
        )
      ).runs
    : new Map<string, string>();
  const merged = mergeRuns(current, upload.incoming, upload.mode);
  // Straight from the lines: one parse per run, no typed row (equal to recomputeAggregates by construction).
  const aggregation = aggregateRunSet(centerId, merged.runs, merged.changes);
  const version = (pointer?.version ?? 0) + 1;
  return {
    pointer,
    runs: merged.runs,
    diff: diffAggregates(stored, aggregation.aggregates),
    outcome: {
      version,
      curatedKey: curatedVersionKey(centerId, version, uploadId),
      added: merged.added,
      updated: merged.updated,
      removed: merged.removed,
      unchanged: merged.unchanged,
      runs: merged.runs.size,
      affectedQuarters: aggregation.affectedQuarters,
    },
  };
}

/** Step `write-curated`: writes the next version's curated data set under its immutable key. */
async function writeCurated(run: Ingestion, upload: MergeInput, prepared: PreparedMerge): Promise<void> {
  const { centerId, uploadId } = upload;
  const { version, curatedKey } = prepared.outcome;
  await run.step('write-curated', centerId, uploadId);
  await run.deps.objects.put(
    { bucket: run.deps.dataBucket, key: curatedKey },
    serializeCuratedDataSet({ centerId, version, uploadId }, prepared.runs),
    { contentType: 'application/x-ndjson' },
  );
}

/**
 * Step `switch-pointer`: moves the pointer, the aggregates and the ledger entry in one conditional transaction.
 * Returns the merge outcome (this attempt's, or an earlier delivery's when that one merged first), or the
 * conflict when a concurrent commit moved the pointer.
 */
async function switchPointer(
  run: Ingestion,
  upload: MergeInput,
  prepared: PreparedMerge,
): Promise<{ merge: UploadMergeOutcome } | { conflict: PointerVersionConflictError }> {
  const { centerId, uploadId } = upload;
  const { pointer, outcome, diff } = prepared;
  await run.step('switch-pointer', centerId, uploadId);
  const at = run.now().toISOString();
  try {
    await run.deps.registry.switchPointer({
      expectedVersion: pointer?.version ?? 0,
      next: {
        centerId,
        version: outcome.version,
        curatedKey: outcome.curatedKey,
        uploadId,
        mode: upload.mode,
        runs: outcome.runs,
        updatedAt: at,
        ...orderOfNext(pointer, upload),
      },
      putAggregates: diff.put,
      deleteQuarters: diff.remove,
      uploadId,
      merge: outcome,
      mergedAt: at,
    });
    return { merge: outcome };
  } catch (error) {
    if (error instanceof PointerVersionConflictError) return { conflict: error };
    if (!(error instanceof UploadAlreadyMergedError)) throw error;
    const entry = await run.deps.registry.getUpload(uploadId);
    if (entry?.merge) return { merge: entry.merge };
    throw new IngestError(`Upload ${uploadId} is merged but its ledger entry has no merge outcome.`, {
      cause: error,
    });
  }
}
