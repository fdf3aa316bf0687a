import { DEFAULT_LANGUAGE, LANGUAGES, LanguageSchema, parseLanguage } from '../../../shared/i18n/language.js';

describe('parseLanguage', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['ZH_cn', 'zh-CN'],
    ['en', 'en'],
    ['en-GB', 'en'],
  ])('reads %s as %s', (tag, language) => {
    expect(parseLanguage(tag)).toBe(language);
  });

  it('returns undefined for a language the registry does not support', () => {
    expect(parseLanguage('fr')).toBeUndefined();
    expect(parseLanguage('')).toBeUndefined();
  });
});

describe('LanguageSchema', () => {
  it('accepts every supported language and the default, and nothing else', () => {
    for (const language of LANGUAGES) expect(LanguageSchema.parse(language)).toBe(language);
    expect(LanguageSchema.parse(DEFAULT_LANGUAGE)).toBe('zh-CN');
    expect(LanguageSchema.safeParse('zh').success).toBe(false);
  });
});
