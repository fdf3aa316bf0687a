import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  prunableVersions,
  pruneReportVersions,
  versionsByQuarter,
} from '../../../infra/local/prune-local-data.js';
import { withLocalStack } from '../../support/local-stack.js';

describe('prunableVersions', () => {
  const site = (current: number | undefined, versions: number[]) => ({
    quarterPrefix: 'site/2023-Q3/',
    current,
    versions,
  });

  it('keeps the current version and the ones just before it, and any newer than the current', () => {
    expect(prunableVersions(site(4, [1, 2, 3, 4, 5]), 2)).toEqual([1, 2]);
    expect(prunableVersions(site(4, [4, 2, 3, 1]), 1)).toEqual([1, 2, 3]);
    expect(prunableVersions(site(2, [1, 2]), 2)).toEqual([]);
  });

  it('keeps everything when the current version is unknown or absent', () => {
    expect(prunableVersions(site(undefined, [1, 2, 3]), 1)).toEqual([]);
    expect(prunableVersions(site(7, [1, 2, 3]), 1)).toEqual([]);
  });

  it('never prunes the current version, even when asked to keep none', () => {
    expect(prunableVersions(site(3, [1, 2, 3]), 0)).toEqual([1, 2]);
  });
});

describe('versionsByQuarter', () => {
  it('groups version keys of the registry site and of the center sites', () => {
    const grouped = versionsByQuarter([
      'site/index.html',
      'site/2023-Q3/current.json',
      'site/2023-Q3/v1/index.html',
      'site/2023-Q3/v2/figures/km.svg',
      'site/2023-Q2/v1/index.html',
      'centers/C001/2023-Q3/v3/report.json',
      'centers/C001/index.html',
    ]);
    expect(Object.fromEntries([...grouped].map(([k, v]) => [k, [...v].sort()]))).toEqual({
      'site/2023-Q3/': [1, 2],
      'site/2023-Q2/': [1],
      'centers/C001/2023-Q3/': [3],
    });
  });
});

describe('pruneReportVersions on s3rver', () => {
  const local = withLocalStack();

  async function put(key: string, body = 'x'): Promise<void> {
    await local.stack
      .s3Client()
      .send(new PutObjectCommand({ Bucket: local.stack.buckets.reports, Key: key, Body: body }));
  }

  async function keysIn(): Promise<string[]> {
    const out = await local.stack
      .s3Client()
      .send(new ListObjectsV2Command({ Bucket: local.stack.buckets.reports }));
    return (out.Contents ?? []).map((o) => o.Key!).sort();
  }

  it('deletes old versions, never what a pointer references or a build newer than it', async () => {
    const pointer = (version: number, status = 'provisional') =>
      JSON.stringify({ quarter: '2023-Q3', version, path: `v${version}/`, status });
    for (const v of [1, 2, 3, 4, 5]) {
      await put(`site/2023-Q3/v${v}/index.html`, `v${v}`);
      await put(`site/2023-Q3/v${v}/report.json`);
    }
    await put('site/2023-Q3/current.json', pointer(4));
    await put('site/index.html');
    // A final quarter: its only version is current and stays.
    await put('site/2023-Q2/v1/index.html');
    await put('site/2023-Q2/current.json', pointer(1, 'final'));
    // A center site with two versions, and one whose pointer is missing (left alone).
    await put('centers/C001/2023-Q3/v1/index.html');
    await put('centers/C001/2023-Q3/v2/index.html');
    await put('centers/C001/2023-Q3/current.json', pointer(2));
    await put('centers/C002/2023-Q3/v1/index.html');
    await put('centers/C002/2023-Q3/v2/index.html');

    const summary = await pruneReportVersions(local.stack.s3Client(), local.stack.buckets.reports, 2);

    expect(summary.pruned).toEqual([{ quarterPrefix: 'site/2023-Q3/', versions: [1, 2] }]);
    expect(summary.objects).toBe(4);
    expect(summary.bytes).toBe(4 + 1 + 1);
    expect(await keysIn()).toEqual(
      [
        'centers/C001/2023-Q3/current.json',
        'centers/C001/2023-Q3/v1/index.html',
        'centers/C001/2023-Q3/v2/index.html',
        'centers/C002/2023-Q3/v1/index.html',
        'centers/C002/2023-Q3/v2/index.html',
        'site/2023-Q2/current.json',
        'site/2023-Q2/v1/index.html',
        'site/2023-Q3/current.json',
        'site/2023-Q3/v3/index.html',
        'site/2023-Q3/v3/report.json',
        'site/2023-Q3/v4/index.html',
        'site/2023-Q3/v4/report.json',
        'site/2023-Q3/v5/index.html',
        'site/2023-Q3/v5/report.json',
        'site/index.html',
      ].sort(),
    );
    const current = await local.stack
      .s3Client()
      .send(new GetObjectCommand({ Bucket: local.stack.buckets.reports, Key: 'site/2023-Q3/v4/index.html' }));
    expect(await current.Body!.transformToString()).toBe('v4');

    // Nothing more to prune the second time.
    expect((await pruneReportVersions(local.stack.s3Client(), local.stack.buckets.reports, 2)).objects).toBe(
      0,
    );
  }, 60_000);
});
