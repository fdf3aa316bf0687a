import { fileURLToPath } from 'node:url';

import { type DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListBucketsCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

import { type BucketRole, localBucketNames, table } from '../../shared/config/resources.js';
import { prepareDataDir } from './data-dir.js';
import { type DynamoDbLocal, spawnDynamoDbLocal } from './dynamodb-local.js';
import { DataDirError, LocalStackError, ProvisioningError, ServiceStartError } from './errors.js';
import type { S3Event } from './event-types.js';
import { checkJava } from './java.js';
import { assertPortFree, findFreePort } from './ports.js';
import { ensureRegistryTable } from './provision-table.js';
import { type S3Local, startS3Local } from './s3-local.js';
import { createLocalDocClient, createLocalDynamoClient, createLocalS3Client } from './sdk-clients.js';
import { ReadinessTimeoutError, waitUntilReady } from './wait-until-ready.js';

/** Options of {@link startLocalStack}; every one has a default, most can also come from the environment. */
export interface LocalStackOptions {
  /** s3rver port; 0 picks a free one. Default: ECLS_S3_PORT or 4569. */
  s3Port?: number;
  /** DynamoDB Local port; 0 picks a free one. Default: ECLS_DYNAMODB_PORT or 8000. */
  dynamodbPort?: number;
  /** Where objects, the table and dead letters persist. Default: ECLS_DATA_DIR or `.local/` at the repo root. */
  dataDir?: string;
  /** Keep DynamoDB in memory (`-inMemory`): faster, nothing survives stop(). Default false. */
  inMemoryDynamo?: boolean;
  /** Physical bucket names per role. Default: `localBucketNames`. */
  buckets?: Record<BucketRole, string>;
  /** Table name. Default: `table.localName`. */
  tableName?: string;
  /** Upper bound for each service to answer after spawning (ms). Default 60000; a cold JVM takes a few seconds. */
  readyTimeoutMs?: number;
}

/** A running local stack. */
export interface LocalStack {
  endpoints: { s3: string; dynamodb: string };
  ports: { s3: number; dynamodb: number };
  buckets: Record<BucketRole, string>;
  tableName: string;
  dataDir: string;
  /** The DynamoDB Local Java process id. */
  dynamodbPid: number;
  /** A shared S3 client for this stack (destroyed by stop()). */
  s3Client(): S3Client;
  /** A shared low-level DynamoDB client for this stack (destroyed by stop()). */
  dynamoClient(): DynamoDBClient;
  /** A shared document client over dynamoClient(). */
  docClient(): DynamoDBDocumentClient;
  /** Subscribes to object events in any bucket, in AWS notification shape; returns the unsubscribe function. */
  onObjectEvent(listener: (event: S3Event) => void): () => void;
  /** Stops s3rver and DynamoDB Local and waits until the Java process has exited. Safe to call twice. */
  stop(): Promise<void>;
  /** Synchronously SIGKILLs Java; for exit handlers and a second Ctrl-C, where stop() cannot be awaited. */
  forceStop(): void;
}

/** The environment variables the defaults read; the CLI documents them and error messages name them. */
export const localStackEnv = {
  s3Port: 'ECLS_S3_PORT',
  dynamodbPort: 'ECLS_DYNAMODB_PORT',
  dataDir: 'ECLS_DATA_DIR',
} as const;

/** The repository's `.local/` (git-ignored), found from this file so it does not depend on the working directory. */
export const defaultDataDir = fileURLToPath(new URL('../../.local/', import.meta.url));

function portFromEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new LocalStackError(`${name}=${raw} is not a port number (0-65535; 0 picks a free port).`);
  }
  return port;
}

/** Resolves a requested port: 0 means any free one, anything else must be free now. */
async function claimPort(
  requested: number,
  service: string,
  option: string,
  envVar: string,
): Promise<number> {
  if (requested === 0) return findFreePort();
  await assertPortFree(requested, { service, option, envVar });
  return requested;
}

