/**
 * The report Lambda: "quarter stale" messages from the report queue (batched up to five minutes by the event
 * source mapping) regenerate each affected quarter's provisional reports once; failures are reported per quarter.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { reportDependenciesFromEnvironment } from '../../shared/adapters/report-composition.js';
import { regenerateStaleReports, type GenerateQuarterReportDeps } from '../../shared/app/index.js';
import { reportBatchAge } from '../../shared/observability/index.js';
import { addReportAge, functionLogger, lambdaLogging, reportAgeMetrics } from '../powertools.js';

const logger = functionLogger('report');
const metrics = reportAgeMetrics();
let dependencies: GenerateQuarterReportDeps | undefined;
const log = (line: string): void => logger.info(line);

/**
 * The Lambda entry point. Not Powertools' BatchProcessor: a batch collapses to one regeneration per target quarter,
 * and a failed quarter fails every message reaching it, which a per-record processor cannot express.
 */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(lambdaLogging('report', logger))
  .handler(async (event) => {
    const response = await regenerateStaleReports(
      event,
      (dependencies ??= reportDependenciesFromEnvironment('report', process.env, log)),
    );
    const age = reportBatchAge(event, Date.now()); // ReportAgeSeconds for the "report older than expected" alarm
    if (age !== undefined) {
      addReportAge(metrics, age);
      metrics.publishStoredMetrics();
    }
    return response;
  });
