/**
 * The curated data set of one center, one immutable S3 object per version: a JSON header line, then one
 * canonical run line (run-encoding.ts) per run in run-id order. Versions are never overwritten, so every prior
 * state stays readable even where the store keeps no object versions (s3rver).
 */
import { keys } from '../config/resources.js';
import type { RunRow } from '../dictionary/index.js';
import { CuratedDataSetFormatError } from './errors.js';
import { compareRunIds } from './recompute-aggregates.js';
import { decodeRun, encodedColumns, encodeRun, runIdOfLine } from './run-encoding.js';

export const curatedFormat = 'ecls-curated-runs';
export const curatedFormatVersion = 1;

/** The first line of a curated object. */
export interface CuratedHeader {
  format: typeof curatedFormat;
  formatVersion: typeof curatedFormatVersion;
  centerId: string;
  version: number;
  uploadId: string;
  runs: number;
  /** The column layout of the run lines. */
  columns: string[];
}

/**
 * The immutable key of one version of a center's curated data set. The version is zero-padded so a listing
 * sorts in version order; the upload id makes two racing writers of the same version write different objects.
 * @example curatedVersionKey('C001', 3, 'ab12') // 'curated/C001/v00000003-ab12.ndjson'
 */
export function curatedVersionKey(centerId: string, version: number, uploadId: string): string {
  return keys.curatedVersion(centerId, version, uploadId);
}

/** Splits a byte stream into UTF-8 text lines, without holding more than one chunk and one partial line. */
export async function* splitLines(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let carry = '';
  for await (const chunk of body) {
    const text = carry + (typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const lines = text.split('\n');
    carry = lines.pop()!;
    for (const line of lines) if (line !== '') yield line;
  }
  carry += decoder.decode();
  if (carry !== '') yield carry;
}

function parseHeader(line: string | undefined): CuratedHeader {
  let header: Partial<CuratedHeader> | undefined;
  try {
    header = line === undefined ? undefined : (JSON.parse(line) as Partial<CuratedHeader>);
  } catch (cause) {
    throw new CuratedDataSetFormatError('The curated object does not start with a JSON header line.', {
      cause,
    });
  }
  if (
    header?.format !== curatedFormat ||
    header.formatVersion !== curatedFormatVersion ||
    !Array.isArray(header.columns)
  ) {
    throw new CuratedDataSetFormatError(
      `The curated object is not in ${curatedFormat} format version ${curatedFormatVersion}.`,
    );
  }
  return header as CuratedHeader;
}

/**
 * Serialises a run set as a curated object: the header, then the lines in run-id order, in chunks of about
 * `chunkBytes` so a large set streams to the store without one big string.
 */
export async function* serializeCuratedDataSet(
  header: Omit<CuratedHeader, 'format' | 'formatVersion' | 'columns' | 'runs'>,
  runs: ReadonlyMap<string, string>,
  chunkBytes = 1 << 20,
): AsyncGenerator<string> {
  const full: CuratedHeader = {
    format: curatedFormat,
    formatVersion: curatedFormatVersion,
    ...header,
    runs: runs.size,
    columns: [...encodedColumns],
  };
  let buffer = `${JSON.stringify(full)}\n`;
  for (const runId of [...runs.keys()].sort(compareRunIds)) {
    buffer += `${runs.get(runId)!}\n`;
    if (buffer.length >= chunkBytes) {
      yield buffer;
      buffer = '';
    }
  }
  if (buffer !== '') yield buffer;
}

/**
 * Reads a curated object into a run set (canonical lines by run id), re-encoding the lines when the object was
 * written with an older column layout.
 * @throws {CuratedDataSetFormatError} when the object is not a curated data set or its run count is off.
 */
export async function readCuratedRunSet(
  body: AsyncIterable<Uint8Array | string>,
): Promise<{ header: CuratedHeader; runs: Map<string, string> }> {
  const lines = splitLines(body);
  const header = parseHeader((await lines.next()).value as string | undefined);
  const sameLayout =
    header.columns.length === encodedColumns.length &&
    header.columns.every((c, i) => c === encodedColumns[i]);
  const runIdIndex = header.columns.indexOf('run_id');
  const runs = new Map<string, string>();
  for await (const line of lines) {
    if (sameLayout) {
      runs.set(runIdOfLine(line, runIdIndex), line);
    } else {
      const row = decodeRun(line, header.columns);
      runs.set(row.run_id ?? '', encodeRun(row));
    }
  }
  if (runs.size !== header.runs) {
    throw new CuratedDataSetFormatError(
      `The curated object for ${header.centerId} v${header.version} says ${header.runs} runs but holds ${runs.size}.`,
    );
  }
  return { header, runs };
}

/** Streams the runs of a curated object as typed rows, in run-id order (for report builders). */
export async function* readCuratedRuns(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<RunRow> {
  const lines = splitLines(body);
  const header = parseHeader((await lines.next()).value as string | undefined);
  for await (const line of lines) yield decodeRun(line, header.columns);
}
