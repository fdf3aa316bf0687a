import type { LocalStack } from '../../../infra/local/local-stack.js';
import { installShutdownHandlers } from '../../../infra/local/shutdown-signals.js';

/** A stack whose stop() stays pending until released, counting force stops. */
function fakeStack(): { stack: LocalStack; forced: () => number; release: () => void; stops: () => number } {
  let forced = 0;
  let stops = 0;
  let release!: () => void;
  const stopped = new Promise<void>((resolve) => (release = resolve));
  const stack = {
    stop: () => {
      stops += 1;
      return stopped;
    },
    forceStop: () => {
      forced += 1;
    },
  } as unknown as LocalStack;
  return { stack, forced: () => forced, release, stops: () => stops };
}

describe('installShutdownHandlers', () => {
  it('treats the Ctrl-C that npm forwards right after the terminal’s as the same one', async () => {
    const fake = fakeStack();
    const lines: string[] = [];
    const remove = installShutdownHandlers(fake.stack, { exit: false, log: (m) => lines.push(m) });
    try {
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT');
      expect(fake.stops()).toBe(1);
      expect(fake.forced()).toBe(0);
      // Another signal while stopping means "now": Java is killed at once.
      process.emit('SIGTERM', 'SIGTERM');
      expect(fake.forced()).toBe(1);
      fake.release();
      await new Promise((resolve) => setImmediate(resolve));
      expect(lines).toEqual([
        'SIGINT: stopping the local stack…',
        'SIGTERM while stopping: killing DynamoDB Local now.',
        'Local stack stopped.',
      ]);
    } finally {
      remove();
    }
  });
});
