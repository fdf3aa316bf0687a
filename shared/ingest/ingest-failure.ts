/**
 * The last word on an upload that could not be processed. When the delivery that fails is the queue's last one
 * before the dead-letter queue, the center would otherwise wait forever for a verdict: this writes a red verdict
 * in the upload's verdict folder that says so, that the registry team is alerted (the dead-letter queue's alarm)
 * and what the center can do. The ledger is left as it is, so a redrive from the dead-letter queue, once the
 * cause is fixed, ingests the upload normally and puts the validation verdict back.
 */
import { CenterIdSchema } from '../config/centers.js';
import { ingestRedrive, keys, parseUploadKey } from '../config/resources.js';
import { TransactionTooLargeError } from '../ports/index.js';
import { VerdictSchema, type Verdict } from '../validation/verdict-schema.js';
import { IngestError } from './errors.js';
import { HashingReader } from './hashing-reader.js';
import type { IngestDependencies, UploadObject } from './ingest-upload.js';
import { silentLogger } from './ingest-logger.js';
import { failedIngestVerdict } from './outcome-verdicts.js';
import { deriveUploadId } from './upload-id.js';
import { verdictNotice } from './verdict-notice.js';
import { writeVerdict } from './verdict-files.js';
import { withVerdictSource } from './verdict-source.js';

/** Where a "could not be processed" verdict was written. */
export interface IngestFailureRecord {
  uploadId: string;
  verdictPrefix: string;
}

/**
 * True when a delivery with this receive count (SQS `ApproximateReceiveCount`) is the last one before the
 * dead-letter queue.
 */
export function isLastAttempt(
  receiveCount: number,
  maxReceiveCount: number = ingestRedrive.maxReceiveCount,
): boolean {
  return Number.isFinite(receiveCount) && receiveCount >= maxReceiveCount;
}

/**
 * What the center is told about the cause: the ingestion's own errors and the too-large transaction are written
 * for people and say how to fix them; anything else (SDK and network failures) is named only, since its message
 * talks about the registry's infrastructure, not the center's file.
 */
export function describeFailure(error: unknown): string {
  if (error instanceof IngestError || error instanceof TransactionTooLargeError) return error.message;
  const name = (error as Error | undefined)?.name;
  return `${name && name !== 'Error' ? name : 'an error'} on the registry's side`;
}

async function readVerdict(deps: IngestDependencies, verdictPrefix: string): Promise<Verdict | undefined> {
  try {
    const { body } = await deps.objects.getStream({
      bucket: deps.dataBucket,
      key: `${verdictPrefix}verdict.json`,
    });
    const chunks: Buffer[] = [];
    for await (const chunk of body) chunks.push(Buffer.from(chunk));
    const parsed = VerdictSchema.safeParse(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    // No verdict yet (the failure came before it was written), or an unreadable one: start from none.
    return undefined;
  }
}

/**
 * Writes the "could not be processed" verdict of one upload (and sends its notice when a notifier is set). Does
 * nothing when the ledger says the upload was finished after all (a message can fail on a later upload of the
 * same notification). The upload id is the pipeline's: from the version id, or else from the content's sha256,
 * which is why the object may be read here (streamed, one chunk at a time).
 * @returns where the verdict went; undefined when the upload was already finished.
 * @throws ObjectStoreError or RegistryStoreError when the verdict cannot be written either; the message still
 *   goes to the dead-letter queue and its alarm is then the only signal.
 */
export async function recordIngestFailure(
  deps: IngestDependencies,
  upload: UploadObject,
  failure: { attempts: number; error: unknown },
): Promise<IngestFailureRecord | undefined> {
  const logger = deps.logger ?? silentLogger;
  const route = parseUploadKey(upload.key);
  const centerId = route?.centerId ?? null;
  let bytes = 0;
  let checksum = '';
  let versionId = upload.versionId ?? null;
  let lastModified: Date | undefined;
  if (!versionId) {
    const object = await deps.objects.getStream(upload);
    ({ checksum, bytes } = await new HashingReader(object.body).digest());
    versionId = object.versionId ?? null;
    lastModified = object.lastModified;
  }
  const uploadId = deriveUploadId({ bucket: upload.bucket, key: upload.key, versionId, checksum });
  const entry = await deps.registry.getUpload(uploadId);
  if (entry && (entry.status === 'completed' || entry.status === 'rejected')) return undefined;
  const folder = centerId !== null && CenterIdSchema.safeParse(centerId).success ? centerId : '_unknown';
  const verdictPrefix = entry?.verdictPrefix ?? keys.validationPrefix(folder, uploadId);
  const previous = await readVerdict(deps, verdictPrefix);
  const failed = failedIngestVerdict(previous, {
    centerId,
    key: upload.key,
    uploadId,
    attempts: failure.attempts,
    bytes: previous?.summary.bytes ?? entry?.bytes ?? bytes,
    reason: describeFailure(failure.error),
  });
  const verdict = failed.source
    ? failed
    : withVerdictSource(failed, {
        bucket: upload.bucket,
        key: upload.key,
        versionId,
        uploadId,
        uploadedAt: lastModified,
        centerId,
      });
  await writeVerdict(deps, verdictPrefix, verdict, { annotate: false });
  const log = { uploadId, centerId, key: upload.key, step: 'failed' };
  logger.log('error', 'upload could not be processed; its center has a "failed" verdict', log);
  logger.metrics({ UploadsFailed: 1 }, log);
  const center = centerId === null ? undefined : deps.findCenter(centerId);
  if (deps.notifier && center) {
    try {
      await deps.notifier.notify(
        verdictNotice({
          centerId: center.id,
          uploadId,
          uploadKey: upload.key,
          mode: route?.mode ?? 'upsert',
          verdict,
          dataBucket: deps.dataBucket,
          verdictPrefix,
          validatedAt: (deps.now ?? (() => new Date()))().toISOString(),
        }),
      );
    } catch (error) {
      logger.log('warn', 'could not notify the center of its "failed" verdict', {
        ...log,
        error: { name: (error as Error)?.name, message: (error as Error)?.message },
      });
      logger.metrics({ VerdictNotificationsFailed: 1 }, log);
    }
  }
  return { uploadId, verdictPrefix };
}
