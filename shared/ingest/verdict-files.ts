import { renderCsvTemplate } from '../dictionary/render-dictionary.js';
import { languageOfCenter } from '../i18n/center-language.js';
import { annotatedCsv, canAnnotate } from '../validation/annotated-csv.js';
import type { Verdict } from '../validation/verdict-schema.js';
import { verdictFileNames } from './dictionary-validator.js';
import type { IngestDependencies } from './ingest-upload.js';

/**
 * Writes an upload's verdict files under its prefix, in its center's language: the JSON, the HTML page, the
 * problems CSV, the CSV template the page links, and, when the verdict has problems on lines of a file that was
 * read to its end, the annotated copy of the file (streamed: the upload is read again and written in parts).
 * Same verdict, same content. `annotate: false` skips the copy (a "could not be processed" verdict must not
 * depend on reading the upload once more).
 */
export async function writeVerdict(
  deps: Pick<IngestDependencies, 'objects' | 'validator' | 'dataBucket'>,
  verdictPrefix: string,
  verdict: Verdict,
  options: { annotate?: boolean } = {},
): Promise<void> {
  const language = languageOfCenter(verdict.source?.center?.id ?? verdict.centerId);
  const object = verdict.source?.object;
  const annotate = (options.annotate ?? true) && object !== undefined && canAnnotate(verdict);
  const rendered = deps.validator.render(verdict, { language, annotated: annotate });
  const put = (name: string, body: Parameters<typeof deps.objects.put>[1], contentType: string) =>
    deps.objects.put({ bucket: deps.dataBucket, key: `${verdictPrefix}${name}` }, body, { contentType });
  // The upload is opened before any write starts, so a failure to read it leaves no write in flight.
  const upload = annotate
    ? await deps.objects.getStream({
        bucket: object.bucket,
        key: object.key,
        ...(object.versionId ? { versionId: object.versionId } : {}),
      })
    : undefined;
  await Promise.all([
    put(verdictFileNames.json, rendered.json, 'application/json'),
    put(verdictFileNames.html, rendered.html, 'text/html; charset=utf-8'),
    put(verdictFileNames.problemsCsv, rendered.csv, 'text/csv; charset=utf-8'),
    put(verdictFileNames.template, renderCsvTemplate(), 'text/csv; charset=utf-8'),
    ...(upload
      ? [
          put(
            verdictFileNames.annotated,
            annotatedCsv(upload.body, verdict, { language }),
            'text/csv; charset=utf-8',
          ),
        ]
      : []),
  ]);
}
