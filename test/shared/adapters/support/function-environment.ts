// What the composition-root tests build dependencies from: AWS clients that are never called, and the
// environment variables every function needs.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { envNames } from '../../../../shared/config/resources.js';

/** One client of each kind the composition root takes. */
export const clients = () => ({
  s3: new S3Client({ region: 'us-east-1' }),
  dynamo: new DynamoDBClient({ region: 'us-east-1' }),
  sqs: new SQSClient({ region: 'us-east-1' }),
  sns: new SNSClient({ region: 'us-east-1' }),
});

/** The variables every function reads: the data bucket and the registry table. */
export const base = { [envNames.dataBucket]: 'ecls-data', [envNames.table]: 'ecls-registry' };
