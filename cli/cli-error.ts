/**
 * The errors cli/main.ts turns into one line: kept free of heavy imports, because main.ts loads this module for
 * every command, `ecls --help` included.
 */
import type { Language } from '../shared/i18n/language.js';

/** A mistake in the command line or its input: printed as its one-line message, exit code 2. */
export class CliUsageError extends Error {
  override readonly name = 'CliUsageError';
}

/** The language the running command answers in once it chose one; zh-CN (the registry's default) before. */
let answerLanguage: Language = 'zh-CN';

/** Records the language the running command answers in, for the last-resort error line; returns it. */
export function rememberLanguage(language: Language): Language {
  answerLanguage = language;
  return language;
}

/** The language the running command answers in (see {@link rememberLanguage}). */
export function answeringLanguage(): Language {
  return answerLanguage;
}
