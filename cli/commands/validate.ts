/**
 * `ecls validate FILE`: checks a CSV export against the data dictionary before it is uploaded, and prints the
 * same verdict the registry will give (text for people, JSON for machines, HTML or CSV to keep or share).
 * Exit code 0 when the file would be accepted (green or yellow), 1 when it would be rejected (red).
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { Command, Option } from 'commander';
import {
  renderVerdictCsv,
  renderVerdictHtml,
  renderVerdictText,
  validateUpload,
  type Verdict,
} from '../../shared/validation/index.js';
import type { Language } from '../../shared/i18n/language.js';
import { languageOfCenter } from '../../shared/i18n/center-language.js';
import { assertKnownCenter, assertReadableFile, languageOption, resolveLanguage } from '../user-input.js';
import { commandList } from '../command-list.js';

const formats = ['text', 'json', 'html', 'csv'] as const;
type Format = (typeof formats)[number];

interface ValidateOptions {
  center?: string;
  format: Format;
  lang?: Language;
}

function render(verdict: Verdict, format: Format, language: Language): string {
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
    .description(commandList.validate.description)
    .argument('<file>', 'the CSV export to check (UTF-8 or GB18030; comma, semicolon or tab)')
    .option('--center <id>', 'the center you upload as; every row must carry this center_id (e.g. C001)')
    .addOption(
      new Option('--format <format>', 'how to print the verdict').choices(formats).default('text' as Format),
    )
    .option(
      '--lang <language>',
      "language of the messages: en or zh-CN (default: the center's language in centers.json, else zh-CN)",
      languageOption,
    )
    .addHelpText(
      'after',
      `
Exit codes: 0 accepted (green or yellow), 1 rejected (red), 2 bad usage (unknown center, missing file …).

Examples:
  $ ecls validate exports/2023-q3.csv --center C001
  $ ecls validate exports/2023-q3.csv --center C001 --format html > verdict.html
  $ ecls validate exports/2023-q3.csv --format json | jq .summary.ruleCounts`,
    )
    .exitOverride()
    .action(async (file: string, options: ValidateOptions) => {
      if (options.center !== undefined) assertKnownCenter(options.center, options.lang);
      const language = resolveLanguage(options.lang, options.center);
      await assertReadableFile(file, language);
      const validated = await validateUpload(createReadStream(file), {
        ...(options.center === undefined ? {} : { centerId: options.center }),
      });
      const verdict: Verdict = { ...validated, source: { fileName: basename(file) } };
      // The language asked for, else the center's: the one given, or else the one the file's rows name.
      const verdictLanguage =
        options.lang ?? (options.center === undefined ? languageOfCenter(verdict.centerId) : language);
      process.stdout.write(render(verdict, options.format, verdictLanguage));
      process.exitCode = verdict.accepted ? 0 : 1;
    });
}
