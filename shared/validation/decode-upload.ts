/**
 * Turns the uploaded bytes into text, streaming: UTF-8 (with or without BOM) or GB18030, the encoding Chinese
 * Excel writes for "CSV". The encoding is decided from the bytes themselves: text that is valid UTF-8 is UTF-8;
 * text that breaks UTF-8 while everything before it was plain ASCII is GB18030 (ASCII reads the same in both);
 * anything else is rejected as an unknown encoding rather than guessed.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { UnknownEncodingError, UploadLimitError, UploadRejectedError } from './errors.js';

export type TextEncodingName = 'utf-8' | 'gb18030';

/** What the decoder learnt about the file, filled in as it reads. */
export interface DecodeState {
  encoding: TextEncodingName | null;
  bytes: number;
}

/** C0 control characters other than tab, LF and CR, and DEL: never in a CSV export, always in binary files. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const BINARY_CHARACTERS = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/;

/** Recognises common non-CSV files by their first bytes, to say what was uploaded instead. */
function describeMagic(bytes: Uint8Array): 'zip' | 'xls' | 'pdf' | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'zip';
  if (starts(0xd0, 0xcf, 0x11, 0xe0)) return 'xls';
  if (starts(0x25, 0x50, 0x44, 0x46)) return 'pdf';
  return undefined;
}

/** Length of the prefix of `bytes` that ends on a whole UTF-8 character (the rest may continue in the next chunk). */
function completeUtf8Length(bytes: Uint8Array): number {
  const length = bytes.length;
  let i = length - 1;
  // Walk back over continuation bytes (at most 3) to the lead byte of the last character.
  while (i >= 0 && length - i <= 3 && (bytes[i]! & 0xc0) === 0x80) i--;
  if (i < 0) return length;
  const lead = bytes[i]!;
  if (lead < 0xc0) return length;
  const needed = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
  return length - i < needed ? i : length;
}

function toBytes(chunk: Uint8Array | string): Uint8Array {
  return typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
}

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Decodes an upload's bytes to text chunks. Throws `UploadRejectedError` subclasses (the caller turns them into
 * file-level problems): over `maxBytes`, binary content ("not a CSV"), or an unknown or mixed encoding.
 */
export async function* decodeUpload(
  source: AsyncIterable<Uint8Array | string>,
  maxBytes: number,
  state: DecodeState,
): AsyncGenerator<string, void, undefined> {
  let mode: 'ascii' | 'utf-8' | 'gb18030' = 'ascii';
  let carry: Uint8Array = new Uint8Array(0);
  let gbDecoder: ReturnType<typeof iconv.getDecoder> | undefined;
  let first = true;

  const checked = (text: string): string => {
    if (BINARY_CHARACTERS.test(text)) {
      throw new UploadRejectedError('not-csv', { kind: 'binary' });
    }
    if (mode === 'gb18030' && text.includes('\uFFFD')) {
      throw new UnknownEncodingError({ kind: 'neither', byte: state.bytes });
    }
    if (first && text.length > 0) {
      first = false;
      if (text.charCodeAt(0) === 0xfeff) return text.slice(1);
    }
    return text;
  };

  // The caller sets `mode` (assigning it here would hide the change from the type checker's narrowing).
  const switchToGb18030 = (bytes: Uint8Array): string => {
    state.encoding = 'gb18030';
    gbDecoder = iconv.getDecoder('gb18030');
    return checked(gbDecoder.write(asBuffer(bytes)));
  };

  for await (const chunk of source) {
    const bytes = toBytes(chunk);
    if (state.bytes === 0 && bytes.length >= 2) {
      if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
        throw new UnknownEncodingError({ kind: 'utf-16' });
      }
      const kind = describeMagic(bytes);
      if (kind) {
        throw new UploadRejectedError('not-csv', { kind });
      }
    }
    state.bytes += bytes.length;
    if (state.bytes > maxBytes) {
      throw new UploadLimitError('file-too-large', { maxBytes });
    }
    if (mode === 'gb18030') {
      const text = checked(gbDecoder!.write(asBuffer(bytes)));
      if (text) yield text;
      continue;
    }
    let buffered = bytes;
    if (carry.length > 0) {
      buffered = new Uint8Array(carry.length + bytes.length);
      buffered.set(carry);
      buffered.set(bytes, carry.length);
    }
    const cut = completeUtf8Length(buffered);
    const whole = buffered.subarray(0, cut);
    if (isUtf8(whole)) {
      carry = buffered.slice(cut);
      if (mode === 'ascii' && !isAscii(whole)) {
        mode = 'utf-8';
      }
      state.encoding = 'utf-8';
      const text = checked(asBuffer(whole).toString('utf8'));
      if (text) yield text;
      continue;
    }
    if (mode === 'utf-8') {
      throw new UnknownEncodingError({ kind: 'mixed', byte: state.bytes });
    }
    carry = new Uint8Array(0);
    mode = 'gb18030';
    const text = switchToGb18030(buffered);
    if (text) yield text;
  }

  if (mode === 'gb18030') {
    const rest = checked(gbDecoder!.end() ?? '');
    if (rest) yield rest;
  } else if (carry.length > 0) {
    // The file ends inside a UTF-8 character: only GB18030 can still make sense of it, and only if all was ASCII.
    if (mode === 'utf-8') {
      throw new UnknownEncodingError({ kind: 'cut-character' });
    }
    mode = 'gb18030';
    const text = switchToGb18030(carry);
    const rest = checked(gbDecoder!.end() ?? '');
    if (text + rest) yield text + rest;
  }
}
