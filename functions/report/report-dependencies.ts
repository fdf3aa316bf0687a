/**
 * The report pipeline's dependencies from the environment, shared by the report and close-quarter Lambdas. The
 * variable names are the ones the CDK stack sets (envNames, infra/stacks/function-specs.ts); locally, endpoint
 * overrides point the same code at s3rver and DynamoDB Local.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoRegistryStore, S3ObjectStore } from '../../shared/adapters/index.js';
import { envNames } from '../../shared/config/resources.js';
import { processModelRunner } from '../../shared/report/analyses/model-pool.js';
import type { GenerateQuarterReportDeps } from '../../shared/report/generate-quarter-report.js';

/** The environment variables the report functions read. */
export const reportEnv = {
  dataBucket: envNames.dataBucket,
  reportsBucket: envNames.reportsBucket,
  table: envNames.table,
  /** Optional: an S3 endpoint (s3rver) instead of AWS; path-style addressing is used with it. */
  s3Endpoint: 'S3_ENDPOINT',
  /** Optional: a DynamoDB endpoint (DynamoDB Local) instead of AWS. */
  dynamodbEndpoint: 'DYNAMODB_ENDPOINT',
} as const;

/** Thrown at the first invocation when a required variable is missing. */
export class ReportConfigError extends Error {
  override readonly name = 'ReportConfigError';
}

function required(env: NodeJS.ProcessEnv, name: string): string {
  const value = env[name];
  if (!value) throw new ReportConfigError(`The report functions need the environment variable ${name}.`);
  return value;
}

/** One JSON line per progress step, so CloudWatch Logs Insights can filter them. */
export function jsonLineLog(service: string): (line: string) => void {
  return (line) =>
    process.stdout.write(
      `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service, message: line })}\n`,
    );
}

/** Builds the report pipeline's dependencies from the environment. */
export function reportDependenciesFromEnv(
  service: string,
  env: NodeJS.ProcessEnv = process.env,
): GenerateQuarterReportDeps {
  const s3Endpoint = env[reportEnv.s3Endpoint];
  const dynamodbEndpoint = env[reportEnv.dynamodbEndpoint];
  // Static dummy keys (s3rver's default pair; DynamoDB Local takes any) keep the SDK from looking for a profile.
  const local = {
    region: env.AWS_REGION ?? 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const s3 = new S3Client(s3Endpoint ? { ...local, endpoint: s3Endpoint, forcePathStyle: true } : {});
  const dynamo = new DynamoDBClient(dynamodbEndpoint ? { ...local, endpoint: dynamodbEndpoint } : {});
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return {
    objectStore: new S3ObjectStore(s3),
    registryStore: new DynamoRegistryStore(doc, { tableName: required(env, reportEnv.table) }),
    buckets: {
      data: required(env, reportEnv.dataBucket),
      reports: required(env, reportEnv.reportsBucket),
    },
    clock: () => new Date(),
    log: jsonLineLog(service),
    // The fits and MICE chains on one worker per core (the report functions have 2 vCPUs at 3,008 MB).
    models: processModelRunner(),
  };
}
