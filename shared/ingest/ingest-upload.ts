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

/**
 * Ingests one uploaded object: resolves its center, streams and validates it, writes the verdict, records the
 * upload in the ledger and, when accepted, merges it into the center's data set, replaces the changed quarter
 * aggregates and emits a "quarter stale" event per affected quarter.
 * @throws {MergeConflictError} when concurrent uploads of the center kept winning; {IngestError},
 *   ObjectStoreError and RegistryStoreError on infrastructure failures. The queue redelivers the event then.
 * @example await ingestUpload(deps, { bucket: 'ecls-uploads', key: 'uploads/C001/2023-q3.csv' })
 */
export async function ingestUpload(deps: IngestDependencies, upload: UploadObject): Promise<IngestOutcome> {
  const logger = deps.logger ?? silentLogger;
  const now = deps.now ?? (() => new Date());
  const step = async (name: IngestStep, centerId: string | null, uploadId?: string): Promise<void> => {
    logger.log('debug', `step ${name}`, { step: name, centerId, uploadId, key: upload.key });
    await deps.beforeStep?.(name, { centerId, uploadId });
  };

  // 1. Resolve the center from the key.
  await step('resolve-center', null);
  const route = parseUploadKey(upload.key);
  const centerId = route?.centerId ?? null;
  const mode: UploadMode = route?.mode ?? 'upsert';
  const center = centerId === null ? undefined : deps.findCenter(centerId);
  const rejection: CenterRejection | undefined = !route
    ? 'unroutable-key'
    : !center
      ? 'unknown-center'
      : !center.active
        ? 'inactive-center'
        : undefined;

  // With a version id the upload id is known before reading: a finished upload is not read again.
  if (upload.versionId) {
    const earlyId = deriveUploadId({ ...upload, checksum: '' });
    const finished = await deps.registry.getUpload(earlyId);
    if (finished && (finished.status === 'completed' || finished.status === 'rejected')) {
      logger.log('info', 'upload already ingested', { step: 'resolve-center', uploadId: earlyId, centerId });
      return duplicateOutcome(finished);
    }
  }

  // 2. Stream and validate, hashing the bytes on the way.
  await step('validate', centerId);
  const object = await deps.objects.getStream(upload);
  const reader = new HashingReader(object.body);
  let verdict: Verdict;
  const incoming = new Map<string, string>();
  if (rejection) {
    const { bytes } = await reader.digest();
    verdict = centerRejectionVerdict(rejection, { key: upload.key, centerId, bytes });
  } else {
    let foreignRows = 0;
    verdict = await deps.validator.validate(reader.chunks(), {
      centerId: centerId!,
      onRow: (row: RunRow) => {
        if (row.center_id !== centerId) foreignRows += 1;
        else incoming.set(row.run_id ?? '', encodeRun(row));
      },
    });
    if (verdict.accepted && foreignRows > 0) verdict = foreignRowsVerdict(verdict, centerId!, foreignRows);
    if (!verdict.accepted) incoming.clear();
  }
  const { checksum, bytes } = await reader.digest();
  const versionId = upload.versionId ?? object.versionId ?? null;
  const uploadId = deriveUploadId({ bucket: upload.bucket, key: upload.key, versionId, checksum });
  const validatedAt = now().toISOString();
  verdict = withVerdictSource(verdict, {
    ...upload,
    versionId,
    uploadId,
    uploadedAt: object.lastModified,
    centerId,
  });
  const log = { uploadId, centerId, key: upload.key };
  logger.log('info', `validated: ${verdict.status}`, { ...log, step: 'validate', rows: verdict.rows, bytes });

  let entry = await deps.registry.getUpload(uploadId);
  if (entry && (entry.status === 'completed' || entry.status === 'rejected')) {
    logger.log('info', 'upload already ingested', { ...log, step: 'validate' });
    return duplicateOutcome(entry);
  }

  const verdictPrefix = entry?.verdictPrefix ?? keys.validationPrefix(prefixCenter(centerId), uploadId);
  if (entry) {
    // A retry of an unfinished upload: the last delivery of an earlier attempt may have replaced the verdict with
    // a "could not be processed" one (ingest-failure.ts); the same validation verdict goes back in its place.
    await step('write-verdict', centerId, uploadId);
    await writeVerdict(deps, verdictPrefix, verdict);
  } else {
    // 3. Write the verdict next to the center's other verdicts.
    await step('write-verdict', centerId, uploadId);
    await writeVerdict(deps, verdictPrefix, verdict);
    const verdictWrittenAt = now().toISOString();

    // The center hears of its verdict once it is readable; a redelivery of a recorded upload does not repeat it.
    await step('notify-center', centerId, uploadId);
    if (deps.notifier && center) {
      const notice = verdictNotice({
        centerId: center.id,
        uploadId,
        uploadKey: upload.key,
        mode,
        verdict,
        dataBucket: deps.dataBucket,
        verdictPrefix,
        validatedAt,
      });
      await notifyCenter(deps.notifier, notice, logger, log);
    }

    // 4. Record the upload in the ledger (once per upload id).
    await step('record-upload', centerId, uploadId);
    const rejectedRows = verdict.accepted ? 0 : verdict.summary.rows;
    const recorded: LedgerEntry = {
      uploadId,
      centerId,
      bucket: upload.bucket,
      key: upload.key,
      versionId,
      checksum,
      bytes,
      mode,
      status: verdict.accepted ? 'accepted' : 'rejected',
      verdictStatus: verdict.status,
      rows: verdict.summary.rows,
      acceptedRows: verdict.accepted ? verdict.summary.acceptedRows : 0,
      rejectedRows,
      errors: verdict.summary.errors,
      warnings: verdict.summary.warnings,
      verdictPrefix,
      steps: { validatedAt, verdictWrittenAt, recordedAt: now().toISOString() },
      ...(upload.sequencer ? { sequencer: upload.sequencer } : {}),
    };
    const result = await deps.registry.recordUpload(recorded);
    entry = result.created ? recorded : result.existing;
    if (result.created) {
      logger.metrics(
        {
          AcceptedRows: recorded.acceptedRows,
          RejectedRows: rejectedRows,
          UploadsRejected: verdict.accepted ? 0 : 1,
        },
        { ...log, step: 'record-upload', verdictStatus: verdict.status },
      );
    }
    if (entry.status === 'rejected' || entry.status === 'completed') {
      logger.log('info', `upload ${entry.status}`, { ...log, step: 'record-upload' });
      return { ...duplicateOutcome(entry), duplicate: !result.created };
    }
  }

  // 5. Merge into the center's data set and replace the changed aggregates, under the pointer's optimistic lock.
  let merge = entry.merge;
  if (entry.status === 'accepted') {
    const result = await mergeIntoDataSet(
      deps,
      { centerId: centerId!, uploadId, mode, incoming, sequencer: upload.sequencer },
      step,
      logger,
      now,
    );
    if ('superseded' in result) {
      // A newer upload of the center is current: nothing is merged, and the verdict says so.
      await step('complete', centerId, uploadId);
      await writeVerdict(
        deps,
        verdictPrefix,
        supersededVerdict(verdict, {
          centerId: centerId!,
          key: upload.key,
          newerUploadId: result.superseded.byUploadId,
        }),
      );
      await deps.registry.supersedeUpload(uploadId, result.superseded);
      logger.log('info', 'upload superseded: a newer upload of the center was already applied', {
        ...log,
        step: 'complete',
        sequencer: upload.sequencer,
        currentSequencer: result.superseded.currentSequencer,
        newerUploadId: result.superseded.byUploadId,
      });
      return {
        uploadId,
        centerId,
        status: 'completed',
        superseded: true,
        duplicate: false,
        verdictStatus: 'yellow',
        affectedQuarters: [],
      };
    }
    merge = result;
  }
  if (!merge)
    throw new IngestError(`Upload ${uploadId} is ${entry.status} but its ledger entry has no merge outcome.`);

  // 6. Tell the report pipeline which quarters changed (at least once: a retry may send them again).
  await step('emit-stale', centerId, uploadId);
  await deps.stalePublisher.publish(
    merge.affectedQuarters.map((quarter) => ({
      type: 'quarter-stale' as const,
      centerId: centerId!,
      quarter,
      uploadId,
      version: merge.version,
    })),
  );

  await step('complete', centerId, uploadId);
  await deps.registry.markUpload(uploadId, {
    status: 'completed',
    steps: { completedAt: now().toISOString() },
  });
  logger.log('info', 'upload merged', {
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
    centerId,
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

/**
 * Reads the current version, merges, writes the next version's curated object under its immutable key and
 * switches the pointer; on a conflict with a concurrent commit, starts again from the new current version.
 */
async function mergeIntoDataSet(
  deps: IngestDependencies,
  upload: {
    centerId: string;
    uploadId: string;
    mode: UploadMode;
    incoming: ReadonlyMap<string, string>;
    sequencer: string | undefined;
  },
  step: (name: IngestStep, centerId: string | null, uploadId?: string) => Promise<void>,
  logger: IngestLogger,
  now: () => Date,
): Promise<UploadMergeOutcome | { superseded: UploadSupersession }> {
  const { centerId, uploadId } = upload;
  const maxAttempts = deps.maxMergeAttempts ?? 8;
  const backoff = deps.backoff ?? defaultBackoff;
  let lastConflict: unknown;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (attempt > 1) await backoff(attempt);
    await step('read-current', centerId, uploadId);
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
          at: now().toISOString(),
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
    const diff = diffAggregates(stored, aggregation.aggregates);
    const version = (pointer?.version ?? 0) + 1;
    const curatedKey = curatedVersionKey(centerId, version, uploadId);
    const outcome: UploadMergeOutcome = {
      version,
      curatedKey,
      added: merged.added,
      updated: merged.updated,
      removed: merged.removed,
      unchanged: merged.unchanged,
      runs: merged.runs.size,
      affectedQuarters: aggregation.affectedQuarters,
    };

    await step('write-curated', centerId, uploadId);
    await deps.objects.put(
      { bucket: deps.dataBucket, key: curatedKey },
      serializeCuratedDataSet({ centerId, version, uploadId }, merged.runs),
      { contentType: 'application/x-ndjson' },
    );

    await step('switch-pointer', centerId, uploadId);
    const at = now().toISOString();
    try {
      await deps.registry.switchPointer({
        expectedVersion: pointer?.version ?? 0,
        next: {
          centerId,
          version,
          curatedKey,
          uploadId,
          mode: upload.mode,
          runs: merged.runs.size,
          updatedAt: at,
          ...orderOfNext(pointer, upload),
        },
        putAggregates: diff.put,
        deleteQuarters: diff.remove,
        uploadId,
        merge: outcome,
        mergedAt: at,
      });
      return outcome;
    } catch (error) {
      if (error instanceof UploadAlreadyMergedError) {
        const entry = await deps.registry.getUpload(uploadId);
        if (entry?.merge) return entry.merge;
        throw new IngestError(`Upload ${uploadId} is merged but its ledger entry has no merge outcome.`, {
          cause: error,
        });
      }
      if (!(error instanceof PointerVersionConflictError)) throw error;
      lastConflict = error;
      logger.log('info', 'data set changed under the merge; retrying', {
        uploadId,
        centerId,
        step: 'switch-pointer',
        attempt,
        expectedVersion: pointer?.version ?? 0,
      });
    }
  }
  throw new MergeConflictError(centerId, maxAttempts, { cause: lastConflict });
}
