import {
  narrationLine,
  reportEventOf,
  verdictNoticeOf,
  type PipelineEvent,
} from '../../../infra/local/narration.js';
import type { VerdictNotice } from '../../../shared/ingest/index.js';
import type { GenerateQuarterReportResult } from '../../../shared/report/generate-quarter-report.js';

const siteUrl = 'http://127.0.0.1:8080/';

const notice: VerdictNotice = {
  type: 'upload-verdict',
  centerId: 'C004',
  uploadId: 'abc',
  uploadKey: 'uploads/C004/2023-Q2-Q3.csv',
  mode: 'upsert',
  status: 'rejected',
  verdictStatus: 'red',
  counts: { rows: 14, acceptedRows: 0, rejectedRows: 14, errors: 3, warnings: 1 },
  links: {
    bucket: 'ecls-data',
    verdictJson: 'validation/C004/abc/verdict.json',
    verdictHtml: 'validation/C004/abc/verdict.html',
    problemsCsv: 'validation/C004/abc/problems.csv',
  },
  validatedAt: '2026-12-08T00:00:00.000Z',
};

const pointer = (path: string, version: number) => ({
  quarter: '2023-Q3',
  version,
  path,
  status: 'provisional' as const,
  generatedAt: '2026-12-08T00:00:00.000Z',
});

const published = (registryPublished: boolean): GenerateQuarterReportResult => ({
  outcome: 'published',
  quarter: '2023-Q3',
  status: 'provisional',
  cutoff: '2023-10-01T00:00:00.000Z',
  generatedAt: '2026-12-08T00:00:00.000Z',
  runs: 512,
  sites: [
    {
      prefix: 'site',
      pointer: pointer('site/2023-Q3/v4/', 4),
      indexKey: 'site/2023-Q3/v4/index.html',
      published: registryPublished,
    },
    {
      prefix: 'centers/C001',
      centerId: 'C001',
      pointer: pointer('centers/C001/2023-Q3/v4/', 4),
      indexKey: 'centers/C001/2023-Q3/v4/index.html',
      published: true,
    },
    {
      prefix: 'centers/C002',
      centerId: 'C002',
      pointer: pointer('centers/C002/2023-Q3/v3/', 3),
      indexKey: 'centers/C002/2023-Q3/v3/index.html',
      published: false,
    },
  ],
});

describe('narrationLine', () => {
  it('names the center, the file, its size and key for an upload received', () => {
    expect(
      narrationLine({ kind: 'upload-received', key: 'uploads/C004/2023-Q2-Q3.csv', bytes: 2048 }, siteUrl),
    ).toBe('upload received: C004 2023-Q2-Q3.csv (2.0 KB, uploads/C004/2023-Q2-Q3.csv)');
    expect(
      narrationLine({ kind: 'upload-received', key: 'uploads/C001/snapshot/all.csv', bytes: 10 }, siteUrl),
    ).toBe('upload received: C001 all.csv (snapshot) (10 B, uploads/C001/snapshot/all.csv)');
    // A key outside a center's prefix is still reported, as it is.
    expect(narrationLine({ kind: 'upload-received', key: 'uploads/stray.csv', bytes: 1 }, siteUrl)).toContain(
      'uploads/stray.csv',
    );
  });

  it('gives a verdict with its status, problem counts and the http URL of the verdict page', () => {
    expect(narrationLine({ kind: 'verdict', notice }, siteUrl)).toBe(
      'verdict: C004 2023-Q2-Q3.csv is red (rejected; 14 rows, 3 errors, 1 warning): ' +
        'http://127.0.0.1:8080/validation/C004/abc/verdict.html',
    );
    const green = {
      ...notice,
      status: 'accepted',
      verdictStatus: 'green',
      counts: { ...notice.counts, rows: 1, errors: 0, warnings: 0 },
    } as VerdictNotice;
    expect(narrationLine({ kind: 'verdict', notice: green }, 'http://127.0.0.1:9000')).toBe(
      'verdict: C004 2023-Q2-Q3.csv is green (accepted; 1 row, 0 errors, 0 warnings): ' +
        'http://127.0.0.1:9000/validation/C004/abc/verdict.html',
    );
  });

  it('says the key alone when no site is served', () => {
    expect(narrationLine({ kind: 'verdict', notice }, undefined)).toMatch(
      /: validation\/C004\/abc\/verdict\.html$/,
    );
  });

  it('gives a published report with its quarter, version, status and URL', () => {
    const event = reportEventOf(published(true))!;
    expect(event).toEqual<PipelineEvent>({
      kind: 'report-published',
      quarter: '2023-Q3',
      version: 4,
      status: 'provisional',
      indexKey: 'site/2023-Q3/v4/index.html',
      centerReports: 1,
      runs: 512,
    });
    expect(narrationLine(event, siteUrl)).toBe(
      'report published: 2023-Q3 v4 provisional (512 runs, 1 center report): ' +
        'http://127.0.0.1:8080/site/2023-Q3/v4/index.html',
    );
  });

  it('points to the ingest log when a delivery fails', () => {
    expect(narrationLine({ kind: 'ingest-retry', key: 'uploads/C001/a.csv' }, siteUrl)).toBe(
      'ingest of uploads/C001/a.csv failed and will be retried (see logs/ingest.log)',
    );
  });
});

describe('reportEventOf', () => {
  it('has no event for a build that published nothing new', () => {
    expect(reportEventOf(published(false))).toBeUndefined();
    expect(
      reportEventOf({
        outcome: 'already-final',
        quarter: '2023-Q3',
        pointer: pointer('site/2023-Q3/v9/', 9),
      }),
    ).toBeUndefined();
  });
});

describe('verdictNoticeOf', () => {
  it('reads a verdict notice and ignores any other message', () => {
    expect(verdictNoticeOf(JSON.stringify(notice))).toEqual(notice);
    expect(verdictNoticeOf(JSON.stringify({ type: 'something-else' }))).toBeUndefined();
    expect(verdictNoticeOf('not json')).toBeUndefined();
  });
});
