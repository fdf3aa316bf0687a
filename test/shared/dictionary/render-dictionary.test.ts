import { readFileSync } from 'node:fs';
import {
  columns,
  columnTextZh,
  crossFieldRules,
  parseCell,
  RunRowSchema,
} from '../../../shared/dictionary/index.js';
import {
  dataDictionaryPaths,
  renderCsvTemplate,
  renderDataDictionaryMarkdown,
} from '../../../shared/dictionary/render-dictionary.js';
import { LANGUAGES } from '../../../shared/i18n/language.js';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('generated dictionary documents', () => {
  it.each(LANGUAGES)(
    'the %s data dictionary is up to date with the schema (run `npm run docs` to refresh)',
    (language) => {
      expect(read(dataDictionaryPaths[language])).toBe(renderDataDictionaryMarkdown(language));
    },
  );

  it('docs/template.csv is up to date with the schema (run `npm run docs` to refresh)', () => {
    expect(read('docs/template.csv')).toBe(renderCsvTemplate());
  });

  it.each(LANGUAGES)('the %s dictionary documents every column and every cross-field rule', (language) => {
    const markdown = renderDataDictionaryMarkdown(language);
    for (const column of columns) {
      expect(markdown).toContain(
        `| <a id="${column.name}"></a>\`${column.name}\` | ${columnTextZh[column.name].label} |`,
      );
    }
    for (const rule of crossFieldRules) expect(markdown).toContain(`| \`${rule.id}\` |`);
  });

  it('each language links the other, and the Chinese one is in Chinese', () => {
    const english = renderDataDictionaryMarkdown('en');
    const chinese = renderDataDictionaryMarkdown('zh-CN');
    expect(english).toContain('](data-dictionary.zh-CN.md)');
    expect(chinese).toContain('](data-dictionary.md)');
    expect(chinese).toContain('# ECLS 登记数据字典');
    expect(chinese).toContain(
      '| <a id="sex"></a>`sex` | 性别 | 代码 |  | `male`（男）、`female`（女） | 是 | 性别 |',
    );
    expect(chinese).toContain('| 妊娠仅适用于女性患者 |');
    expect(english).toContain(
      '| <a id="sex"></a>`sex` | 性别 | code |  | `male` (also M), `female` (also F) | yes | Sex |',
    );
  });

  it.each(LANGUAGES)(
    'the %s dictionary says the template uses machine names and Chinese headers are accepted',
    (language) => {
      const markdown = renderDataDictionaryMarkdown(language);
      expect(markdown).toContain('[template.csv](template.csv)');
      expect(markdown).toMatch(
        language === 'en' ? /machine names[\s\S]*Chinese headers/ : /英文机器名[\s\S]*中文表头/,
      );
    },
  );

  it("the template's example row is a valid run that breaks no cross-field rule", () => {
    const [header, example] = renderCsvTemplate().trim().split('\n');
    const names = header!.split(',');
    const cells = example!.split(',');
    expect(names).toEqual(columns.map((c) => c.name));
    const row: Record<string, unknown> = {};
    columns.forEach((column, i) => {
      const result = parseCell(column.kind, cells[i]!, column.values);
      if (!result.ok) throw new Error(`${column.name}: ${result.reason}`);
      if (result.value !== undefined) row[column.name] = result.value;
    });
    const parsed = RunRowSchema.parse(row);
    expect(crossFieldRules.map((rule) => rule.check(parsed)).filter(Boolean)).toEqual([]);
  });
});
