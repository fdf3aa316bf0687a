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
import { Command, InvalidArgumentError, type CommanderError } from 'commander';
import { keys } from '../../shared/config/resources.js';
import { deriveUploadId, type LedgerEntry } from '../../shared/ingest/index.js';
import { languageOfCenter } from '../../shared/i18n/center-language.js';
import { renderVerdictText, VerdictSchema, type Verdict } from '../../shared/validation/index.js';
import { clientsFor, resolveStackTarget, withTargetOptions, type StackTargetOptions } from './status.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';

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

/**
 * Uploads `file` and waits for its verdict. Never throws for a stack that is down or slow: the outcome's exit
 * code says what happened, and `err` has said why.
 */
export async function runUpload(
  file: string,
  options: UploadCliOptions,
  out: { write(text: string): unknown } = process.stdout,
  err: { write(text: string): unknown } = process.stderr,
): Promise<UploadOutcome> {
  const target = resolveStackTarget(options);
  const key = uploadKeyFor(file, options.center, options.snapshot);
  // Locally the upload is the center's: its synthesized role, which may put under its own prefix and read its
  // own verdicts and ledger rows, nothing else.
  let clients: Awaited<ReturnType<typeof clientsFor>>;
  try {
    clients = await clientsFor(target, { center: options.center });
  } catch (error) {
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
      err.write(
        `ecls upload: could not put ${key} into bucket ${target.buckets.uploads} on ${where}: ${(error as Error).message}\n` +
          'Is the stack running? Start it with "npm start" (or pass --s3-endpoint / --aws).\n',
      );
      return { key, uploadId: '', exitCode: uploadExitCodes.noVerdict };
    }
    const uploadId = deriveUploadId({
      bucket: target.buckets.uploads,
      key,
      versionId: versionId ?? null,
      checksum: createHash('sha256').update(body).digest('hex'),
    });
    err.write(
      `uploaded ${file} as s3://${target.buckets.uploads}/${key} (upload ${uploadId}); waiting for the verdict …\n`,
    );

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
      const next = target.endpoints
        ? 'On the local stack its ingest message is kept on disk until ingest finishes it, so if "npm start" ' +
          'stopped or crashed meanwhile, the upload is ingested when "npm start" next runs (on the same data directory).'
        : 'Ingest keeps retrying it; a message it cannot process moves to the ingest dead-letter queue.';
      err.write(
        `ecls upload: no verdict for upload ${uploadId} within ${options.timeout} s ` +
          `(${entry ? `it is ${entry.status}` : 'ingest has not recorded it yet'}). The file is stored as ` +
          `s3://${target.buckets.uploads}/${key}. ${next} See where it stands with ` +
          `"ecls status --center ${options.center}", or wait longer with --timeout.\n`,
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
        : `${renderVerdictText(verdict, { language: languageOfCenter(options.center) })}\nUpload ${uploadId}: ${entry.status}. Verdict files: s3://${target.buckets.data}/${entry.verdictPrefix}\n`,
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
      .description("Upload a center's CSV export, wait for its verdict and print it")
      .argument('<file>', 'the CSV export to upload')
      .requiredOption('--center <id>', 'the center uploading, e.g. C001')
      .option('--snapshot', "the file is the center's complete set of runs (replaces all of them)")
      .option('--timeout <seconds>', 'how long to wait for the verdict', parseSeconds, 120)
      .option('--format <format>', 'text or json', 'text'),
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
