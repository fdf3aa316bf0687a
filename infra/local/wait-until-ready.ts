import { setTimeout as delay } from 'node:timers/promises';

import { LocalStackError } from './errors.js';

/** How long and how often to poll. */
export interface PollOptions {
  /** Give up after this long (ms). */
  timeoutMs: number;
  /** Pause between attempts (ms); the wait is bounded by the probe answering, not by this. */
  intervalMs?: number;
  /** Called before each attempt; return an error to stop waiting at once (e.g. the process exited). */
  abortReason?: () => Error | undefined;
}

/**
 * Polls `probe` until it resolves, so readiness means "the endpoint answered" rather than "we slept long enough".
 * Rejects with the last probe error once `timeoutMs` has passed, or with `abortReason()` as soon as it returns one.
 */
export async function waitUntilReady(probe: () => Promise<unknown>, options: PollOptions): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const aborted = options.abortReason?.();
    if (aborted) throw aborted;
    try {
      await probe();
      return;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) throw new ReadinessTimeoutError(options.timeoutMs, lastError);
    await delay(options.intervalMs ?? 100);
  }
}

/** The probe never succeeded within the timeout; `cause` is its last error. */
export class ReadinessTimeoutError extends LocalStackError {
  constructor(
    readonly timeoutMs: number,
    cause: unknown,
  ) {
    super(`not ready after ${timeoutMs} ms`, { cause });
  }
}
