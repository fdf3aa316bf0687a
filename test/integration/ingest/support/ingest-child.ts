/**
 * Runs the deployed ingest Lambda's own entry point (functions/ingest/handler.ts, configured from the
 * environment as in AWS) on one SQS event in a process of its own, so the test that starts it can read this
 * process's peak memory and nothing else's: s3rver, DynamoDB Local and jest stay in the parent. The parent starts
 * it with the function's heap cap (`--max-old-space-size`), as the Lambda runtime does.
 *
 * Usage: `node --import tsx ingest-child.ts EVENT_FILE`, with DATA_BUCKET, TABLE_NAME, S3_ENDPOINT,
 * DYNAMODB_ENDPOINT and AWS_LAMBDA_FUNCTION_MEMORY_SIZE set. Prints one JSON line: the batch response, peak RSS
 * (MB), the heap limit (MB) and CPU and wall seconds.
 */
import { readFile } from 'node:fs/promises';
import { getHeapStatistics } from 'node:v8';
import { handler } from '../../../../functions/ingest/handler.js';
import type { LambdaContext, SQSEvent } from '../../../../infra/local/event-types.js';

const eventFile = process.argv[2];
if (!eventFile) throw new Error('usage: ingest-child.ts EVENT_FILE');
const event = JSON.parse(await readFile(eventFile, 'utf8')) as SQSEvent;
const context = {
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'ecls-ingest-child',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:000000000000:function:ecls-ingest-child',
  memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE ?? '1769',
  awsRequestId: 'child',
  logGroupName: '/aws/lambda/ecls-ingest-child',
  logStreamName: 'child',
  getRemainingTimeInMillis: () => 900_000,
} as unknown as LambdaContext;

const rssBeforeMB = process.memoryUsage().rss / 1024 / 1024;
const started = performance.now();
const cpuBefore = process.cpuUsage();
const response = await handler(event, context as never);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    response,
    rssBeforeMB: Math.round(rssBeforeMB),
    // maxRSS is in kilobytes: the kernel's high-water mark of this process's resident memory.
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    heapLimitMB: Math.round(getHeapStatistics().heap_size_limit / 1024 / 1024),
    cpuSeconds: Math.round((cpu.user + cpu.system) / 1e4) / 100,
    seconds: Math.round((performance.now() - started) / 10) / 100,
  })}\n`,
);
