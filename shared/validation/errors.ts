/**
 * Errors that stop reading an upload. The validator turns each into a file-level problem of the verdict (it never
 * throws them to its caller); they are classes so the reading stages can abort a stream with a reason.
 */
import { renderProblemMessage } from '../i18n/problem-messages.js';
import type { FileParams, FileRule } from './problem-rules.js';

export type { FileRule } from './problem-rules.js';

/** The parameters of any rule that stops reading (a union over the rules). */
export type FileRuleFinding = { [R in FileRule]: { rule: R; params: FileParams[R] } }[FileRule];

/** The upload cannot be read any further; `rule` and `params` (with its English `message`) become its problem. */
export class UploadRejectedError extends Error {
  override readonly name: string = 'UploadRejectedError';
  readonly rule: FileRule;
  readonly params: FileParams[FileRule];
  /** Line of the file the reader had reached, when known. */
  readonly row: number | null;

  constructor(
    ...[rule, params, options]: {
      [R in FileRule]: [rule: R, params: FileParams[R], options?: { cause?: unknown; row?: number | null }];
    }[FileRule]
  ) {
    super(
      renderProblemMessage(rule, params as never, 'en'),
      options?.cause === undefined ? undefined : { cause: options.cause },
    );
    this.rule = rule;
    this.params = params;
    this.row = options?.row ?? null;
  }

  /** The rule with its parameters, typed together. */
  get finding(): FileRuleFinding {
    return { rule: this.rule, params: this.params } as FileRuleFinding;
  }
}

/** The bytes are neither UTF-8 nor plausible GB18030 text. */
export class UnknownEncodingError extends UploadRejectedError {
  override readonly name = 'UnknownEncodingError';
  constructor(params: FileParams['unknown-encoding'], options?: { cause?: unknown }) {
    super('unknown-encoding', params, options);
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
