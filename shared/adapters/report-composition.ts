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
  documentClient,
  FunctionConfigError,
  type FunctionEnvironment,
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
