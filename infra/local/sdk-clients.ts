/**
 * SDK clients for the emulators, for the local stack's own use (provisioning, probes, the harness's uploads).
 * They are the composition root's emulator clients: one definition of how to talk to s3rver and DynamoDB Local.
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  documentClient,
  emulatorCredentials,
  emulatorDynamoClient,
  emulatorS3Client,
} from '../../shared/adapters/composition-root.js';

/** The region every local client and event claims; nothing local depends on it but the SDK requires one. */
export const localRegion = 'us-east-1';

/** Dummy static credentials; both emulators accept any well-formed signature. */
export const localCredentials = emulatorCredentials;

/** An S3 client for s3rver (path-style addressing, checksums only where required). */
export function createLocalS3Client(endpoint: string): S3Client {
  return emulatorS3Client(endpoint, localRegion);
}

/** A low-level DynamoDB client for DynamoDB Local. */
export function createLocalDynamoClient(endpoint: string, maxAttempts?: number): DynamoDBClient {
  return emulatorDynamoClient(endpoint, localRegion, maxAttempts);
}

/** A document client over {@link createLocalDynamoClient}, marshalling as the DynamoDB adapters will. */
export function createLocalDocClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return documentClient(client);
}
