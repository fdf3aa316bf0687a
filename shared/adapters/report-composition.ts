/**
 * The report and close-quarter functions' part of the composition root (composition-root.ts): their
 * dependencies from the same environment and clients. Apart from it, so the ingest function's bundle does not
 * carry the report pipeline and its model workers.
 */
import { envNames } from '../config/resources.js';
import { processModelRunner } from '../report/analyses/model-pool.js';
import type { GenerateQuarterReportDeps } from '../report/generate-quarter-report.js';
import {
  type AwsClients,
  awsClients,
  documentClient,
  FunctionConfigError,
  type FunctionEnvironment,
  readFunctionEnvironment,
} from './composition-root.js';
import { DynamoRegistryStore } from './dynamo-registry-store.js';
import { S3ObjectStore } from './s3-object-store.js';

/** One JSON line per progress step, so CloudWatch Logs Insights can filter them by service. */
export function jsonLineLog(service: string): (line: string) => void {
  return (line) =>
    process.stdout.write(
      `${JSON.stringify({ timestamp: new Date().toISOString(), level: 'info', service, message: line })}\n`,
    );
}

/** Options of {@link reportDependencies}. */
export interface ReportCompositionOptions {
  log?: (line: string) => void;
  clock?: () => Date;
}

/** The report and close-quarter functions' dependencies. */
export function reportDependencies(
  env: FunctionEnvironment,
  clients: AwsClients,
  options: ReportCompositionOptions = {},
): GenerateQuarterReportDeps {
  if (!env.reportsBucket) {
    throw new FunctionConfigError(
      `The ${env.functionName} function needs the environment variable ${envNames.reportsBucket}.`,
    );
  }
  return {
    objectStore: new S3ObjectStore(clients.s3),
    registryStore: new DynamoRegistryStore(documentClient(clients.dynamo), { tableName: env.table }),
    buckets: { data: env.dataBucket, reports: env.reportsBucket },
    clock: options.clock ?? (() => new Date()),
    log: options.log ?? jsonLineLog(env.functionName),
    // The fits and MICE chains on one worker per core (the report functions have 2 vCPUs at 3,008 MB).
    models: processModelRunner(),
  };
}

/**
 * A report function's dependencies from its Lambda environment and the AWS clients it names: what the report and
 * close-quarter handlers build on their first invocation.
 * @throws {FunctionConfigError} when a variable the function needs is missing or malformed.
 */
export function reportDependenciesFromEnvironment(
  functionName: 'report' | 'close-quarter',
  environment: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void,
): GenerateQuarterReportDeps {
  const env = readFunctionEnvironment(environment, functionName);
  return reportDependencies(env, awsClients(env), { log });
}
