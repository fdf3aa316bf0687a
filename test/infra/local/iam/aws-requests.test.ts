/**
 * The IAM requests each SDK call stands for, as AWS authorizes them (service authorization reference): the
 * action, the resource ARN, the condition keys, and the KMS use the service makes on the caller's behalf.
 */
import type { RegistryDeployment } from '../../../../infra/local/deployment/local-deployment.js';
import {
  authorizationRequestsFor,
  UnmodelledRequestError,
} from '../../../../infra/local/iam/aws-requests.js';

const key = 'arn:aws:kms:us-east-1:000000000000:key/DataKey';
const deployment = {
  stackName: 'EclsRegistry',
  account: '000000000000',
  region: 'us-east-1',
  functions: {},
  buckets: [{ name: 'ecls-data', arn: 'arn:aws:s3:::ecls-data', kmsKeyArn: key }],
  table: {
    name: 'ecls-registry',
    arn: 'arn:aws:dynamodb:us-east-1:000000000000:table/ecls-registry',
    kmsKeyArn: key,
    partitionKey: 'pk',
    indexes: { gsi1: 'gsi1pk' },
  },
  queues: [
    {
      logicalId: 'Q',
      name: 'ecls-report',
      url: 'https://sqs.local.invalid/000000000000/ecls-report',
      arn: 'arn:aws:sqs:us-east-1:000000000000:ecls-report',
      visibilityTimeoutSeconds: 60,
      kmsKeyArn: 'arn:aws:kms:us-east-1:000000000000:key/MessagesKey',
    },
  ],
  topics: [],
  keys: [],
  notifications: [],
  centerRoles: {},
} satisfies RegistryDeployment;

describe('S3', () => {
  it('a GET of a KMS-encrypted object needs the object and kms:Decrypt via S3', () => {
    expect(
      authorizationRequestsFor(
        's3',
        'GetObjectCommand',
        { Bucket: 'ecls-data', Key: 'curated/C001/v1.ndjson' },
        deployment,
      ),
    ).toEqual([
      { action: 's3:GetObject', resource: 'arn:aws:s3:::ecls-data/curated/C001/v1.ndjson' },
      { action: 'kms:Decrypt', resource: key, context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' } },
    ]);
  });

  it('a PUT carries its encryption headers as condition keys and needs a data key of the key it names', () => {
    const requests = authorizationRequestsFor(
      's3',
      'PutObjectCommand',
      { Bucket: 'ecls-data', Key: 'k', ServerSideEncryption: 'aws:kms', SSEKMSKeyId: 'arn:other' },
      deployment,
    );
    expect(requests).toEqual([
      {
        action: 's3:PutObject',
        resource: 'arn:aws:s3:::ecls-data/k',
        context: {
          's3:x-amz-server-side-encryption': 'aws:kms',
          's3:x-amz-server-side-encryption-aws-kms-key-id': 'arn:other',
        },
      },
      {
        action: 'kms:GenerateDataKey',
        resource: 'arn:other',
        context: { 'kms:ViaService': 's3.us-east-1.amazonaws.com' },
      },
    ]);
    // SSE-S3 uses no customer key at all.
    expect(
      authorizationRequestsFor(
        's3',
        'PutObjectCommand',
        { Bucket: 'ecls-data', Key: 'k', ServerSideEncryption: 'AES256' },
        deployment,
      ),
    ).toHaveLength(1);
  });

  it('a listing is s3:ListBucket on the bucket with the prefix as s3:prefix', () => {
    expect(
      authorizationRequestsFor(
        's3',
        'ListObjectsV2Command',
        { Bucket: 'ecls-data', Prefix: 'validation/C001/' },
        deployment,
      ),
    ).toEqual([
      {
        action: 's3:ListBucket',
        resource: 'arn:aws:s3:::ecls-data',
        context: { 's3:prefix': 'validation/C001/' },
      },
    ]);
  });
});

describe('DynamoDB', () => {
  it('an item call carries its partition key as dynamodb:LeadingKeys, in either marshalling', () => {
    for (const pk of ['CENTER#C001', { S: 'CENTER#C001' }]) {
      expect(
        authorizationRequestsFor(
          'dynamodb',
          'GetItemCommand',
          { TableName: 'ecls-registry', Key: { pk, sk: 'POINTER' } },
          deployment,
        )[0],
      ).toEqual({
        action: 'dynamodb:GetItem',
        resource: deployment.table.arn,
        context: { 'dynamodb:LeadingKeys': ['CENTER#C001'] },
      });
    }
  });

  it('a Query on an index is authorized on the index ARN with the index partition key', () => {
    const [query] = authorizationRequestsFor(
      'dynamodb',
      'QueryCommand',
      {
        TableName: 'ecls-registry',
        IndexName: 'gsi1',
        KeyConditionExpression: '#k = :pk AND begins_with(gsi1sk, :s)',
        ExpressionAttributeNames: { '#k': 'gsi1pk' },
        ExpressionAttributeValues: { ':pk': 'UPLOADS#C001', ':s': '2023' },
      },
      deployment,
    );
    expect(query).toEqual({
      action: 'dynamodb:Query',
      resource: `${deployment.table.arn}/index/gsi1`,
      context: { 'dynamodb:LeadingKeys': ['UPLOADS#C001'] },
    });
  });

  it('a transaction is authorized part by part', () => {
    const requests = authorizationRequestsFor(
      'dynamodb',
      'TransactWriteItemsCommand',
      {
        TransactItems: [
          { Update: { TableName: 'ecls-registry', Key: { pk: 'PUBLICATION', sk: 'LEASE' } } },
          {
            ConditionCheck: { TableName: 'ecls-registry', Key: { pk: 'PUBLICATION', sk: 'QUARTER#2023-Q3' } },
          },
        ],
      },
      deployment,
    );
    expect(requests.filter((r) => r.action.startsWith('dynamodb:')).map((r) => r.action)).toEqual([
      'dynamodb:UpdateItem',
      'dynamodb:ConditionCheckItem',
    ]);
  });
});

describe('messaging and the unknown', () => {
  it('a send to an encrypted queue needs the queue and a data key of its key, via SQS', () => {
    const requests = authorizationRequestsFor(
      'sqs',
      'SendMessageBatchCommand',
      { QueueUrl: deployment.queues[0]!.url, Entries: [] },
      deployment,
    );
    expect(requests.map((r) => [r.action, r.resource])).toEqual([
      ['sqs:SendMessage', deployment.queues[0]!.arn],
      ['kms:GenerateDataKey', deployment.queues[0]!.kmsKeyArn],
      ['kms:Decrypt', deployment.queues[0]!.kmsKeyArn],
    ]);
  });

  it('refuses a call it does not model instead of letting it through', () => {
    expect(() =>
      authorizationRequestsFor('s3', 'PutBucketPolicyCommand', { Bucket: 'ecls-data' }, deployment),
    ).toThrow(UnmodelledRequestError);
  });
});
