/**
 * The close-quarter Lambda, run daily by EventBridge Scheduler with `{ action: 'close-quarter-if-due',
 * graceDays }`: finalises the last closed quarter once its grace period has passed.
 */
import middy from '@middy/core';
import { reportDependenciesFromEnvironment } from '../../shared/adapters/report-composition.js';
import {
  closeQuarterIfDue,
  type CloseQuarterEvent,
  type CloseQuarterResult,
  type GenerateQuarterReportDeps,
} from '../../shared/app/index.js';
import { closeQuarterAge } from '../../shared/observability/index.js';
import { addReportAge, functionLogger, lambdaLogging, reportAgeMetrics } from '../powertools.js';

const logger = functionLogger('close-quarter');
const metrics = reportAgeMetrics();
let dependencies: GenerateQuarterReportDeps | undefined;
const log = (line: string): void => logger.info(line);

/** The Lambda entry point. */
export const handler = middy<CloseQuarterEvent, CloseQuarterResult>()
  .use(lambdaLogging('close-quarter', logger))
  .handler(async (event) => {
    const result = await closeQuarterIfDue(
      event,
      (dependencies ??= reportDependenciesFromEnvironment('close-quarter', process.env, log)),
    );
    addReportAge(metrics, closeQuarterAge(event, result, Date.now())); // a daily point for the alarm
    metrics.publishStoredMetrics();
    return result;
  });
