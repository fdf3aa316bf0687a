/**
 * Size-capped log files for the local stack. A registry left running for days (and restarted often) would
 * otherwise grow `.local/logs/` without bound: each file is rotated when it passes its cap (`ingest.log` →
 * `ingest.log.1` → … → `ingest.log.{keep}`, the oldest dropped), so a log never takes more than
 * `(keep + 1) × maxBytes` on disk (plus one line). Lines are appended synchronously: the stack's logs are a few
 * lines per upload, and a line written just before a Ctrl-C exit is not lost in a stream buffer.
 */
import { appendFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';

/** Options of {@link openRotatingLog}. */
export interface RotatingLogOptions {
  /** Rotate once the file holds this many bytes. Default {@link defaultLogMaxBytes}. */
  maxBytes?: number;
  /** Rotated files kept besides the current one. Default {@link defaultLogKeep}. */
  keep?: number;
}

/** The default size cap of one local log file: 5 MiB. */
export const defaultLogMaxBytes = 5 * 1024 * 1024;
/** The default number of rotated files kept per log. */
export const defaultLogKeep = 3;

/** An append-only log file that rotates itself. */
export interface RotatingLog {
  readonly file: string;
  /** Appends one line (a newline is added). */
  write(line: string): void;
  /** Stops logging; later writes are dropped. */
  end(): void;
}

/**
 * Shifts `file` to `file.1`, `file.1` to `file.2` and so on, dropping `file.{keep}`; with `keep` 0 the file is
 * just removed. Missing files are skipped.
 */
export function rotateLogFile(file: string, keep: number): void {
  if (keep <= 0) {
    rmSync(file, { force: true });
    return;
  }
  rmSync(`${file}.${keep}`, { force: true });
  for (let i = keep - 1; i >= 1; i--) {
    if (existsSync(`${file}.${i}`)) renameSync(`${file}.${i}`, `${file}.${i + 1}`);
  }
  if (existsSync(file)) renameSync(file, `${file}.1`);
}

function sizeOf(file: string): number {
  try {
    return statSync(file).size;
  } catch {
    return 0;
  }
}

/**
 * Opens `file` for appending, rotating it first if it is already over the cap, and again whenever a line takes
 * it over the cap.
 */
export function openRotatingLog(file: string, options: RotatingLogOptions = {}): RotatingLog {
  const maxBytes = options.maxBytes ?? defaultLogMaxBytes;
  const keep = options.keep ?? defaultLogKeep;
  let size = sizeOf(file);
  if (size >= maxBytes) {
    rotateLogFile(file, keep);
    size = 0;
  }
  let open = true;
  return {
    file,
    write(line) {
      if (!open) return;
      const text = `${line}\n`;
      appendFileSync(file, text);
      size += Buffer.byteLength(text);
      if (size >= maxBytes) {
        rotateLogFile(file, keep);
        size = 0;
      }
    },
    end() {
      open = false;
    },
  };
}
