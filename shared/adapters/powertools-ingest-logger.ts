/**
 * The ingestion's logger port on Powertools Logger: log lines go through the function's Logger (its service
 * name, the Lambda context, X-Ray trace id); the ingestion's counts stay hand-written EMF lines, because
 * Powertools Metrics always adds a `service` dimension and these metrics are dimensioned by center alone.
 */
import type { Logger } from '@aws-lambda-powertools/logger';
import { createJsonLogger, type IngestLogger } from '../ingest/index.js';

/**
 * An {@link IngestLogger} writing through `logger`; `metrics` writes the EMF lines of createJsonLogger.
 * @example ingestDependencies(env, clients, { logger: powertoolsIngestLogger(new Logger({ serviceName: 'ingest' })) })
 */
export function powertoolsIngestLogger(logger: Logger, emf: IngestLogger = createJsonLogger()): IngestLogger {
  return {
    log: (level, message, context = {}) => logger[level](message, { ...context }),
    metrics: (values, context) => emf.metrics(values, context),
  };
}
