/**
 * Errors that stop reading an upload. The validator turns each into a file-level problem of the verdict (it never
 * throws them to its caller); they are classes so the reading stages can abort a stream with a reason.
 */

/** File-level rule ids that stop reading the file. */
export type FileRule =
  'not-csv' | 'unknown-encoding' | 'file-too-large' | 'too-many-rows' | 'field-too-long' | 'malformed-csv';

/** The upload cannot be read any further; `rule` and `message` become its file-level problem. */
export class UploadRejectedError extends Error {
  override readonly name: string = 'UploadRejectedError';
  readonly rule: FileRule;
  /** Line of the file the reader had reached, when known. */
  readonly row: number | null;

  constructor(rule: FileRule, message: string, options?: { cause?: unknown; row?: number | null }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.rule = rule;
    this.row = options?.row ?? null;
  }
}

/** The bytes are neither UTF-8 nor plausible GB18030 text. */
export class UnknownEncodingError extends UploadRejectedError {
  override readonly name = 'UnknownEncodingError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('unknown-encoding', message, options);
  }
}

/** The upload is over one of the configured limits. */
export class UploadLimitError extends UploadRejectedError {
  override readonly name = 'UploadLimitError';
}

/** The options passed to the validator are invalid (a programming error, so this one is thrown). */
export class ValidationOptionsError extends Error {
  override readonly name = 'ValidationOptionsError';
}
