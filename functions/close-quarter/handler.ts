/**
 * The close-quarter Lambda, run daily by EventBridge Scheduler with `{ action: 'close-quarter-if-due',
 * graceDays }`: finalises the last closed quarter once its grace period has passed.
 */
import middy from '@middy/core';
import {
  awsClients,
  readFunctionEnvironment,
  reportDependencies,
} from '../../shared/adapters/composition-root.js';
import { closeQuarterAgeLine } from '../../shared/observability/index.js';
import type { GenerateQuarterReportDeps } from '../../shared/report/generate-quarter-report.js';
import { logUnhandledError } from '../log-unhandled-error.js';
import {
  closeQuarterIfDue,
  type CloseQuarterEvent,
  type CloseQuarterResult,
} from '../../shared/app/close-quarter-if-due.js';

let dependencies: GenerateQuarterReportDeps | undefined;

function dependenciesFromEnvironment(): GenerateQuarterReportDeps {
  const env = readFunctionEnvironment(process.env, 'close-quarter');
  return reportDependencies(env, awsClients(env));
}

/** The Lambda entry point. */
export const handler = middy<CloseQuarterEvent, CloseQuarterResult>()
  .use(logUnhandledError('close-quarter'))
  .handler(async (event) => {
    const result = await closeQuarterIfDue(event, (dependencies ??= dependenciesFromEnvironment()));
    process.stdout.write(closeQuarterAgeLine(event, result, Date.now())); // ReportAgeSeconds (EMF) for the alarm
    return result;
  });
