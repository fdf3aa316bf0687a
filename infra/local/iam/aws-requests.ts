/**
 * What AWS authorizes for each SDK call the registry makes: the IAM actions, the resource ARNs and the request
 * context keys, including the KMS calls S3, DynamoDB, SQS and SNS make on the caller's behalf for encrypted
 * resources. A call this table does not know is refused (fail closed), so a new SDK call cannot slip past local
 * enforcement unexamined.
 */
import type { RegistryDeployment } from '../deployment/local-deployment.js';

/** One authorization AWS makes for a call. */
export interface AuthorizationRequest {
  action: string;
  resource: string;
  context?: Record<string, string | string[]>;
}

/** The services the registry's functions and CLI call. */
export type AwsService = 's3' | 'dynamodb' | 'sqs' | 'sns';

/** Thrown for an SDK call the local enforcement does not model; add it to aws-requests.ts. */
export class UnmodelledRequestError extends Error {
  override readonly name = 'UnmodelledRequestError';
}

type Input = Record<string, unknown>;

const s3ObjectArn = (bucket: unknown, key: unknown): string =>
  `arn:aws:s3:::${String(bucket)}/${String(key)}`;

/** A DynamoDB attribute value in either the document client's (plain) or the low-level (`{ S: … }`) form. */
function attributeText(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const v = value as { S?: string; N?: string };
    return v.S ?? v.N;
  }
  return undefined;
}

/** Requests for S3 calls; GetObject and PutObject on a KMS bucket also need the key (via S3). */
function s3Requests(command: string, input: Input, deployment: RegistryDeployment): AuthorizationRequest[] {
  const bucket = deployment.buckets.find((b) => b.name === input.Bucket);
  const viaS3 = { 'kms:ViaService': `s3.${deployment.region}.amazonaws.com` };
  // No default parameter: an explicit undefined (SSE-S3, SSE-C) must mean "no customer key".
  const kms = (action: string, keyArn: string | undefined): AuthorizationRequest[] =>
    keyArn === undefined ? [] : [{ action, resource: keyArn, context: viaS3 }];
  const object = s3ObjectArn(input.Bucket, input.Key);
  switch (command) {
    case 'GetObjectCommand':
      return [
        {
          action: input.VersionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion',
          resource: object,
        },
        ...kms('kms:Decrypt', bucket?.kmsKeyArn),
      ];
    case 'HeadObjectCommand':
      return [
        { action: input.VersionId === undefined ? 's3:GetObject' : 's3:GetObjectVersion', resource: object },
      ];
    case 'PutObjectCommand':
    case 'CreateMultipartUploadCommand': {
      const context: Record<string, string> = {};
      if (typeof input.ServerSideEncryption === 'string') {
        context['s3:x-amz-server-side-encryption'] = input.ServerSideEncryption;
      }
      if (typeof input.SSEKMSKeyId === 'string') {
        context['s3:x-amz-server-side-encryption-aws-kms-key-id'] = input.SSEKMSKeyId;
      }
      if (typeof input.SSECustomerAlgorithm === 'string') {
        context['s3:x-amz-server-side-encryption-customer-algorithm'] = input.SSECustomerAlgorithm;
      }
      const sse = input.ServerSideEncryption as string | undefined;
      const keyArn =
        sse === 'AES256' || input.SSECustomerAlgorithm !== undefined
          ? undefined
          : ((input.SSEKMSKeyId as string | undefined) ?? bucket?.kmsKeyArn);
      return [{ action: 's3:PutObject', resource: object, context }, ...kms('kms:GenerateDataKey', keyArn)];
    }
    case 'UploadPartCommand':
    case 'CompleteMultipartUploadCommand':
      return [{ action: 's3:PutObject', resource: object }];
    case 'AbortMultipartUploadCommand':
      return [{ action: 's3:AbortMultipartUpload', resource: object }];
    case 'ListObjectsV2Command':
    case 'ListObjectsCommand':
      return [
        {
          action: 's3:ListBucket',
          resource: `arn:aws:s3:::${String(input.Bucket)}`,
          context: { 's3:prefix': String(input.Prefix ?? '') },
        },
      ];
    case 'DeleteObjectCommand':
      return [{ action: 's3:DeleteObject', resource: object }];
    case 'ListBucketsCommand':
      return [{ action: 's3:ListAllMyBuckets', resource: '*' }];
  }
  throw new UnmodelledRequestError(`S3 ${command} is not modelled by the local IAM enforcement`);
}

