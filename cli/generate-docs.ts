/** Writes the data dictionary in every language (docs/data-dictionary*.md) and docs/template.csv (`npm run docs`). */
import { writeFileSync } from 'node:fs';
import {
  dataDictionaryPaths,
  renderCsvTemplate,
  renderDataDictionaryMarkdown,
} from '../shared/dictionary/render-dictionary.js';
import { LANGUAGES } from '../shared/i18n/language.js';

const root = new URL('../', import.meta.url);
for (const language of LANGUAGES) {
  writeFileSync(new URL(dataDictionaryPaths[language], root), renderDataDictionaryMarkdown(language));
}
writeFileSync(new URL('docs/template.csv', root), renderCsvTemplate());
console.log(`wrote ${LANGUAGES.map((l) => dataDictionaryPaths[l]).join(', ')} and docs/template.csv`);
