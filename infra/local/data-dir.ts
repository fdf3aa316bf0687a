import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { stopStaleDynamoDbLocal } from './dynamodb-local.js';
import { DataDirError } from './errors.js';

/** Bump when the layout below changes, so an old `.local/` is reported instead of misread. */
export const dataDirLayoutVersion = 1;

/** Where each part of the local stack keeps its files inside the data directory. */
export interface DataDirLayout {
  root: string;
  /** s3rver's object store. */
  s3: string;
  /** DynamoDB Local's `-dbPath` (holds shared-local-instance.db). */
  dynamodb: string;
  /**
   * The local queues, one subdirectory per queue: `<name>/messages/` holds every message not yet handled (so a
   * crash loses none), and a dead-letter queue's directory holds its dead letters.
   */
  queues: string;
  /** Marker with the layout version. */
  marker: string;
  /** `npm start`'s record of the running registry (its pid and DynamoDB Local's), written by cli/start.ts. */
  running: string;
}

/** The paths inside a data directory. */
export function dataDirLayout(root: string): DataDirLayout {
  return {
    root,
    s3: join(root, 's3'),
    dynamodb: join(root, 'dynamodb'),
    queues: join(root, 'queues'),
    marker: join(root, 'stack.json'),
    running: join(root, 'running.json'),
  };
}

const sqliteHeader = 'SQLite format 3\u0000';

function resetAdvice(root: string): string {
  return `Run "ecls reset" or delete ${root} (local data only) and start again.`;
}

async function kindOf(path: string): Promise<'missing' | 'file' | 'directory' | 'other'> {
  try {
    const info = await stat(path);
    return info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'other';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'missing';
    throw error;
  }
}

/**
 * Checks and prepares the data directory before anything is started in it: every expected path must be a
 * directory, the layout marker must be current, and a persisted DynamoDB file must at least be SQLite. A bad
 * directory otherwise surfaces much later as an opaque 500 from DynamoDB Local or an s3rver stack trace.
 * A DynamoDB Local that an earlier start left running on this directory (its registry was killed) is stopped
 * first, before the ports are checked; one whose registry is still running makes this throw instead
 * (see {@link stopStaleDynamoDbLocal}).
 * @throws {DataDirError} saying what is wrong and to reset the directory, or that another stack uses it.
 */
export async function prepareDataDir(
  root: string,
  options: { log?: (message: string) => void } = {},
): Promise<DataDirLayout> {
  const layout = dataDirLayout(root);
  try {
    for (const dir of [layout.root, layout.s3, layout.dynamodb, layout.queues]) {
      const kind = await kindOf(dir);
      if (kind !== 'missing' && kind !== 'directory') {
        throw new DataDirError(`${dir} should be a directory but is a ${kind}. ${resetAdvice(root)}`, root);
      }
    }
    if ((await kindOf(layout.marker)) === 'file') {
      let version: unknown;
      try {
        version = (JSON.parse(await readFile(layout.marker, 'utf8')) as { layoutVersion?: unknown })
          .layoutVersion;
      } catch (cause) {
        throw new DataDirError(`${layout.marker} is not valid JSON. ${resetAdvice(root)}`, root, { cause });
      }
      if (version !== dataDirLayoutVersion) {
        throw new DataDirError(
          `${root} was written by another version of the local stack (layout ${String(version)}, this is ` +
            `${dataDirLayoutVersion}). ${resetAdvice(root)}`,
          root,
        );
      }
    }
    await stopStaleDynamoDbLocal(layout.dynamodb, {
      runningFile: layout.running,
      dataDir: root,
      log: options.log,
    });
    await assertSqliteOrAbsent(join(layout.dynamodb, 'shared-local-instance.db'), root);
    for (const dir of [layout.s3, layout.dynamodb, layout.queues]) await mkdir(dir, { recursive: true });
    await writeFile(layout.marker, `${JSON.stringify({ layoutVersion: dataDirLayoutVersion })}\n`);
  } catch (error) {
    if (error instanceof DataDirError) throw error;
    throw new DataDirError(
      `Cannot prepare the data directory ${root}: ${(error as Error).message}. ${resetAdvice(root)}`,
      root,
      {
        cause: error,
      },
    );
  }
  return layout;
}

async function assertSqliteOrAbsent(file: string, root: string): Promise<void> {
  const kind = await kindOf(file);
  if (kind === 'missing') return;
  const handle = await open(file, 'r');
  try {
    const header = Buffer.alloc(sqliteHeader.length);
    const { bytesRead } = await handle.read(header, 0, header.length, 0);
    // DynamoDB Local may leave a zero-byte file after a crash at creation; SQLite treats that as empty.
    if (bytesRead === 0) return;
    if (header.toString('latin1', 0, bytesRead) !== sqliteHeader) {
      throw new DataDirError(
        `${file} is not a SQLite database (corrupt DynamoDB Local data). ${resetAdvice(root)}`,
        root,
      );
    }
  } finally {
    await handle.close();
  }
}