/**
 * Starts the embedded local runtime: s3rver and DynamoDB Local on loopback, with the buckets and the registry
 * table (and its GSI) created idempotently from shared/config/resources.ts. Everything that can be checked
 * before spawning (data directory, Java, ports) is checked first, so failures are named and say what to do.
 * @throws {LocalStackError} subclasses: DataDirError, JavaNotFoundError, JavaVersionError, PortInUseError,
 *   ServiceStartError, ProvisioningError.
 * @example
 *   const stack = await startLocalStack({ s3Port: 0, dynamodbPort: 0, dataDir: tmp, inMemoryDynamo: true });
 *   await stack.s3Client().send(new PutObjectCommand({ Bucket: stack.buckets.uploads, Key: 'k', Body: 'x' }));
 *   await stack.stop();
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const dataDir = options.dataDir ?? (process.env[localStackEnv.dataDir] || defaultDataDir);
  const buckets = { ...(options.buckets ?? localBucketNames) };
  const tableName = options.tableName ?? table.localName;
  const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
  const inMemory = options.inMemoryDynamo ?? false;

  const layout = await prepareDataDir(dataDir);
  await checkJava();
  const s3Requested = options.s3Port ?? portFromEnv(localStackEnv.s3Port, 4569);
  const dynamoRequested = options.dynamodbPort ?? portFromEnv(localStackEnv.dynamodbPort, 8000);
  // s3rver reports the port it bound, so 0 goes straight to it; only a fixed port needs checking first.
  if (s3Requested !== 0) await claimPort(s3Requested, 'S3 (s3rver)', 's3Port', localStackEnv.s3Port);
  const dynamoPort = await claimPort(
    dynamoRequested,
    'DynamoDB Local',
    'dynamodbPort',
    localStackEnv.dynamodbPort,
  );

  let dynamo: DynamoDbLocal | undefined;
  let s3: S3Local | undefined;
  const clients: { s3?: S3Client; dynamo?: DynamoDBClient; doc?: DynamoDBDocumentClient } = {};
  const killJavaOnExit = (): void => dynamo?.killNow();
  let stopped = false;

  const stop = async (): Promise<void> => {
    if (stopped) return;
    stopped = true;
    clients.doc?.destroy();
    clients.dynamo?.destroy();
    clients.s3?.destroy();
    await Promise.all([s3?.stop(), dynamo?.stop()]);
    process.off('exit', killJavaOnExit);
  };

  try {
    // Spawn Java first: it is the slow one, and s3rver starts while the JVM warms up.
    dynamo = await spawnDynamoDbLocal({ port: dynamoPort, dbPath: inMemory ? undefined : layout.dynamodb });
    process.on('exit', killJavaOnExit);
    s3 = await startS3Local({
      port: s3Requested,
      directory: layout.s3,
      buckets: Object.values(buckets),
    }).catch((cause: unknown) => {
      throw new ServiceStartError(
        `s3rver failed to start on port ${s3Requested}: ${(cause as Error).message}`,
        's3',
        {
          cause,
        },
      );
    });
    const endpoints = { s3: s3.endpoint, dynamodb: dynamo.endpoint };

    const s3Probe = createLocalS3Client(endpoints.s3);
    const dynamoProbe = createLocalDynamoClient(endpoints.dynamodb, 1);
    try {
      await Promise.all([
        waitUntilReady(() => s3Probe.send(new ListBucketsCommand({})), { timeoutMs: readyTimeoutMs }).catch(
          (cause: unknown) => {
            throw new ServiceStartError(
              `s3rver did not answer on ${endpoints.s3} within ${readyTimeoutMs} ms.`,
              's3',
              {
                cause,
              },
            );
          },
        ),
        waitUntilReady(() => dynamoProbe.send(new ListTablesCommand({ Limit: 1 })), {
          timeoutMs: readyTimeoutMs,
          intervalMs: 100,
          abortReason: () => dynamo?.exitReason(),
        }).catch((cause: unknown) => {
          if (cause instanceof LocalStackError && !(cause instanceof ReadinessTimeoutError)) throw cause;
          throw new ServiceStartError(
            `DynamoDB Local did not answer on ${endpoints.dynamodb} within ${readyTimeoutMs} ms. A slow machine may ` +
              `need a larger readyTimeoutMs; otherwise check that Java can run ("java -version").`,
            'dynamodb',
            { cause },
          );
        }),
      ]);
    } finally {
      s3Probe.destroy();
      dynamoProbe.destroy();
    }

    const dynamoClient = (clients.dynamo = createLocalDynamoClient(endpoints.dynamodb));
    try {
      await ensureRegistryTable(dynamoClient, tableName);
    } catch (cause) {
      if (inMemory) {
        throw new ProvisioningError(
          `Could not create table ${tableName} in DynamoDB Local: ${(cause as Error).message}`,
          {
            cause,
          },
        );
      }
      // With persisted data the likeliest reason is a table or database file from an older layout.
      throw new DataDirError(
        `Could not create or check table ${tableName} in ${layout.dynamodb}: ${(cause as Error).message} ` +
          `Run "ecls reset" or delete ${dataDir} (local data only) and start again.`,
        dataDir,
        { cause },
      );
    }

    const running = { s3, dynamo };
    return {
      endpoints,
      ports: { s3: running.s3.port, dynamodb: running.dynamo.port },
      buckets,
      tableName,
      dataDir,
      dynamodbPid: running.dynamo.pid,
      s3Client: () => (clients.s3 ??= createLocalS3Client(endpoints.s3)),
      dynamoClient: () => dynamoClient,
      docClient: () => (clients.doc ??= createLocalDocClient(dynamoClient)),
      onObjectEvent: (listener) => running.s3.onObjectEvent(listener),
      stop,
      forceStop: () => running.dynamo.killNow(),
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
