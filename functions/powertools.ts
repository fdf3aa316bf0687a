/**
 * What every Lambda handler shares, on Powertools: a Logger named after the function (`service` on every
 * line), the Lambda context on each line, an escaped error logged naming the function, and the ReportAgeSeconds
 * metric through Powertools Metrics.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import type { MiddlewareObj, Request } from '@middy/core';
import { reportAgeMetric, type ReportAge } from '../shared/observability/index.js';

/** The Powertools Logger of one function: every line carries `service: functionName`. */
export function functionLogger(functionName: string): Logger {
  return new Logger({ serviceName: functionName });
}

/**
 * The middlewares every handler uses: the Lambda context (request id, function name, cold start) on each log
 * line, and {@link logUnhandledError}. Context first, so it is still attached when the error is logged.
 */
export function lambdaLogging(functionName: string, logger: Logger): MiddlewareObj[] {
  return [injectLambdaContext(logger), logUnhandledError(functionName, logger)];
}

/**
 * Logs an error that escaped the handler, naming the function, with the error's name and message only (no
 * stack or SDK internals in the logs a center's data manager may be shown), then lets it propagate so Lambda
 * retries the whole batch.
 */
export function logUnhandledError(functionName: string, logger: Pick<Logger, 'error'>): MiddlewareObj {
  const logUnhandledErrorOnError = (request: Request): void => {
    const error = request.error as Error | null;
    logger.error(`${functionName} invocation failed`, {
      error: { name: error?.name, message: error?.message },
    });
  };
  return { onError: logUnhandledErrorOnError };
}

/**
 * The Metrics the report age is published with: the namespace and the one `service` dimension the stack's
 * alarm reads (reportAgeMetric), which Powertools writes as the default dimension.
 */
export function reportAgeMetrics(): Metrics {
  return new Metrics({
    namespace: reportAgeMetric.namespace,
    serviceName: reportAgeMetric.dimensions.service,
  });
}

/** Adds one ReportAgeSeconds data point; the function and quarter are properties, not dimensions. */
export function addReportAge(metrics: Metrics, age: ReportAge): void {
  metrics.setTimestamp(age.context.timestamp);
  metrics.addMetadata('function', age.context.function);
  if (age.context.quarter !== undefined) metrics.addMetadata('quarter', age.context.quarter);
  metrics.addMetric(reportAgeMetric.name, MetricUnit.Seconds, age.seconds);
}
