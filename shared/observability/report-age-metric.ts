/**
 * The "report older than expected" metric: how long accepted data has waited for its published report, in
 * seconds. The report and close-quarter handlers write it as one CloudWatch Embedded Metric Format (EMF) line
 * on stdout, which CloudWatch Logs turns into a metric with no SDK call and no PutMetricData grant (as
 * Powertools' Metrics does); the stack's alarm reads exactly this namespace, name and dimension set.
 */

/** The metric's identity, shared by the emitters and the CDK alarm so the two cannot drift apart. */
export const reportAgeMetric = {
  namespace: 'EclsRegistry',
  name: 'ReportAgeSeconds',
  unit: 'Seconds',
  /** One dimension set; a CloudWatch alarm matches a metric only with exactly the same dimensions. */
  dimensions: { service: 'ecls-registry' },
  /** Alarm when data has waited longer than this for its report (the debounce is 5 minutes, a build ~10). */
  thresholdSeconds: 6 * 3600,
} as const;

/** Which handler measured the age, and for which quarter: written as properties, not dimensions. */
export interface ReportAgeContext {
  function: 'report' | 'close-quarter';
  quarter?: string;
  /** Milliseconds since the epoch; the metric's timestamp. */
  timestamp: number;
}

/**
 * One EMF log line (with its newline) carrying the report age. Negative or non-finite ages (clock skew, a
 * message without a send time) are written as 0 rather than as a misleading value.
 * @example process.stdout.write(reportAgeLine(420, { function: 'report', quarter: '2023-Q3', timestamp: Date.now() }))
 */
export function reportAgeLine(ageSeconds: number, context: ReportAgeContext): string {
  const age = Number.isFinite(ageSeconds) && ageSeconds > 0 ? Math.round(ageSeconds) : 0;
  const { namespace, name, unit, dimensions } = reportAgeMetric;
  return `${JSON.stringify({
    _aws: {
      Timestamp: context.timestamp,
      CloudWatchMetrics: [
        {
          Namespace: namespace,
          Dimensions: [Object.keys(dimensions)],
          Metrics: [{ Name: name, Unit: unit }],
        },
      ],
    },
    ...dimensions,
    function: context.function,
    ...(context.quarter === undefined ? {} : { quarter: context.quarter }),
    [name]: age,
  })}\n`;
}
