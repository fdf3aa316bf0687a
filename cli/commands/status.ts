/**
 * `ecls status`: the upload ledger and each center's latest verdict, read through the registry store (the ledger's `gsi1`
 * index, `UPLOADS#{centerId}`, latest first) and each center's data-set pointer. It also holds how every
 * stack-facing command finds its stack (`resolveStackTarget`): the local stack by default, AWS with `--aws`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import { defaultDataDir, localStackEnv } from '../../infra/local/local-stack.js';
import { isProcessAlive } from '../../infra/local/dynamodb-local.js';
import { type ActAs, enforceAs } from './acting-identity.js';
import {
  createLocalDocClient,
  createLocalDynamoClient,
  createLocalS3Client,
} from '../../infra/local/sdk-clients.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { readRegistryStatus, type CenterStatus } from '../../shared/app/registry-status.js';
import { type BucketRole, envNames, localBucketNames, table } from '../../shared/config/resources.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { cliMessage, padColumns } from '../../shared/i18n/cli-messages.js';
import type { Language } from '../../shared/i18n/language.js';
import { assertKnownCenter, CliUsageError, languageOption, resolveLanguage } from '../user-input.js';
import { commandList } from '../command-list.js';

/** Written by `npm start` into its data directory while it runs, so other commands find its ports. */
export interface RunningStackFile {
  pid: number;
  /** The DynamoDB Local Java process, which Ctrl-C stops with the rest. */
  dynamodbPid?: number;
  endpoints: { s3: string; dynamodb: string };
  buckets: Record<BucketRole, string>;
  tableName: string;
  siteUrl?: string;
  startedAt: string;
}

/** The file name of {@link RunningStackFile} inside the data directory. */
export const runningStackFileName = 'running.json';

/** Where a command's stack is: endpoints (undefined = AWS), buckets and table. */
export interface StackTarget {
  endpoints?: { s3: string; dynamodb: string };
  buckets: Record<BucketRole, string>;
  tableName: string;
  /** The running `npm start`'s site server, when the target is that stack. */
  siteUrl?: string;
}

/** The options every stack-facing command accepts. */
export interface StackTargetOptions {
  s3Endpoint?: string;
  dynamodbEndpoint?: string;
  aws?: boolean;
  dataDir?: string;
}

