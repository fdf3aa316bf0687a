/**
 * cli/program.ts's last-resort handling, in process: an unexpected error is one line naming it and where the logs
 * are (its stack only with ECLS_DEBUG=1), a user error one line with exit 2, and center suggestions.
 */
import { Command } from 'commander';
import { main } from '../../cli/program.js';
import { answeringLanguage, CliUsageError } from '../../cli/cli-error.js';
import { suggestCenter } from '../../cli/user-input.js';
import { DEFAULT_LANGUAGE } from '../../shared/i18n/language.js';
import { INTERNAL_ERROR_EXIT_CODE, USAGE_EXIT_CODE } from '../../cli/exit-codes.js';

/** A program whose one command `boom` throws `error`. */
function throwing(error: unknown) {
  return {
    boom: {
      description: 'throws',
      load: async () =>
        new Command('boom').action(() => {
          throw error;
        }),
    },
  };
}

async function runBoom(error: unknown, env: NodeJS.ProcessEnv = {}) {
  const lines: string[] = [];
  const code = await main(['node', 'ecls', 'boom'], {
    err: { write: (text: string) => lines.push(text) },
    env,
    commands: throwing(error),
  });
  return { code, text: lines.join('') };
}

it('prints an unexpected error as one line naming it, with the stack only under ECLS_DEBUG=1', async () => {
  const quiet = await runBoom(new TypeError('x is not a function'));
  expect(quiet.code).toBe(INTERNAL_ERROR_EXIT_CODE);
  expect(quiet.text.trimEnd().split('\n')).toHaveLength(1);
  expect(quiet.text).toContain('ecls boom: ');
  expect(quiet.text).toContain('TypeError: x is not a function');
  expect(quiet.text).toContain('ECLS_DEBUG=1');
  expect(quiet.text).toContain('.local/logs/');

  const debug = await runBoom(new TypeError('x is not a function'), { ECLS_DEBUG: '1' });
  expect(debug.text).toMatch(/\n\s+at /);
});

it('prints a user error as its one line with exit 2', async () => {
  const run = await runBoom(new CliUsageError('File not found: a.csv. Check the path.'));
  expect(run).toEqual({ code: USAGE_EXIT_CODE, text: 'ecls boom: File not found: a.csv. Check the path.\n' });
});

it('answers in the registry default language until a command chose one', () => {
  expect(answeringLanguage()).toBe(DEFAULT_LANGUAGE);
});

it.each([
  ['c001', 'C001'],
  ['C0001', 'C001'],
  ['CC001', 'C001'],
  ['c01', undefined], // C001, C010, C011 … are all one edit away
  ['XYZ', undefined],
  ['C0', undefined],
])('suggests for %s: %s', (typed, suggestion) => {
  expect(suggestCenter(typed)).toBe(suggestion);
});
