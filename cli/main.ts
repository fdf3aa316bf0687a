/**
 * The `ecls` command-line program (started by cli/ecls.mjs). Commander is told not to exit by itself
 * (`exitOverride`) so that every usage error leaves with exit code 2, distinct from a rejected file (1).
 */
import './sdk-node-warning.js';
import { Command, CommanderError } from 'commander';
import { generateCommand } from './commands/generate.js';
import { validateCommand } from './commands/validate.js';
import { uploadCommand } from './commands/upload.js';
import { statusCommand } from './commands/status.js';
import { serveCommand } from './commands/serve.js';
import { resetCommand } from './commands/reset.js';
import { reportCommand } from './commands/report.js';
import { closeQuarterCommand } from './commands/close-quarter.js';
import { INTERNAL_ERROR_EXIT_CODE, USAGE_EXIT_CODE } from './exit-codes.js';
import { CliUsageError, lastResolvedLanguage } from './user-input.js';
import { cliMessage } from '../shared/i18n/cli-messages.js';
import { REPORT_SOFTWARE_VERSION } from '../shared/report/generate-quarter-report.js';

/** Builds the program with its subcommands. */
export function buildProgram(): Command {
  const program = new Command('ecls')
    .description('ECLS Registry tools for center data managers and the registry office')
    .version(REPORT_SOFTWARE_VERSION)
    .exitOverride()
    .addHelpText('after', '\nExample:\n  $ ecls validate export.csv --center C001');
  program.addCommand(validateCommand());
  program.addCommand(generateCommand());
  program.addCommand(uploadCommand());
  program.addCommand(statusCommand());
  program.addCommand(serveCommand());
  program.addCommand(resetCommand());
  program.addCommand(reportCommand());
  program.addCommand(closeQuarterCommand());
  return program;
}

/**
 * Runs the program on `argv` and returns its exit code (0 ok, 1 rejected file, 2 bad usage). A user error is
 * one line on `err`; an unexpected error is one line naming it, with its stack only when ECLS_DEBUG=1.
 */
export async function main(
  argv: readonly string[],
  err: { write(text: string): unknown } = process.stderr,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const program = buildProgram();
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
    err.write(`${name}: ${cliMessage(lastResolvedLanguage(), 'internalError', { error: described })}\n`);
    if (env.ECLS_DEBUG === '1' && error instanceof Error) err.write(`${error.stack}\n`);
    return INTERNAL_ERROR_EXIT_CODE;
  }
}

process.exitCode = await main(process.argv);
