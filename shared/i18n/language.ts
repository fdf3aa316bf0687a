/**
 * The languages the registry speaks to people in. CSECLS centers are Chinese hospitals, so Simplified Chinese is
 * the registry's default; a center may choose English in the centers configuration, and the CLI's `--lang`
 * overrides both. Machine-facing text (verdict.json's `message`, logs, metric names) stays English.
 */
import { z } from 'zod';

/** BCP 47 tags of the supported languages, in the order a language picker lists them. */
export const LANGUAGES = ['zh-CN', 'en'] as const;

export const LanguageSchema = z.enum(LANGUAGES);

/** A supported language. */
export type Language = z.infer<typeof LanguageSchema>;

/** The language used when neither the center nor the user chose one. */
export const DEFAULT_LANGUAGE: Language = 'zh-CN';

/**
 * Reads a language tag as a person types it (`zh`, `zh-cn`, `ZH-CN`, `en`, `en-GB`), or returns undefined when it is
 * not one the registry supports.
 * @example parseLanguage('zh') // 'zh-CN'
 */
export function parseLanguage(tag: string): Language | undefined {
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  if (primary === 'zh') return 'zh-CN';
  if (primary === 'en') return 'en';
  return undefined;
}
