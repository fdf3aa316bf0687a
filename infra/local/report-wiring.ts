/**
 * The report function wired to the local stack as the synthesized template wires it in AWS: "quarter stale"
 * messages on the report queue (the event source mapping's batch size and batching window gather a burst into
 * one invocation: the debounce; the redrive policy's receive count, then the dead-letter directory) → the report
 * handler's code (`regenerateStaleReports`) with the dependencies the composition root builds from the function's
 * synthesized environment, under its role's IAM policies. The close-quarter function's dependencies are built
 * the same way, under its own role, for the scheduled run fired by hand.
 */
import { regenerateStaleReports, type QuarterDecision } from '../../shared/app/regenerate-stale-reports.js';
import { reportDependencies } from '../../shared/adapters/report-composition.js';
import {
  generateQuarterReport,
  type GenerateQuarterReportDeps,
  type GenerateQuarterReportResult,
} from '../../shared/report/generate-quarter-report.js';
import { createLocalRuntime, localFunction, type LocalRuntime, queueSettingsOf } from './function-runtime.js';
import { createLocalQueue, type LocalQueue } from './local-queue.js';
import type { LocalStack } from './local-stack.js';
import { openRotatingLog } from './rotating-log.js';

/**
 * The local batching window. The template's is 300 s; locally a few seconds show the same debounce without
 * the wait. This is the one setting the local stack takes apart from the template, and it says so at start.
 */
export const defaultLocalReportWindowMs = 3000;

/** The report function wired to the stack. */
export interface ReportWiring {
  queue: LocalQueue;
  /** The report function's dependencies, as its handler builds them (its role, its environment). */
  deps: GenerateQuarterReportDeps;
  /** The close-quarter function's dependencies, under its own role. */
  closeQuarterDeps: GenerateQuarterReportDeps;
  /** Every per-quarter decision of the report function since the wiring started, oldest first. */
  decisions: QuarterDecision[];
  /** Called after each invocation with its decisions; returns the unsubscribe function. */
  onDecisions(listener: (decisions: QuarterDecision[]) => void): () => void;
  /** Called with each report the report function builds (published or not); returns the unsubscribe function. */
  onReport(listener: (result: GenerateQuarterReportResult) => void): () => void;
  /** Waits until the queue is idle (every gathered message delivered, retried or dead-lettered). */
  drain(): Promise<void>;
  close(): void;
}

/** Options of {@link connectReports}. */
export interface ReportWiringOptions {
  /** The pipeline's progress lines are appended here, as JSON lines (one per step), like the Lambda's log. */
  logFile: string;
  /** The batching window (ms). Default {@link defaultLocalReportWindowMs}; the template's is 300 s. */
  batchingWindowMs?: number;
  /** The runtime (deployment, IAM, queues); default: a new one for `stack`. */
  runtime?: LocalRuntime;
}

/**
 * The report or close-quarter function's dependencies on the local stack, as its handler builds them, with
 * its progress lines going to `log`.
 */
export function localReportDependencies(
  runtime: LocalRuntime,
  name: 'report' | 'close-quarter',
  log: (line: string) => void,
): GenerateQuarterReportDeps {
  const fn = localFunction(runtime, name);
  return reportDependencies(fn.environment, fn.clients, { log });
}

/**
 * Creates the report queue with the template's settings and delivers its batches to `regenerateStaleReports`,
 * which regenerates each stale quarter once per batch. The ingest wiring sends to it through SQS.
 */
export function connectReports(stack: LocalStack, options: ReportWiringOptions): ReportWiring {
  const runtime = options.runtime ?? createLocalRuntime(stack);
  const logStream = openRotatingLog(options.logFile);
  const logAs =
    (service: string) =>
    (line: string): void => {
      logStream.write(
        JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service, message: line }),
      );
    };
  const deps = localReportDependencies(runtime, 'report', logAs('report'));
  const closeQuarterDeps = localReportDependencies(runtime, 'close-quarter', logAs('close-quarter'));
  const decisions: QuarterDecision[] = [];
  const listeners = new Set<(decisions: QuarterDecision[]) => void>();
  const reportListeners = new Set<(result: GenerateQuarterReportResult) => void>();
  const settings = queueSettingsOf(runtime, 'report');
  const queue = createLocalQueue({
    ...settings.options,
    batchingWindowMs: options.batchingWindowMs ?? defaultLocalReportWindowMs,
    dataDir: stack.dataDir,
    handler: (event) =>
      regenerateStaleReports(event, deps, {
        generate: async (reportDeps, generateOptions) => {
          const result = await generateQuarterReport(reportDeps, generateOptions);
          for (const listener of reportListeners) listener(result);
          return result;
        },
        onDecisions: (batch) => {
          decisions.push(...batch);
          for (const listener of listeners) listener(batch);
        },
      }),
    onHandlerError: (error) =>
      logStream.write(JSON.stringify({ level: 'error', service: 'report', message: String(error) })),
  });
  runtime.queues.set(settings.queue.url, queue);
  return {
    queue,
    deps,
    closeQuarterDeps,
    decisions,
    onDecisions(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onReport(listener) {
      reportListeners.add(listener);
      return () => reportListeners.delete(listener);
    },
    drain: () => queue.drain(),
    close() {
      runtime.queues.delete(settings.queue.url);
      queue.close();
      logStream.end();
    },
  };
}
