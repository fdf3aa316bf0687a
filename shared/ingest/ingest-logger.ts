/**
 * Structured logs and metrics for the ingestion: one JSON object per line, each carrying the upload id, the
 * center and the step; metrics as CloudWatch Embedded Metric Format lines, which CloudWatch turns into metrics
 * without an API call.
 */

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Fields every ingestion log line carries once known. */
export interface IngestLogContext {
  uploadId?: string;
  centerId?: string | null;
  step?: string;
  [field: string]: unknown;
}

export interface IngestLogger {
  log(level: LogLevel, message: string, context?: IngestLogContext): void;
  /** Emits counts as metrics, dimensioned by center. */
  metrics(values: Record<string, number>, context: IngestLogContext): void;
}

/** The CloudWatch namespace of the registry's metrics. */
export const metricsNamespace = 'EclsRegistry';

/** A logger writing JSON lines (default: stdout). `now` is injected so tests can fix the timestamps. */
export function createJsonLogger(
  write: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  now: () => Date = () => new Date(),
): IngestLogger {
  return {
    log(level, message, context = {}) {
      write(
        JSON.stringify({ timestamp: now().toISOString(), level, message, service: 'ingest', ...context }),
      );
    },
    metrics(values, context) {
      write(
        JSON.stringify({
          _aws: {
            Timestamp: now().getTime(),
            CloudWatchMetrics: [
              {
                Namespace: metricsNamespace,
                Dimensions: [['centerId']],
                Metrics: Object.keys(values).map((Name) => ({ Name, Unit: 'Count' })),
              },
            ],
          },
          service: 'ingest',
          ...context,
          centerId: context.centerId ?? 'unknown',
          ...values,
        }),
      );
    },
  };
}

/** A logger that drops everything (the default in tests that do not look at logs). */
export const silentLogger: IngestLogger = { log: () => undefined, metrics: () => undefined };
