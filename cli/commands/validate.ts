/**
 * `ecls validate FILE`: checks a CSV export against the data dictionary before it is uploaded, and prints the
 * same verdict the registry will give (text for people, JSON for machines, HTML or CSV to keep or share).
 * Exit code 0 when the file would be accepted (green or yellow), 1 when it would be rejected (red).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import {
  renderVerdictCsv,
  renderVerdictHtml,
  renderVerdictText,
  validateUpload,
  type Verdict,
} from '../../shared/validation/index.js';
import { languageOfCenter } from '../../shared/i18n/center-language.js';
import { USAGE_EXIT_CODE } from '../exit-codes.js';

const formats = ['text', 'json', 'html', 'csv'] as const;
type Format = (typeof formats)[number];

interface ValidateOptions {
  center?: string;
  format: Format;
}

function render(verdict: Verdict, format: Format): string {
  // The center's language: the one given, or else the one the file's rows name.
  const language = languageOfCenter(verdict.centerId);
  switch (format) {
    case 'json':
      return `${JSON.stringify(verdict)}\n`;
    case 'html':
      return renderVerdictHtml(verdict, { language });
    case 'csv':
      return renderVerdictCsv(verdict, { language });
    case 'text':
      return renderVerdictText(verdict, { language });
  }
}

/** Builds the `validate` command (commander); its action sets `process.exitCode` from the verdict. */
export function validateCommand(): Command {
  const command = new Command('validate');
  return command
    .description('Check a CSV export against the data dictionary and print its data-quality verdict')
    .argument('<file>', 'the CSV export to check (UTF-8 or GB18030; comma, semicolon or tab)')
    .option('--center <id>', 'the center you upload as; every row must carry this center_id (e.g. C001)')
    .addOption(
      new Option('--format <format>', 'how to print the verdict').choices(formats).default('text' as Format),
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 accepted (green or yellow), 1 rejected (red), 2 bad usage.

Examples:
  $ ecls validate exports/2023-q3.csv --center C001
  $ ecls validate exports/2023-q3.csv --center C001 --format html > verdict.html
  $ ecls validate exports/2023-q3.csv --format json | jq .summary.ruleCounts`,
    )
    .exitOverride()
    .action(async (file: string, options: ValidateOptions) => {
      const info = await stat(file).catch(() => undefined);
      if (!info?.isFile()) {
        command.error(`error: file not found: ${file}`, {
          exitCode: USAGE_EXIT_CODE,
          code: 'ecls.fileNotFound',
        });
      }
      const validated = await validateUpload(createReadStream(file), {
        ...(options.center === undefined ? {} : { centerId: options.center }),
      });
      const verdict: Verdict = { ...validated, source: { fileName: basename(file) } };
      process.stdout.write(render(verdict, options.format));
      process.exitCode = verdict.accepted ? 0 : 1;
    });
}
