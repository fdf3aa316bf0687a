/**
 * `ecls upload FILE --center ID [--snapshot]`: uploads an export as the center does (PutObject under
 * `uploads/{centerId}/`, or `uploads/{centerId}/snapshot/` to replace all of the center's runs), waits until the
 * ingest function has recorded its verdict in the ledger, and prints the verdict. The upload id is derived the
 * way the ingest function derives it (bucket, key, and version id or content hash), so the command polls exactly
 * its own upload.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Command, InvalidArgumentError, Option, type CommanderError } from 'commander';
import { keys } from '../../shared/config/resources.js';
import { deriveUploadId, type LedgerEntry } from '../../shared/ingest/index.js';
import { renderVerdictText, VerdictSchema, type Verdict } from '../../shared/validation/index.js';
import {
  clientsFor,
  resolveTargetOrExplain,
  withTargetOptions,
  type StackTarget,
  type StackTargetOptions,
} from './status.js';
import { cliMessage } from '../../shared/i18n/cli-messages.js';
import type { Language } from '../../shared/i18n/language.js';
import {
  assertKnownCenter,
  assertReadableFile,
  CliUsageError,
  languageOption,
  resolveLanguage,
} from '../user-input.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { commandList } from '../command-list.js';

/** Exit codes: 0 accepted (green or yellow), 1 rejected (red), 2 bad usage, 3 no verdict (stack or timeout). */
export const uploadExitCodes = { accepted: 0, rejected: 1, usage: USAGE_EXIT_CODE, noVerdict: 3 } as const;

export interface UploadCliOptions extends StackTargetOptions {
  center: string;
  snapshot?: boolean;
  /** Seconds to wait for the verdict. */
  timeout: number;
  format?: 'text' | 'json';
  /** Poll interval (ms). Default 250. */
  pollMs?: number;
  /** The language of the messages; default: the center's. */
  lang?: Language;
}

/** What an upload came to. */
export interface UploadOutcome {
  key: string;
  uploadId: string;
  entry?: LedgerEntry;
  verdict?: Verdict;
  exitCode: number;
}