/** The running `npm start`'s file in `dataDir`, if there is one and its process is alive. */
export function readRunningStack(dataDir: string): RunningStackFile | undefined {
  const file = join(dataDir, runningStackFileName);
  if (!existsSync(file)) return undefined;
  try {
    const running = JSON.parse(readFileSync(file, 'utf8')) as RunningStackFile;
    return isProcessAlive(running.pid) ? running : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Resolves the stack a command talks to. Order: explicit endpoint options; `--aws` (the SDK's default credentials
 * and region, no endpoint); `S3_ENDPOINT` / `DYNAMODB_ENDPOINT`; a running `npm start` (its running.json);
 * finally the local defaults (ECLS_S3_PORT or 4569, ECLS_DYNAMODB_PORT or 8000). Bucket and table names come from
 * UPLOADS_BUCKET, DATA_BUCKET, REPORTS_BUCKET and TABLE_NAME (the names the CDK stack sets), else the local ones.
 */
export function resolveStackTarget(options: StackTargetOptions, env = process.env): StackTarget {
  const dataDir = options.dataDir ?? (env[localStackEnv.dataDir] || defaultDataDir);
  const running = options.aws ? undefined : readRunningStack(dataDir);
  const buckets: Record<BucketRole, string> = {
    uploads: env[envNames.uploadsBucket] || running?.buckets.uploads || localBucketNames.uploads,
    data: env[envNames.dataBucket] || running?.buckets.data || localBucketNames.data,
    reports: env[envNames.reportsBucket] || running?.buckets.reports || localBucketNames.reports,
  };
  const tableName = env[envNames.table] || running?.tableName || table.localName;
  if (options.aws) {
    if (!env[envNames.uploadsBucket] || !env[envNames.dataBucket] || !env[envNames.table]) {
      throw new StackTargetError(
        `--aws needs the deployed stack's names: set ${envNames.uploadsBucket}, ${envNames.dataBucket}, ` +
          `${envNames.reportsBucket} and ${envNames.table} (from the CDK stack's outputs).`,
      );
    }
    return { buckets, tableName };
  }
  const s3 =
    options.s3Endpoint ??
    env.S3_ENDPOINT ??
    running?.endpoints.s3 ??
    `http://127.0.0.1:${env[localStackEnv.s3Port] || 4569}`;
  const dynamodb =
    options.dynamodbEndpoint ??
    env.DYNAMODB_ENDPOINT ??
    running?.endpoints.dynamodb ??
    `http://127.0.0.1:${env[localStackEnv.dynamodbPort] || 8000}`;
  // The site server serves this stack only when the S3 endpoint is the running stack's.
  const siteUrl = running?.siteUrl && s3 === running.endpoints.s3 ? running.siteUrl : undefined;
  return { endpoints: { s3, dynamodb }, buckets, tableName, ...(siteUrl ? { siteUrl } : {}) };
}

/**
 * {@link resolveStackTarget} for a command: a target that cannot be resolved (`--aws` without the stack's names)
 * is the user's to fix, so it becomes a {@link CliUsageError}.
 */
export function resolveTargetOrExplain(options: StackTargetOptions, env = process.env): StackTarget {
  try {
    return resolveStackTarget(options, env);
  } catch (error) {
    if (error instanceof StackTargetError) throw new CliUsageError(error.message, { cause: error });
    throw error;
  }
}

/** The target could not be resolved (missing names for AWS). */
export class StackTargetError extends Error {
  override readonly name = 'StackTargetError';
}

/**
 * SDK clients for a target: the local emulators' settings with endpoints, the default chain without. Locally,
 * `actAs` puts the clients under that center's or function's synthesized role (acting-identity.ts).
 */
export async function clientsFor(
  target: StackTarget,
  actAs?: ActAs,
): Promise<{ s3: S3Client; doc: DynamoDBDocumentClient; destroy(): void }> {
  if (target.endpoints) {
    const s3 = createLocalS3Client(target.endpoints.s3);
    const dynamo = createLocalDynamoClient(target.endpoints.dynamodb, 2);
    if (actAs) await enforceAs({ s3, dynamo }, actAs);
    const doc = createLocalDocClient(dynamo);
    return { s3, doc, destroy: () => (s3.destroy(), dynamo.destroy()) };
  }
  const s3 = new S3Client({});
  const dynamo = new DynamoDBClient({});
  const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
  return { s3, doc, destroy: () => (s3.destroy(), dynamo.destroy()) };
}

/**
 * The message of a failed call to the stack, with what to do when nothing answered at the endpoint (the usual
 * cause: no `npm start` running), e.g. "connect ECONNREFUSED 127.0.0.1:4569. Is the stack running? …".
 */
export function stackErrorMessage(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // Nothing answered: the error's class says nothing more to a person than what to do about it.
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH/.test(text))
    return `${text.replace(/\s+/g, ' ').replace(/\.$/, '')}. Is the stack running? Start it with "npm start" (or pass --s3-endpoint URL --dynamodb-endpoint URL, or --aws).`;
  return error instanceof Error ? `${error.name}: ${text}` : text;
}

/** Adds the target options (`--s3-endpoint`, `--dynamodb-endpoint`, `--aws`) to a command. */
export function withTargetOptions(command: Command): Command {
  return command
    .option('--s3-endpoint <url>', 'S3 endpoint (default: the running local stack, or http://127.0.0.1:4569)')
    .option('--dynamodb-endpoint <url>', 'DynamoDB endpoint (default: the running local stack, or :8000)')
    .option(
      '--aws',
      'talk to the deployed stack in AWS (names from UPLOADS_BUCKET, DATA_BUCKET, TABLE_NAME)',
    );
}

/** The plain-text table `ecls status` prints, with its header and summary in `language`. */
export function formatStatusText(statuses: readonly CenterStatus[], language: Language): string {
  const lines = [cliMessage(language, 'statusHeader', {})];
  for (const s of statuses) {
    const latest = s.latest
      ? `${padColumns(cliMessage(language, 'statusVerdict', { status: s.latest.verdictStatus }), 14)}  ${s.latest.key} (${cliMessage(language, 'statusUpload', { status: s.latest.status })}, ${s.latest.steps.recordedAt ?? '?'})`
      : '-';
    lines.push(
      `${s.centerId.padEnd(6)}  ${String(s.pointer?.runs ?? 0).padStart(4)}  ${String(s.pointer?.version ?? 0).padStart(7)}  ${String(s.uploads.length).padStart(7)}  ${latest}`,
    );
  }
  const uploaded = statuses.filter((s) => s.latest);
  const red = uploaded.filter((s) => s.latest?.verdictStatus === 'red').map((s) => s.centerId);
  lines.push(
    `\n${cliMessage(language, 'statusSummary', {
      uploaded: uploaded.length,
      total: statuses.length,
      red: red.length === 0 ? cliMessage(language, 'statusNone', {}) : red.join(', '),
    })}`,
  );
  return `${lines.join('\n')}\n`;
}

interface StatusCliOptions extends StackTargetOptions {
  center?: string;
  format: 'text' | 'json';
  /** The language of the table's header and messages; default: the center's, else the registry's. */
  lang?: Language;
}

/**
 * Runs `ecls status`; returns the exit code (0; 1 when the stack cannot be reached).
 * @throws {CliUsageError} for an unknown center, before the stack is contacted.
 */
export async function runStatus(
  options: StatusCliOptions,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<number> {
  if (options.center !== undefined) assertKnownCenter(options.center, options.lang);
  const language = resolveLanguage(options.lang, options.center);
  const target = resolveTargetOrExplain(options);
  let clients: Awaited<ReturnType<typeof clientsFor>> | undefined;
  try {
    // A center's status is read as the center reads it in AWS: under its role, its own ledger rows only.
    clients = await clientsFor(target, options.center ? { center: options.center } : undefined);
    const statuses = await readRegistryStatus(
      new DynamoRegistryStore(clients.doc, { tableName: target.tableName }),
      options.center ? [options.center] : undefined,
    );
    out.write(
      options.format === 'json'
        ? `${JSON.stringify(statuses, null, 2)}\n`
        : formatStatusText(statuses, language),
    );
    return 0;
  } catch (error) {
    // The store wraps the SDK's error: AWS's AccessDeniedException is its cause.
    const cause = (error as Error)?.cause as Error | undefined;
    const denied = /AccessDenied/.test(
      `${(error as Error)?.name} ${(error as Error)?.message} ${cause?.name} ${cause?.message}`,
    );
    if ((error as Error)?.name === 'DeploymentError') {
      // Not a stack problem: the center is configured but not active, so it has no role.
      throw new CliUsageError((error as Error).message, { cause: error });
    }
    const detail = (error as Error).message.replace(/\s+/g, ' ').replace(/\.$/, '');
    const where = target.endpoints ? target.endpoints.dynamodb : 'AWS';
    err.write(
      `ecls status: ${cliMessage(language, 'stackUnreachable', {
        what: `read the ledger in table ${target.tableName}`,
        where,
        detail,
      })} ${
        denied && options.center
          ? cliMessage(language, 'statusDenied', { center: options.center })
          : cliMessage(language, 'stackNotRunningHint', {})
      }\n`,
    );
    return 1;
  } finally {
    clients?.destroy();
  }
}

/** The `status` subcommand. */
export function statusCommand(): Command {
  return withTargetOptions(
    new Command('status')
      .description(commandList.status.description)
      .option('--center <id>', 'only this center, e.g. C001')
      .option(
        '--lang <language>',
        "language of the table and messages: en or zh-CN (default: the center's language, else zh-CN)",
        languageOption,
      )
      .option(
        '--format <format>',
        'text or json',
        (value: string) => {
          if (value !== 'text' && value !== 'json') throw new InvalidArgumentError('use text or json.');
          return value;
        },
        'text',
      ),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ ecls status\n  $ ecls status --center C001 --format json\n\nExit codes: 0 ok, 1 the stack cannot be reached, 2 bad usage.\n',
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async (options: StatusCliOptions) => {
      process.exitCode = await runStatus(options);
    });
}
