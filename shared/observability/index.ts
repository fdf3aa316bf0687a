/** Metrics the handlers emit as CloudWatch Embedded Metric Format lines, and their definitions for the alarms. */
export { reportAgeLine, reportAgeMetric, type ReportAgeContext } from './report-age-metric.js';
export {
  closeQuarterAge,
  closeQuarterAgeLine,
  reportBatchAge,
  reportBatchAgeLine,
  type ReportAge,
  type CloseQuarterOutcome,
  type SentMessages,
} from './report-age.js';
