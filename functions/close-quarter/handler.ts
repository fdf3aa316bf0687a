/**
 * The close-quarter Lambda, run daily by EventBridge Scheduler with `{ action: 'close-quarter-if-due',
 * graceDays }`: finalises the last closed quarter once its grace period has passed.
 */
import middy from '@middy/core';
import { awsClients, readFunctionEnvironment } from '../../shared/adapters/composition-root.js';
import { reportDependencies } from '../../shared/adapters/report-composition.js';
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

function dependenciesFromEnvironment(): GenerateQuarterReportDeps {
  const env = readFunctionEnvironment(process.env, 'close-quarter');
  return reportDependencies(env, awsClients(env), { log: (line) => logger.info(line) });
}

/** The Lambda entry point. */
export const handler = middy<CloseQuarterEvent, CloseQuarterResult>()
  .use(lambdaLogging('close-quarter', logger))
  .handler(async (event) => {
    const result = await closeQuarterIfDue(event, (dependencies ??= dependenciesFromEnvironment()));
    addReportAge(metrics, closeQuarterAge(event, result, Date.now())); // a daily point for the alarm
    metrics.publishStoredMetrics();
    return result;
  });
