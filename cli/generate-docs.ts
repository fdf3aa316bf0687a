/** Writes docs/data-dictionary.md and docs/template.csv from the data dictionary (`npm run docs`). */
import { writeFileSync } from 'node:fs';
import { renderCsvTemplate, renderDataDictionaryMarkdown } from '../shared/dictionary/render-dictionary.js';

const root = new URL('../', import.meta.url);
writeFileSync(new URL('docs/data-dictionary.md', root), renderDataDictionaryMarkdown());
writeFileSync(new URL('docs/template.csv', root), renderCsvTemplate());
console.log('wrote docs/data-dictionary.md and docs/template.csv');
