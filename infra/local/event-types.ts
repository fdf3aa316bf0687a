/**
 * The minimal subset of the AWS Lambda event types the local runtime produces. They mirror `@types/aws-lambda`
 * (S3Event, SQSEvent, SQSBatchResponse, Context) field for field, so a handler typed against that package accepts
 * what the local queue delivers. The package is not a dependency yet; these can be replaced by it one-for-one.
 */

/** One record of an S3 event notification (event version 2.1), as S3 sends it to SQS, SNS or Lambda. */
export interface S3EventRecord {
  eventVersion: string;
  eventSource: 'aws:s3';
  awsRegion: string;
  eventTime: string;
  /** e.g. `ObjectCreated:Put`, `ObjectCreated:Copy`, `ObjectRemoved:Delete` (no `s3:` prefix in records). */
  eventName: string;
  userIdentity: { principalId: string };
  requestParameters: { sourceIPAddress: string };
  responseElements: { 'x-amz-request-id': string; 'x-amz-id-2': string };
  s3: {
    s3SchemaVersion: string;
    configurationId: string;
    bucket: { name: string; ownerIdentity: { principalId: string }; arn: string };
    object: {
      /** URL-encoded as S3 does it: spaces become `+`, other reserved and non-ASCII bytes become `%XX`. */
      key: string;
      size?: number;
      eTag?: string;
      versionId?: string;
      sequencer: string;
    };
  };
}

/** An S3 event notification: the JSON body of each SQS message S3 sends to a queue. */
export interface S3Event {
  Records: S3EventRecord[];
}

/** Attributes SQS attaches to every received message. */
export interface SQSRecordAttributes {
  /** How many times the message has been received, counting this delivery ("1" on first delivery). */
  ApproximateReceiveCount: string;
  SentTimestamp: string;
  SenderId: string;
  ApproximateFirstReceiveTimestamp: string;
}

/** One SQS message as a Lambda event source mapping delivers it. */
export interface SQSRecord {
  messageId: string;
  receiptHandle: string;
  body: string;
  attributes: SQSRecordAttributes;
  messageAttributes: Record<string, never>;
  md5OfBody: string;
  eventSource: 'aws:sqs';
  eventSourceARN: string;
  awsRegion: string;
}

/** The event a Lambda function receives from SQS. */
export interface SQSEvent {
  Records: SQSRecord[];
}

/** Partial batch response: the ids of the messages to retry (requires ReportBatchItemFailures on the mapping). */
export interface SQSBatchResponse {
  batchItemFailures: { itemIdentifier: string }[];
}

/** The subset of the Lambda context object the handlers and middy middlewares read. */
export interface LambdaContext {
  callbackWaitsForEmptyEventLoop: boolean;
  functionName: string;
  functionVersion: string;
  invokedFunctionArn: string;
  memoryLimitInMB: string;
  awsRequestId: string;
  logGroupName: string;
  logStreamName: string;
  getRemainingTimeInMillis(): number;
}

/** A handler of SQS batches, as wired to a queue with ReportBatchItemFailures. */
export type SQSBatchHandler = (
  event: SQSEvent,
  context: LambdaContext,
) => Promise<SQSBatchResponse | undefined> | Promise<void>;
