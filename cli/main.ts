/**
 * The `ecls` command-line program (started by cli/ecls.mjs). Commander is told not to exit by itself
 * (`exitOverride`) so that every usage error leaves with exit code 2, distinct from a rejected file (1).
 */
import { Command, CommanderError } from 'commander';
import { generateCommand } from './commands/generate.js';
import { validateCommand } from './commands/validate.js';
import { uploadCommand } from './commands/upload.js';
import { statusCommand } from './commands/status.js';
import { serveCommand } from './commands/serve.js';
import { resetCommand } from './commands/reset.js';
import { reportCommand } from './commands/report.js';
import { closeQuarterCommand } from './commands/close-quarter.js';
import { USAGE_EXIT_CODE } from './exit-codes.js';
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

/** Runs the program on `argv` and returns its exit code (0 ok, 1 rejected file, 2 bad usage). */
export async function main(argv: readonly string[]): Promise<number> {
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
    throw error;
  }
}

process.exitCode = await main(process.argv);
