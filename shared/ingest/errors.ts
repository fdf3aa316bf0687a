/** Errors of the ingestion core. Each names what went wrong and keeps the underlying error as `cause`. */

/** Base class of the ingestion's own errors. */
export class IngestError extends Error {
  override readonly name: string = 'IngestError';
}

/** A curated data-set object cannot be read back (wrong format or a truncated line). */
export class CuratedDataSetFormatError extends IngestError {
  override readonly name = 'CuratedDataSetFormatError';
}

/** Other uploads for the same center kept committing first; the message is retried later by the queue. */
export class MergeConflictError extends IngestError {
  override readonly name = 'MergeConflictError';
  constructor(
    readonly centerId: string,
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super(
      `Could not merge into center ${centerId}'s data set: it changed under ${attempts} attempts in a row. ` +
        'The upload stays recorded as accepted and the next delivery of its event will merge it.',
      options,
    );
  }
}

/** A ledger entry was recorded with content that differs from what the same upload id should carry. */
export class LedgerMismatchError extends IngestError {
  override readonly name = 'LedgerMismatchError';
}

/** A run has neither a discharge nor an ECMO start, so it belongs to no quarter. */
export class RunPlacementError extends IngestError {
  override readonly name = 'RunPlacementError';
  constructor(runId: string | undefined) {
    super(
      `Run ${runId ?? '(no run id)'} has neither discharge_at nor ecmo_start_at, so it cannot be placed in a quarter.`,
    );
  }
}
