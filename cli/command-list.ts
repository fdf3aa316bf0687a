/**
 * The `ecls` subcommands: each one's name, its one-line description (shown by `ecls --help`) and how to load it.
 * Loading is lazy so that a command pays only for the packages it uses (the AWS SDK, the report pipeline …) and
 * `ecls --help` for none of them.
 */
import type { Command } from 'commander';

/** A subcommand as `ecls --help` lists it, with the loader of its full definition. */
export interface CommandEntry {
  description: string;
  load(): Promise<Command>;
}

/** Every subcommand, in the order `ecls --help` lists them. */
export const commandList = {
  validate: {
    description: 'Check a CSV export against the data dictionary and print its data-quality verdict',
    load: async () => (await import('./commands/validate.js')).validateCommand(),
  },
  generate: {
    description:
      'Write a deterministic synthetic registry: one CSV export per active center (DIR/C001.csv …)',
    load: async () => (await import('./commands/generate.js')).generateCommand(),
  },
  upload: {
    description: "Upload a center's CSV export, wait for its verdict and print it",
    load: async () => (await import('./commands/upload.js')).uploadCommand(),
  },
  status: {
    description: "Show the upload ledger: each center's runs, data-set version and latest verdict",
    load: async () => (await import('./commands/status.js')).statusCommand(),
  },
  serve: {
    description: 'Serve the published site and the upload verdicts from the local buckets over HTTP',
    load: async () => (await import('./commands/serve.js')).serveCommand(),
  },
  reset: {
    description: "Delete the local stack's data (.local/) when no stack is running",
    load: async () => (await import('./commands/reset.js')).resetCommand(),
  },
  report: {
    description: "Generate and publish a quarter's registry and center reports",
    load: async () => (await import('./commands/report.js')).reportCommand(),
  },
  'close-quarter': {
    description:
      'Fire the scheduled quarterly run by hand: finalise the last closed quarter once its grace period has passed',
    load: async () => (await import('./commands/close-quarter.js')).closeQuarterCommand(),
  },
} satisfies Record<string, CommandEntry>;
