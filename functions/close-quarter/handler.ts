/**
 * The close-quarter Lambda, run daily by EventBridge Scheduler with `{ action: 'close-quarter-if-due',
 * graceDays }`: finalises the last closed quarter once its grace period has passed.
 */
import middy from '@middy/core';
import type { GenerateQuarterReportDeps } from '../../shared/report/generate-quarter-report.js';
import { closeQuarterAgeLine } from '../../shared/observability/index.js';
import { logUnhandledError } from '../ingest/log-unhandled-error.js';
import { reportDependenciesFromEnv } from '../report/report-dependencies.js';
import {
  closeQuarterIfDue,
  type CloseQuarterEvent,
  type CloseQuarterResult,
} from './close-quarter-if-due.js';

let dependencies: GenerateQuarterReportDeps | undefined;

/** The Lambda entry point. */
export const handler = middy<CloseQuarterEvent, CloseQuarterResult>()
  .use(logUnhandledError())
  .handler(async (event: CloseQuarterEvent) => {
    const result = await closeQuarterIfDue(
      event,
      (dependencies ??= reportDependenciesFromEnv('close-quarter')),
    );
    process.stdout.write(closeQuarterAgeLine(event, result, Date.now())); // ReportAgeSeconds (EMF) for the alarm
    return result;
  });
