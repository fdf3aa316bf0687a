/**
 * The Lambda event types the local runtime produces, from `@types/aws-lambda` (the shapes AWS documents), plus
 * the handler signature the local queue invokes.
 */
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';

/** The Lambda context without the deprecated callback methods (done, fail, succeed) nothing here calls. */
export type LambdaContext = Omit<Context, 'done' | 'fail' | 'succeed'>;

export type {
  S3Event,
  S3EventRecord,
  SQSBatchResponse,
  SQSEvent,
  SQSRecord,
  SQSRecordAttributes,
} from 'aws-lambda';

/** A handler of SQS batches with partial batch responses (ReportBatchItemFailures). */
export type SQSBatchHandler = (
  event: SQSEvent,
  context: LambdaContext,
) => Promise<SQSBatchResponse | undefined> | Promise<void>;
