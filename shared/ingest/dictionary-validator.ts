import type { UploadValidator } from '../ports/index.js';
import {
  renderVerdictCsv,
  renderVerdictHtml,
  validateUpload,
  type ValidateUploadOptions,
} from '../validation/index.js';

/**
 * The data dictionary's streaming validation engine (shared/validation) behind the pipeline's validator port:
 * verdicts are written as JSON, as the HTML page a data manager reads, and as a CSV of the problems.
 * @example ingestUpload({ ...deps, validator: dictionaryValidator() }, upload)
 */
export function dictionaryValidator(
  options: Pick<ValidateUploadOptions, 'limits' | 'completenessThreshold'> = {},
): UploadValidator {
  return {
    validate: (body, { centerId, onRow }) => validateUpload(body, { ...options, centerId, onRow }),
    render: (verdict) => ({
      json: `${JSON.stringify(verdict, null, 2)}\n`,
      html: renderVerdictHtml(verdict),
      csv: renderVerdictCsv(verdict),
    }),
  };
}
