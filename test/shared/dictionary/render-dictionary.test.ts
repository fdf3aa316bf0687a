import { readFileSync } from 'node:fs';
import { columns, crossFieldRules, parseCell, RunRowSchema } from '../../../shared/dictionary/index.js';
import {
  renderCsvTemplate,
  renderDataDictionaryMarkdown,
} from '../../../shared/dictionary/render-dictionary.js';

const read = (path: string): string => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('generated dictionary documents', () => {
  it('docs/data-dictionary.md is up to date with the schema (run `npm run docs` to refresh)', () => {
    expect(read('docs/data-dictionary.md')).toBe(renderDataDictionaryMarkdown());
  });

  it('docs/template.csv is up to date with the schema (run `npm run docs` to refresh)', () => {
    expect(read('docs/template.csv')).toBe(renderCsvTemplate());
  });

  it('documents every column and every cross-field rule', () => {
    const markdown = renderDataDictionaryMarkdown();
    for (const column of columns) expect(markdown).toContain(`| \`${column.name}\` |`);
    for (const rule of crossFieldRules) expect(markdown).toContain(`| \`${rule.id}\` |`);
  });

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