/** The object key of an upload: the file's name under the center's prefix (or its snapshot prefix). */
export function uploadKeyFor(file: string, centerId: string, snapshot = false): string {
  return `${snapshot ? keys.snapshotPrefix(centerId) : keys.uploadPrefix(centerId)}${basename(file)}`;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Where a verdict can be opened in a browser, as one line in `language`. */
export function verdictLocationLine(
  target: StackTarget,
  verdictKey: string,
  language: Language,
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (target.endpoints) {
    // The site server (npm start, or ecls serve) serves the data bucket's validation/ prefix at the same path.
    if (target.siteUrl)
      return cliMessage(language, 'verdictAtLocal', { url: `${target.siteUrl}${verdictKey}` });
    const port = env.ECLS_SITE_PORT || '8080';
    return cliMessage(language, 'verdictServeHint', { url: `http://127.0.0.1:${port}/${verdictKey}` });
  }
  // The verdict bucket is private and no presigner is installed: the console opens it for a signed-in role.
  const region = env.AWS_REGION || env.AWS_DEFAULT_REGION;
  const url =
    `https://s3.console.aws.amazon.com/s3/object/${target.buckets.data}` +
    `?${region ? `region=${region}&` : ''}prefix=${encodeURIComponent(verdictKey)}`;
  return cliMessage(language, 'verdictAtAws', { url, s3Uri: `s3://${target.buckets.data}/${verdictKey}` });
}

/**
 * Uploads `file` and waits for its verdict. Never throws for a stack that is down or slow: the outcome's exit
 * code says what happened, and `err` has said why, in one line.
 * @throws {CliUsageError} before anything is uploaded, for an unknown or inactive center, a file that cannot be
 * read, or `--aws` without the stack's names.
 */
export async function runUpload(
  file: string,
  options: UploadCliOptions,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<UploadOutcome> {
  assertKnownCenter(options.center, options.lang);
  const language = resolveLanguage(options.lang, options.center);
  await assertReadableFile(file, language);
  const target = resolveTargetOrExplain(options);
  const key = uploadKeyFor(file, options.center, options.snapshot);
  // Locally the upload is the center's: its synthesized role, which may put under its own prefix and read its
  // own verdicts and ledger rows, nothing else.
  let clients: Awaited<ReturnType<typeof clientsFor>>;
  try {
    clients = await clientsFor(target, { center: options.center });
  } catch (error) {
    // The center is configured but has no role in the deployment: it is not active.
    if ((error as Error)?.name === 'DeploymentError') {
      throw new CliUsageError((error as Error).message, { cause: error });
    }
    err.write(`ecls upload: ${(error as Error).message}\n`);
    return { key, uploadId: '', exitCode: uploadExitCodes.noVerdict };
  }
  const where = target.endpoints ? `the local stack (${target.endpoints.s3})` : 'AWS';
  try {
    const body = await readFile(file);
    let versionId: string | undefined;
    try {
      const put = await clients.s3.send(
        new PutObjectCommand({
          Bucket: target.buckets.uploads,
          Key: key,
          Body: body,
          ContentType: 'text/csv',
        }),
      );
      versionId = put.VersionId;
    } catch (error) {
      const detail = (error as Error).message.replace(/\s+/g, ' ').replace(/\.$/, '');
      err.write(
        `ecls upload: ${cliMessage(language, 'stackUnreachable', {
          what: `put ${key} into bucket ${target.buckets.uploads}`,
          where,
          detail,
        })} ${cliMessage(language, 'stackNotRunningHint', {})}\n`,
      );
      return { key, uploadId: '', exitCode: uploadExitCodes.noVerdict };
    }
    const uploadId = deriveUploadId({
      bucket: target.buckets.uploads,
      key,
      versionId: versionId ?? null,
      checksum: createHash('sha256').update(body).digest('hex'),
    });
    const location = `s3://${target.buckets.uploads}/${key}`;
    err.write(`${cliMessage(language, 'uploadWaiting', { file, location, uploadId })}\n`);

    const deadline = Date.now() + options.timeout * 1000;
    let entry: LedgerEntry | undefined;
    while (Date.now() < deadline) {
      // The center's own ledger rows (gsi1 UPLOADS#{center}): what its role may read, here and in AWS.
      entry = await new DynamoRegistryStore(clients.doc, { tableName: target.tableName })
        .listUploads(options.center)
        .then((entries) => entries.find((e) => e.uploadId === uploadId))
        .catch(() => undefined);
      if (entry && (entry.status === 'completed' || entry.status === 'rejected')) break;
      await sleep(options.pollMs ?? 250);
    }
    if (!entry || (entry.status !== 'completed' && entry.status !== 'rejected')) {
      // What happens next differs: locally the ingest message waits on disk for the next "npm start"; on AWS,
      // SQS keeps it and Lambda retries, then dead-letters it.
      const next = cliMessage(language, target.endpoints ? 'uploadNoVerdictLocal' : 'uploadNoVerdictAws', {});
      const state = entry
        ? cliMessage(language, 'uploadInState', { status: entry.status })
        : cliMessage(language, 'uploadNotRecorded', {});
      err.write(
        `ecls upload: ${cliMessage(language, 'uploadNoVerdict', {
          uploadId,
          seconds: options.timeout,
          state,
          location,
          center: options.center,
        })} ${next}\n`,
      );
      return { key, uploadId, ...(entry ? { entry } : {}), exitCode: uploadExitCodes.noVerdict };
    }
    const object = await clients.s3.send(
      new GetObjectCommand({ Bucket: target.buckets.data, Key: `${entry.verdictPrefix}verdict.json` }),
    );
    const verdict = VerdictSchema.parse(JSON.parse(await object.Body!.transformToString()));
    out.write(
      options.format === 'json'
        ? `${JSON.stringify({ uploadId, key, status: entry.status, verdict })}\n`
        : `${renderVerdictText(verdict, { language })}\n${cliMessage(language, 'uploadDone', { uploadId, status: entry.status })} ` +
            `${verdictLocationLine(target, `${entry.verdictPrefix}verdict.html`, language)}\n`,
    );
    return {
      key,
      uploadId,
      entry,
      verdict,
      exitCode: verdict.status === 'red' ? uploadExitCodes.rejected : uploadExitCodes.accepted,
    };
  } finally {
    clients.destroy();
  }
}

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0)
    throw new InvalidArgumentError('give a number of seconds, e.g. --timeout 60.');
  return n;
}

/** The `upload` subcommand. */
export function uploadCommand(): Command {
  return withTargetOptions(
    new Command('upload')
      .description(commandList.upload.description)
      .argument('<file>', 'the CSV export to upload')
      .requiredOption('--center <id>', 'the center uploading, e.g. C001')
      .option('--snapshot', "the file is the center's complete set of runs (replaces all of them)")
      .option('--timeout <seconds>', 'how long to wait for the verdict', parseSeconds, 120)
      .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
      .option(
        '--lang <language>',
        "language of the messages: en or zh-CN (default: the center's language in centers.json)",
        languageOption,
      ),
  )
    .addHelpText(
      'after',
      `
Exit codes: 0 accepted (green or yellow), 1 rejected (red), 2 bad usage, 3 no verdict (stack down or timeout).

Examples:
  $ ecls upload .local/exports/2023-Q1/C001.csv --center C001
  $ ecls upload full-export.csv --center C001 --snapshot --format json`,
    )
    .exitOverride((error: CommanderError) => process.exit(error.exitCode === 0 ? 0 : USAGE_EXIT_CODE))
    .action(async (file: string, options: UploadCliOptions) => {
      process.exitCode = (await runUpload(file, options)).exitCode;
    });
}
