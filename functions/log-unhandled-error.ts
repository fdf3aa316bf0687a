import type { MiddlewareObj, Request } from '@middy/core';
import { createJsonLogger, type IngestLogger } from '../shared/ingest/index.js';

/** Options of {@link logUnhandledError}. */
export interface LogUnhandledErrorOptions {
  logger?: IngestLogger;
}

const defaults: Required<LogUnhandledErrorOptions> = { logger: createJsonLogger() };

/**
 * Logs an error that escaped the handler as one JSON line (name and message only: no stack or SDK internals in
 * the logs a center's data manager may be shown), then lets it propagate so Lambda retries the whole batch.
 */
export function logUnhandledError(
  functionName: string,
  options: LogUnhandledErrorOptions = {},
): MiddlewareObj {
  const { logger } = { ...defaults, ...options };
  const logUnhandledErrorOnError = (request: Request): void => {
    const error = request.error as Error | null;
    logger.log('error', `${functionName} invocation failed`, {
      service: functionName,
      requestId: (request.context as { awsRequestId?: string }).awsRequestId,
      error: { name: error?.name, message: error?.message },
    });
  };
  return { onError: logUnhandledErrorOnError };
}
