/**
 * Checks of what a person typed, made before a command touches any file in the registry or any stack: the center
 * id (against shared/config/centers.json, case-sensitively, with a suggestion), the file to read, and the language
 * to answer in. A failed check throws {@link CliUsageError}, which cli/main.ts prints as one line and exit code 2.
 */
import { constants } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import { centers, findCenter } from '../shared/config/centers.js';
import { cliMessage } from '../shared/i18n/cli-messages.js';
import { LANGUAGES, type Language, parseLanguage } from '../shared/i18n/language.js';
import { languageOfCenter } from '../shared/i18n/center-language.js';
import { CliUsageError, rememberLanguage } from './cli-error.js';

export { CliUsageError };

/** Levenshtein distance between two short strings. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current[j] = Math.min(
        previous[j]! + 1,
        current[j - 1]! + 1,
        previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length]!;
}

/**
 * The configured center a mistyped id most likely meant: the one equal to it ignoring case, else the single
 * nearest by edit distance (ignoring case) when it is at most 2 away; undefined when there is no clear one.
 * @example suggestCenter('c001') // 'C001'
 * @example suggestCenter('C0001') // 'C001'
 */
export function suggestCenter(id: string): string | undefined {
  const upper = id.toUpperCase();
  const exact = centers.find((c) => c.id === upper);
  if (exact) return exact.id;
  const ranked = centers
    .map((c) => ({ id: c.id, distance: editDistance(upper, c.id) }))
    .sort((a, b) => a.distance - b.distance);
  const [best, next] = ranked;
  if (!best || best.distance > 2 || (next && next.distance === best.distance)) return undefined;
  return best.id;
}

/**
 * Checks that `id` is a configured center (exactly as spelled there).
 * @param lang the language asked for with `--lang`; without it the message is in the language of the center
 * suggested (whose data manager most likely mistyped its id), else in the registry's default.
 * @throws {CliUsageError} naming the id, the likely center and where centers are listed.
 */
export function assertKnownCenter(id: string, lang: Language | undefined): void {
  if (findCenter(id)) return;
  const suggestion = suggestCenter(id);
  const language = resolveLanguage(lang, suggestion);
  throw new CliUsageError(
    cliMessage(language, 'unknownCenter', { id, ...(suggestion ? { suggestion } : {}) }),
  );
}

/**
 * The language to answer in: `--lang` when given, else the center's configured language, else the registry's
 * default.
 */
export function resolveLanguage(lang: Language | undefined, centerId: string | undefined): Language {
  return rememberLanguage(lang ?? languageOfCenter(centerId));
}

/** Commander's parser for `--lang`: accepts what {@link parseLanguage} reads (en, zh, zh-CN, …). */
export function languageOption(value: string): Language {
  const language = parseLanguage(value);
  if (!language) {
    throw new InvalidArgumentError(`use one of ${LANGUAGES.join(', ')}, e.g. --lang en.`);
  }
  return language;
}

/**
 * Checks that `path` is a readable regular file before a command reads or uploads it.
 * @throws {CliUsageError} saying whether it is missing, a directory or unreadable, and what to pass instead.
 */
export async function assertReadableFile(path: string, language: Language): Promise<void> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new CliUsageError(cliMessage(language, 'fileNotFound', { path }), { cause: error });
    }
    throw new CliUsageError(cliMessage(language, 'fileUnreadable', { path, reason: code ?? String(error) }), {
      cause: error,
    });
  }
  if (info.isDirectory()) throw new CliUsageError(cliMessage(language, 'fileIsDirectory', { path }));
  if (!info.isFile()) {
    throw new CliUsageError(cliMessage(language, 'fileUnreadable', { path, reason: 'not a regular file' }));
  }
  try {
    await access(path, constants.R_OK);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliUsageError(cliMessage(language, 'fileUnreadable', { path, reason }), { cause: error });
  }
}
