import {
  padColumns,
  cliCatalogues,
  cliMessage,
  type CliMessageKey,
} from '../../../shared/i18n/cli-messages.js';
import { LANGUAGES } from '../../../shared/i18n/language.js';

describe('the CLI message catalogue', () => {
  it('has every key in every language', () => {
    const keys = Object.keys(cliCatalogues.en).sort();
    for (const language of LANGUAGES) expect(Object.keys(cliCatalogues[language]).sort()).toEqual(keys);
  });

  it('says the user errors differently in Chinese and English, each naming the file', () => {
    const errors: CliMessageKey[] = ['fileNotFound', 'fileIsDirectory'];
    for (const key of errors) {
      const en = cliMessage('en', key, { path: 'exports/q3' });
      const zh = cliMessage('zh-CN', key, { path: 'exports/q3' });
      expect(en).toContain('exports/q3');
      expect(zh).toContain('exports/q3');
      expect(zh).not.toBe(en);
      expect(zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('names the suggested center and the centers file', () => {
    expect(cliMessage('en', 'unknownCenter', { id: 'c001', suggestion: 'C001' })).toBe(
      'Unknown center "c001". Did you mean C001? Centers are listed in shared/config/centers.json.',
    );
    expect(cliMessage('zh-CN', 'unknownCenter', { id: 'X' })).toBe(
      '未知的中心编号“X”。所有中心列在 shared/config/centers.json 中。',
    );
  });
});

describe('padColumns', () => {
  it('pads to terminal columns, counting a CJK character as two', () => {
    expect(padColumns('red', 6)).toBe('red   ');
    expect(padColumns('红色', 6)).toBe('红色  ');
    expect(padColumns('已完成（全角）', 4)).toBe('已完成（全角）');
  });
});
