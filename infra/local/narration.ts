/**
 * What `npm start` says while it serves: one line when an upload arrives in the uploads bucket, one when its
 * verdict is sent to the center (the SNS notice, also in `logs/verdict-notices.log`), one when the report
 * function publishes a quarter's report, and one when an ingest delivery fails and will be retried. The events
 * come from the local pipeline (pipeline.ts `onEvent`); the lines are built here, so they can be tested alone.
 */
import { parseUploadKey } from '../../shared/config/resources.js';
import type { VerdictNotice } from '../../shared/ingest/index.js';
import type { GenerateQuarterReportResult } from '../../shared/report/generate-quarter-report.js';

/** Something the local pipeline did that the terminal is told about. */
export type PipelineEvent =
  | { kind: 'upload-received'; key: string; bytes: number }
  | { kind: 'verdict'; notice: VerdictNotice }
  | { kind: 'ingest-retry'; key: string }
  | {
      kind: 'report-published';
      quarter: string;
      version: number;
      status: 'provisional' | 'final';
      /** The registry site's page of this version, e.g. `site/2023-Q3/v4/index.html`. */
      indexKey: string;
      /** How many center report sites were published with it. */
      centerReports: number;
      runs: number;
    };

/** The report-published event of a report build, or undefined when it published nothing new. */
export function reportEventOf(result: GenerateQuarterReportResult): PipelineEvent | undefined {
  if (result.outcome !== 'published') return undefined;
  const registry = result.sites.find((site) => site.centerId === undefined);
  if (!registry?.published) return undefined;
  return {
    kind: 'report-published',
    quarter: result.quarter,
    version: registry.pointer.version,
    status: result.status,
    indexKey: registry.indexKey,
    centerReports: result.sites.filter((site) => site.centerId !== undefined && site.published).length,
    runs: result.runs,
  };
}

/** The verdict notice an SNS message carries, or undefined for any other message. */
export function verdictNoticeOf(message: string): VerdictNotice | undefined {
  try {
    const parsed = JSON.parse(message) as Partial<VerdictNotice>;
    return parsed.type === 'upload-verdict' ? (parsed as VerdictNotice) : undefined;
  } catch {
    return undefined;
  }
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** `url` joined to the site's base URL, or the bare key when the site is not served (yet). */
function link(siteUrl: string | undefined, key: string): string {
  return siteUrl === undefined ? key : new URL(key, siteUrl.endsWith('/') ? siteUrl : `${siteUrl}/`).href;
}

/**
 * The terminal line of one pipeline event.
 * @param siteUrl the served site, e.g. `http://127.0.0.1:8080/`, so that verdicts and reports are links.
 * @example narrationLine({ kind: 'upload-received', key: 'uploads/C004/q3.csv', bytes: 2048 }, undefined)
 *   // 'upload received: C004 q3.csv (2.0 KB, uploads/C004/q3.csv)'
 */
export function narrationLine(event: PipelineEvent, siteUrl: string | undefined): string {
  switch (event.kind) {
    case 'upload-received': {
      const parsed = parseUploadKey(event.key);
      const who = parsed
        ? `${parsed.centerId} ${parsed.fileName}${parsed.mode === 'snapshot' ? ' (snapshot)' : ''}`
        : event.key;
      return `upload received: ${who} (${sizeText(event.bytes)}, ${event.key})`;
    }
    case 'verdict': {
      const { notice } = event;
      const { rows, errors, warnings } = notice.counts;
      const file = notice.uploadKey.split('/').pop() ?? notice.uploadKey;
      return (
        `verdict: ${notice.centerId} ${file} is ${notice.verdictStatus} (${notice.status}; ${plural(rows, 'row')}, ` +
        `${plural(errors, 'error')}, ${plural(warnings, 'warning')}): ${link(siteUrl, notice.links.verdictHtml)}`
      );
    }
    case 'ingest-retry':
      return `ingest of ${event.key} failed and will be retried (see logs/ingest.log)`;
    case 'report-published':
      return (
        `report published: ${event.quarter} v${event.version} ${event.status} (${plural(event.runs, 'run')}, ` +
        `${plural(event.centerReports, 'center report')}): ${link(siteUrl, event.indexKey)}`
      );
  }
}
