import type { UploadValidator } from '../ports/index.js';
import {
  renderVerdictCsv,
  renderVerdictHtml,
  validateUpload,
  type ValidateUploadOptions,
} from '../validation/index.js';

/** Names of the files written next to a verdict (under the upload's verdict prefix), as the page links them. */
export const verdictFileNames = {
  json: 'verdict.json',
  html: 'verdict.html',
  problemsCsv: 'problems.csv',
  template: 'template.csv',
  annotated: 'annotated.csv',
} as const;

/**
 * The data dictionary's streaming validation engine (shared/validation) behind the pipeline's validator port:
 * verdicts are written as JSON, as the HTML page a data manager reads, and as a CSV of the problems; the page
 * and the CSV in the center's language, linking the template and (when written) the annotated copy next to them.
 * @example ingestUpload({ ...deps, validator: dictionaryValidator() }, upload)
 */
export function dictionaryValidator(
  options: Pick<ValidateUploadOptions, 'limits' | 'completenessThreshold'> = {},
): UploadValidator {
  return {
    validate: (body, { centerId, onRow }) => validateUpload(body, { ...options, centerId, onRow }),
    render: (verdict, { language, annotated }) => ({
      json: `${JSON.stringify(verdict, null, 2)}\n`,
      html: renderVerdictHtml(verdict, {
        language,
        templateHref: verdictFileNames.template,
        problemsCsvHref: verdictFileNames.problemsCsv,
        ...(annotated ? { annotatedHref: verdictFileNames.annotated } : {}),
      }),
      csv: renderVerdictCsv(verdict, { language }),
    }),
  };
}
