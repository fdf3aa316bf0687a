/** Errors of the synthetic registry generator. */

/** An option of `generateRegistry` is out of range; the message names the option, the value and the range. */
export class InvalidGeneratorOptionError extends RangeError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'InvalidGeneratorOptionError';
  }
}
