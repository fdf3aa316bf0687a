/**
 * The report Lambda: "quarter stale" messages from the report queue (batched up to five minutes by the event
 * source mapping) regenerate each affected quarter's provisional reports once; failures are reported per quarter.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from '../../infra/local/event-types.js';
import type { GenerateQuarterReportDeps } from '../../shared/report/generate-quarter-report.js';
import { reportBatchAgeLine } from '../../shared/observability/index.js';
import { logUnhandledError } from '../ingest/log-unhandled-error.js';
import { processReportBatch } from './process-report-batch.js';
import { reportDependenciesFromEnv } from './report-dependencies.js';

let dependencies: GenerateQuarterReportDeps | undefined;

/** The Lambda entry point. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(logUnhandledError())
  .handler(async (event: SQSEvent) => {
    const response = await processReportBatch(event, (dependencies ??= reportDependenciesFromEnv('report')));
    process.stdout.write(reportBatchAgeLine(event, Date.now())); // ReportAgeSeconds (EMF) for the alarm
    return response;
  });
