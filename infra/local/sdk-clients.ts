import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** The region every local client and event claims; nothing local depends on it but the SDK requires one. */
export const localRegion = 'us-east-1';

/**
 * Dummy static credentials. Both emulators accept any well-formed signature (DynamoDB Local runs with -sharedDb
 * so the key id does not select a separate database), and static values keep the SDK from searching the
 * machine's real AWS profile.
 */
export const localCredentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

/** An S3 client for s3rver: path-style addressing, because `<bucket>.127.0.0.1` does not resolve. */
export function createLocalS3Client(endpoint: string): S3Client {
  // s3rver does not understand the SDK's default streaming checksum framing (aws-chunked): a streamed PUT would
  // be stored with the framing inside the object. Only send checksums where the operation requires them.
  return new S3Client({
    endpoint,
    region: localRegion,
    credentials: localCredentials,
    forcePathStyle: true,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

/** A low-level DynamoDB client for DynamoDB Local. */
export function createLocalDynamoClient(endpoint: string, maxAttempts?: number): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion, credentials: localCredentials, maxAttempts });
}

/** A document client over {@link createLocalDynamoClient}, marshalling as the DynamoDB adapters will. */
export function createLocalDocClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
