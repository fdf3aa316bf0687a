import type { Verdict } from '../validation/verdict-schema.js';
import type { IngestDependencies } from './ingest-upload.js';

/** Writes an upload's verdict files (JSON, HTML, problems CSV) under its prefix; same verdict, same content. */
export async function writeVerdict(
  deps: Pick<IngestDependencies, 'objects' | 'validator' | 'dataBucket'>,
  verdictPrefix: string,
  verdict: Verdict,
): Promise<void> {
  const rendered = deps.validator.render(verdict);
  await Promise.all([
    deps.objects.put({ bucket: deps.dataBucket, key: `${verdictPrefix}verdict.json` }, rendered.json, {
      contentType: 'application/json',
    }),
    deps.objects.put({ bucket: deps.dataBucket, key: `${verdictPrefix}verdict.html` }, rendered.html, {
      contentType: 'text/html; charset=utf-8',
    }),
    deps.objects.put({ bucket: deps.dataBucket, key: `${verdictPrefix}problems.csv` }, rendered.csv, {
      contentType: 'text/csv; charset=utf-8',
    }),
  ]);
}
