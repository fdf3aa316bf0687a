/**
 * The report Lambda: "quarter stale" messages from the report queue (batched up to five minutes by the event
 * source mapping) regenerate each affected quarter's provisional reports once; failures are reported per quarter.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import {
  awsClients,
  readFunctionEnvironment,
  reportDependencies,
} from '../../shared/adapters/composition-root.js';
import { reportBatchAgeLine } from '../../shared/observability/index.js';
import type { GenerateQuarterReportDeps } from '../../shared/report/generate-quarter-report.js';
import { logUnhandledError } from '../log-unhandled-error.js';
import { regenerateStaleReports } from '../../shared/app/regenerate-stale-reports.js';

let dependencies: GenerateQuarterReportDeps | undefined;

function dependenciesFromEnvironment(): GenerateQuarterReportDeps {
  const env = readFunctionEnvironment(process.env, 'report');
  return reportDependencies(env, awsClients(env));
}

/** The Lambda entry point. */
export const handler = middy<SQSEvent, SQSBatchResponse>()
  .use(logUnhandledError('report'))
  .handler(async (event) => {
    const response = await regenerateStaleReports(event, (dependencies ??= dependenciesFromEnvironment()));
    process.stdout.write(reportBatchAgeLine(event, Date.now())); // ReportAgeSeconds (EMF) for the alarm
    return response;
  });
