/**
 * Errors the ports define, so the core can tell them apart without knowing which adapter threw. Adapters wrap
 * every SDK error in one of these and keep the original as `cause`.
 */

/** Base class: an object store call failed. */
export class ObjectStoreError extends Error {
  override readonly name: string = 'ObjectStoreError';
}

/** The object (or the requested version of it) does not exist. */
export class ObjectNotFoundError extends ObjectStoreError {
  override readonly name = 'ObjectNotFoundError';
  constructor(
    readonly bucket: string,
    readonly key: string,
    options?: { cause?: unknown },
  ) {
    super(`Object s3://${bucket}/${key} does not exist.`, options);
  }
}

/** Base class: a registry store (ledger, pointer, aggregates) call failed. */
export class RegistryStoreError extends Error {
  override readonly name: string = 'RegistryStoreError';
}

/** The center's pointer moved on since it was read: another upload committed first. Re-read and retry. */
export class PointerVersionConflictError extends RegistryStoreError {
  override readonly name = 'PointerVersionConflictError';
  constructor(
    readonly centerId: string,
    readonly expectedVersion: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Center ${centerId}'s data set is no longer at version ${expectedVersion}; another upload committed first.`,
      options,
    );
  }
}

/** The upload was merged already (by an earlier delivery of the same event); its merge must not be applied again. */
export class UploadAlreadyMergedError extends RegistryStoreError {
  override readonly name = 'UploadAlreadyMergedError';
  constructor(
    readonly uploadId: string,
    options?: { cause?: unknown },
  ) {
    super(`Upload ${uploadId} has been merged already.`, options);
  }
}

/** The switch would write more items than one DynamoDB transaction holds. */
export class TransactionTooLargeError extends RegistryStoreError {
  override readonly name = 'TransactionTooLargeError';
}

/** "Quarter stale" events could not be handed to the report queue; the ingestion step fails and is retried. */
export class QuarterStalePublishError extends Error {
  override readonly name = 'QuarterStalePublishError';
}

/** The verdict summary could not be sent to the center. The ingestion logs and counts it, and carries on. */
export class VerdictNotificationError extends Error {
  override readonly name = 'VerdictNotificationError';
}
