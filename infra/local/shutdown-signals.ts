import type { LocalStack } from './local-stack.js';

/** Options of {@link installShutdownHandlers}. */
export interface ShutdownOptions {
  /** Signals to handle. Default SIGINT (Ctrl-C) and SIGTERM. */
  signals?: NodeJS.Signals[];
  /** Where to report progress. Default: stderr. */
  log?: (message: string) => void;
  /** Exit the process after stopping (with 128 + signal number, as a shell expects). Default true. */
  exit?: boolean;
}

const signalNumbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * A Ctrl-C under `npm start` arrives twice: the terminal signals the whole process group, and npm forwards the
 * SIGINT it got to its child as well. A repeat of the first signal this soon is that same Ctrl-C, not a second
 * one asking to kill Java at once.
 */
const sameSignalWindowMs = 1000;

/**
 * Opt-in for CLIs: on SIGINT/SIGTERM stop the stack (so Java does not outlive Node) and exit. A second signal
 * while stopping kills Java at once (the same signal within a second of the first counts as the first). Libraries and tests should not install this, because it takes over the
 * process's signal handling; startLocalStack already kills Java on a normal process exit.
 * @returns a function that removes the handlers again.
 */
export function installShutdownHandlers(stack: LocalStack, options: ShutdownOptions = {}): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  const exit = options.exit ?? true;
  let stopping: { signal: NodeJS.Signals; at: number } | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    const code = 128 + (signalNumbers[signal] ?? 0);
    if (stopping) {
      if (signal === stopping.signal && Date.now() - stopping.at < sameSignalWindowMs) return;
      log(`${signal} while stopping: killing DynamoDB Local now.`);
      stack.forceStop();
      if (exit) process.exit(code);
      return;
    }
    stopping = { signal, at: Date.now() };
    log(`${signal}: stopping the local stack…`);
    stack.stop().then(
      () => {
        log('Local stack stopped.');
        if (exit) process.exit(code);
      },
      (error: unknown) => {
        log(`Stopping the local stack failed (${(error as Error).message}); killing DynamoDB Local.`);
        stack.forceStop();
        if (exit) process.exit(code);
      },
    );
  };

  for (const signal of signals) process.on(signal, onSignal);
  return () => {
    for (const signal of signals) process.off(signal, onSignal);
  };
}
