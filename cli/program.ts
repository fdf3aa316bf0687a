/**
 * The `ecls` command-line program (started by cli/ecls.mjs through cli/main.ts). Commander is told not to exit by itself
 * (`exitOverride`) so that every usage error leaves with exit code 2, distinct from a rejected file (1).
 */
import { Command, CommanderError } from 'commander';
import { commandList, type CommandEntry } from './command-list.js';
import { INTERNAL_ERROR_EXIT_CODE, USAGE_EXIT_CODE } from './exit-codes.js';
import { answeringLanguage, CliUsageError } from './cli-error.js';
import { cliMessage } from '../shared/i18n/cli-messages.js';
import { REPORT_SOFTWARE_VERSION } from '../shared/report/software-version.js';

/**
 * Builds the program. Only the subcommand named in `argv` is loaded in full; the others are listed by name and
 * description, which is all `ecls --help` shows, so no command pays for another's packages.
 */
export async function buildProgram(
  argv: readonly string[] = [],
  commands: Readonly<Record<string, CommandEntry>> = commandList,
): Promise<Command> {
  const program = new Command('ecls')
    .description('ECLS Registry tools for center data managers and the registry office')
    .version(REPORT_SOFTWARE_VERSION)
    .exitOverride()
    .addHelpText('after', '\nExample:\n  $ ecls validate export.csv --center C001');
  const chosen = argv[2] === 'help' ? argv[3] : argv[2];
  for (const [name, entry] of Object.entries(commands)) {
    program.addCommand(
      name === chosen ? await entry.load() : new Command(name).description(entry.description),
    );
  }
  return program;
}

/**
 * Runs the program on `argv` and returns its exit code (0 ok, 1 rejected file, 2 bad usage). A user error is
 * one line on `err`; an unexpected error is one line naming it, with its stack only when ECLS_DEBUG=1.
 */
export async function main(
  argv: readonly string[],
  {
    err = process.stderr,
    env = process.env,
    commands = commandList,
  }: {
    err?: { write(text: string): unknown };
    env?: NodeJS.ProcessEnv;
    /** The subcommands (tests pass their own). */
    commands?: Readonly<Record<string, CommandEntry>>;
  } = {},
): Promise<number> {
  const program = await buildProgram(argv, commands);
  // Subcommands added with addCommand do not inherit exitOverride; set it on every command.
  for (const command of program.commands) command.exitOverride();
  if (argv.length <= 2) {
    program.outputHelp();
    return USAGE_EXIT_CODE;
  }
  try {
    await program.parseAsync([...argv]);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_EXIT_CODE;
    const name = program.commands.some((c) => c.name() === argv[2]) ? `ecls ${argv[2]}` : 'ecls';
    if (error instanceof CliUsageError) {
      err.write(`${name}: ${error.message}\n`);
      return USAGE_EXIT_CODE;
    }
    const described =
      error instanceof Error ? `${error.name}: ${error.message.replace(/\s+/g, ' ')}` : String(error);
    err.write(`${name}: ${cliMessage(answeringLanguage(), 'internalError', { error: described })}\n`);
    if (env.ECLS_DEBUG === '1' && error instanceof Error) err.write(`${error.stack}\n`);
    return INTERNAL_ERROR_EXIT_CODE;
  }
}
