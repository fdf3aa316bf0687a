/**
 * Named errors of the embedded local stack. Each message says what went wrong and what to do about it, because
 * the reader is a developer at a terminal who just ran `ecls start`, not someone reading a stack trace.
 */
export class LocalStackError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** `java` is not on the PATH, so DynamoDB Local cannot be spawned. */
export class JavaNotFoundError extends LocalStackError {}

/** `java` runs but is older than the version DynamoDB Local 2.x needs. */
export class JavaVersionError extends LocalStackError {
  constructor(
    message: string,
    readonly found: number,
    readonly required: number,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A port the stack needs is already taken; `option` and `envVar` name the two ways to pick another. */
export class PortInUseError extends LocalStackError {
  constructor(
    message: string,
    readonly port: number,
    readonly option: string,
    readonly envVar: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The data directory (default `.local/`) is from an older layout or cannot be read; reset it. */
export class DataDirError extends LocalStackError {
  constructor(
    message: string,
    readonly dataDir: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A service did not answer within the readiness timeout, or its process exited while starting. */
export class ServiceStartError extends LocalStackError {
  constructor(
    message: string,
    readonly service: 's3' | 'dynamodb',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Creating the buckets or the table failed after both services were up. */
export class ProvisioningError extends LocalStackError {}
