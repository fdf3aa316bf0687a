/** Runs the validator over CSV text or bytes, optionally cut into small chunks as a network stream would be. */
import { Readable } from 'node:stream';
import {
  validateUpload,
  type ValidateUploadOptions,
  type Verdict,
} from '../../../shared/validation/index.js';

export function chunksOf(bytes: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

/** Validates `input` (text is written as UTF-8) streamed in chunks of `chunkSize` bytes (default: one chunk). */
export function validateText(
  input: string | Uint8Array,
  options: ValidateUploadOptions & { chunkSize?: number } = {},
): Promise<Verdict> {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'utf8') : input;
  const { chunkSize, ...rest } = options;
  const chunks = chunkSize === undefined ? [bytes] : chunksOf(bytes, chunkSize);
  return validateUpload(Readable.from(chunks, { objectMode: true }), rest);
}

/** The rule ids of a verdict's problems, for compact assertions. */
export const rulesOf = (verdict: Verdict): string[] => verdict.problems.map((p) => p.rule);
