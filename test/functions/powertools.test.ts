/** The handlers' shared Powertools plumbing: the failing function is named, and ReportAgeSeconds keeps its identity. */
import { jest } from '@jest/globals';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { addReportAge, functionLogger, lambdaLogging, reportAgeMetrics } from '../../functions/powertools.js';
import { reportAgeMetric } from '../../shared/observability/index.js';

/** Runs `run` with stdout and stderr captured (Powertools writes errors to stderr); returns the JSON lines. */
async function outputLines(run: () => Promise<unknown>): Promise<Record<string, unknown>[]> {
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array) => {
    chunks.push(String(chunk));
    return true;
  };
  const out = jest.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    await run();
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
  return chunks
    .join('')
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

it('logs an escaped error with the function as service, its name and message only, and rethrows it', async () => {
  const logger = functionLogger('report');
  const handler = middy<SQSEvent, SQSBatchResponse>()
    .use(lambdaLogging('report', logger))
    .handler(async () => {
      throw new TypeError('boom');
    });
  let thrown: unknown;
  const lines = await outputLines(() =>
    handler({ Records: [] }, { awsRequestId: 'r1', functionName: 'ecls-report' } as never).catch(
      (error: unknown) => (thrown = error),
    ),
  );
  expect(thrown).toBeInstanceOf(TypeError);
  const errors = lines.filter((l) => l.level === 'ERROR');
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({
    message: 'report invocation failed',
    service: 'report',
    function_request_id: 'r1',
    error: { name: 'TypeError', message: 'boom' },
  });
  expect(JSON.stringify(errors[0])).not.toContain('stack');
});

it('publishes ReportAgeSeconds with exactly the namespace, unit and dimension set the alarm reads', async () => {
  const metrics = reportAgeMetrics();
  const lines = await outputLines(async () => {
    addReportAge(metrics, {
      seconds: 42,
      context: { function: 'close-quarter', quarter: '2023-Q3', timestamp: Date.now() },
    });
    metrics.publishStoredMetrics();
  });
  expect(lines).toHaveLength(1);
  const line = lines[0] as {
    _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: unknown[] }[] };
  } & Record<string, unknown>;
  expect(line._aws.CloudWatchMetrics).toEqual([
    {
      Namespace: reportAgeMetric.namespace,
      Dimensions: [Object.keys(reportAgeMetric.dimensions)],
      Metrics: [{ Name: reportAgeMetric.name, Unit: reportAgeMetric.unit }],
    },
  ]);
  expect(line).toMatchObject({
    ...reportAgeMetric.dimensions,
    function: 'close-quarter',
    quarter: '2023-Q3',
    [reportAgeMetric.name]: 42,
  });
});