/** The partition-key value(s) an item-level DynamoDB call touches (the `dynamodb:LeadingKeys` context). */
function leadingKeys(keyOrItem: unknown, partitionKey: string): string[] {
  const value = attributeText((keyOrItem as Record<string, unknown> | undefined)?.[partitionKey]);
  return value === undefined ? [] : [value];
}

/** The partition-key value a Query's key condition fixes (`pk = :v` or `#n = :v`). */
function queryLeadingKey(input: Input, partitionKey: string): string[] {
  const expression = String(input.KeyConditionExpression ?? '');
  const names = (input.ExpressionAttributeNames ?? {}) as Record<string, string>;
  const values = (input.ExpressionAttributeValues ?? {}) as Record<string, unknown>;
  for (const clause of expression.split(/\s+and\s+/i)) {
    const match = /^\s*\(?\s*([#\w]+)\s*=\s*(:\w+)\s*\)?\s*$/.exec(clause);
    if (!match) continue;
    const name = match[1]!.startsWith('#') ? names[match[1]!] : match[1];
    if (name === partitionKey) {
      const value = attributeText(values[match[2]!]);
      return value === undefined ? [] : [value];
    }
  }
  return [];
}

/** Requests for DynamoDB calls; every data-plane call on a table with a customer key needs kms:Decrypt. */
function dynamoRequests(
  command: string,
  input: Input,
  deployment: RegistryDeployment,
): AuthorizationRequest[] {
  const { table } = deployment;
  const tableArn = (name: unknown): string =>
    name === table.name
      ? table.arn
      : `arn:aws:dynamodb:${deployment.region}:${deployment.account}:table/${String(name)}`;
  const viaDynamo = { 'kms:ViaService': `dynamodb.${deployment.region}.amazonaws.com` };
  const kms = (name: unknown): AuthorizationRequest[] =>
    name === table.name && table.kmsKeyArn !== undefined
      ? [{ action: 'kms:Decrypt', resource: table.kmsKeyArn, context: viaDynamo }]
      : [];
  const item = (action: string, name: unknown, keyOrItem: unknown): AuthorizationRequest[] => [
    {
      action,
      resource: tableArn(name),
      context: { 'dynamodb:LeadingKeys': leadingKeys(keyOrItem, table.partitionKey) },
    },
    ...kms(name),
  ];
  switch (command) {
    case 'GetItemCommand':
      return item('dynamodb:GetItem', input.TableName, input.Key);
    case 'PutItemCommand':
      return item('dynamodb:PutItem', input.TableName, input.Item);
    case 'UpdateItemCommand':
      return item('dynamodb:UpdateItem', input.TableName, input.Key);
    case 'DeleteItemCommand':
      return item('dynamodb:DeleteItem', input.TableName, input.Key);
    case 'QueryCommand': {
      const index = input.IndexName as string | undefined;
      const key = index === undefined ? table.partitionKey : (table.indexes[index] ?? '');
      return [
        {
          action: 'dynamodb:Query',
          resource:
            index === undefined ? tableArn(input.TableName) : `${tableArn(input.TableName)}/index/${index}`,
          context: { 'dynamodb:LeadingKeys': queryLeadingKey(input, key) },
        },
        ...kms(input.TableName),
      ];
    }
    case 'ScanCommand':
      return [{ action: 'dynamodb:Scan', resource: tableArn(input.TableName) }, ...kms(input.TableName)];
    case 'BatchGetItemCommand':
      return Object.entries((input.RequestItems ?? {}) as Record<string, { Keys: unknown[] }>).flatMap(
        ([name, request]) => request.Keys.flatMap((key) => item('dynamodb:BatchGetItem', name, key)),
      );
    case 'BatchWriteItemCommand':
      return Object.entries(
        (input.RequestItems ?? {}) as Record<
          string,
          { PutRequest?: { Item: unknown }; DeleteRequest?: { Key: unknown } }[]
        >,
      ).flatMap(([name, writes]) =>
        writes.flatMap((w) =>
          item('dynamodb:BatchWriteItem', name, w.PutRequest?.Item ?? w.DeleteRequest?.Key),
        ),
      );
    case 'TransactWriteItemsCommand':
      return (
        (input.TransactItems ?? []) as Record<string, { TableName: string; Key?: unknown; Item?: unknown }>[]
      ).flatMap((transactItem) => {
        const [kind, operation] = Object.entries(transactItem)[0]!;
        const action = {
          Put: 'dynamodb:PutItem',
          Update: 'dynamodb:UpdateItem',
          Delete: 'dynamodb:DeleteItem',
          ConditionCheck: 'dynamodb:ConditionCheckItem',
        }[kind];
        if (action === undefined)
          throw new UnmodelledRequestError(`TransactWriteItems ${kind} is not modelled`);
        return item(action, operation.TableName, operation.Key ?? operation.Item);
      });
    case 'TransactGetItemsCommand':
      return ((input.TransactItems ?? []) as { Get: { TableName: string; Key: unknown } }[]).flatMap((t) =>
        item('dynamodb:GetItem', t.Get.TableName, t.Get.Key),
      );
    case 'DescribeTableCommand':
      return [{ action: 'dynamodb:DescribeTable', resource: tableArn(input.TableName) }];
    case 'ListTablesCommand':
      return [{ action: 'dynamodb:ListTables', resource: '*' }];
  }
  throw new UnmodelledRequestError(`DynamoDB ${command} is not modelled by the local IAM enforcement`);
}

/**
 * A send to an encrypted queue or topic: the send itself, then the data key the service makes on the caller's
 * behalf (kms:GenerateDataKey and kms:Decrypt on the resource's key, via that service).
 */
function encryptedSend(
  service: 'sqs' | 'sns',
  send: AuthorizationRequest,
  kmsKeyArn: string | undefined,
  deployment: RegistryDeployment,
): AuthorizationRequest[] {
  if (kmsKeyArn === undefined) return [send];
  const context = { 'kms:ViaService': `${service}.${deployment.region}.amazonaws.com` };
  return [
    send,
    ...['kms:GenerateDataKey', 'kms:Decrypt'].map((action) => ({ action, resource: kmsKeyArn, context })),
  ];
}

/** Requests for SQS sends: the queue, and its key. */
function sqsRequests(command: string, input: Input, deployment: RegistryDeployment): AuthorizationRequest[] {
  if (command !== 'SendMessageCommand' && command !== 'SendMessageBatchCommand') {
    throw new UnmodelledRequestError(`SQS ${command} is not modelled by the local IAM enforcement`);
  }
  const queue = deployment.queues.find((q) => q.url === input.QueueUrl);
  const arn =
    queue?.arn ??
    `arn:aws:sqs:${deployment.region}:${deployment.account}:${String(input.QueueUrl).split('/').pop()}`;
  return encryptedSend('sqs', { action: 'sqs:SendMessage', resource: arn }, queue?.kmsKeyArn, deployment);
}

/** Requests for SNS publishes: the topic, and its key. */
function snsRequests(command: string, input: Input, deployment: RegistryDeployment): AuthorizationRequest[] {
  if (command !== 'PublishCommand') {
    throw new UnmodelledRequestError(`SNS ${command} is not modelled by the local IAM enforcement`);
  }
  const topic = deployment.topics.find((t) => t.arn === input.TopicArn);
  const publish = { action: 'sns:Publish', resource: String(input.TopicArn) };
  return encryptedSend('sns', publish, topic?.kmsKeyArn, deployment);
}

/**
 * The authorizations AWS makes for one SDK command (by its class name, e.g. `GetObjectCommand`), in order.
 * @throws {UnmodelledRequestError} for a command it does not model.
 */
export function authorizationRequestsFor(
  service: AwsService,
  command: string,
  input: Input,
  deployment: RegistryDeployment,
): AuthorizationRequest[] {
  switch (service) {
    case 's3':
      return s3Requests(command, input, deployment);
    case 'dynamodb':
      return dynamoRequests(command, input, deployment);
    case 'sqs':
      return sqsRequests(command, input, deployment);
    case 'sns':
      return snsRequests(command, input, deployment);
  }
}
