import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  defaultUploadBatches,
  exportPath,
  leftRedNotice,
  planUploads,
  prepareExports,
  uploadKey,
  type ExportManifest,
} from '../../../infra/local/sample-scenario.js';
import { validateUpload } from '../../../shared/validation/index.js';

const manifest: ExportManifest = {
  options: {
    seed: 1,
    scale: 1,
    centerIds: null,
    dirtyRate: 0.02,
    dirtyCenters: 1,
    leaveOneRed: true,
  },
  batches: [...defaultUploadBatches],
  files: {
    '2017-2022': ['C001', 'C002'],
    '2023-Q1': ['C001'],
    '2023-Q2-Q3': ['C001', 'C002'],
  },
  dirty: { batchId: '2017-2022', centerIds: ['C002'] },
  leftRed: { batchId: '2023-Q2-Q3', centerId: 'C001' },
  latestEcmoStart: Date.UTC(2023, 6, 1),
  runs: 10,
};

describe('planUploads', () => {
  it('sends the dirty copies within their batch, then their corrections, and leaves one center red', () => {
    const plan = planUploads('/x', manifest);
    expect(plan.map((b) => b.label)).toEqual([
      'history through 2022',
      'corrected re-uploads (C002)',
      '2023-Q1',
      '2023-Q2 and Q3',
    ]);
    expect(plan[0]!.uploads).toEqual([
      {
        batchId: '2017-2022',
        centerId: 'C001',
        key: 'uploads/C001/snapshot/2017-2022.csv',
        file: '/x/2017-2022/C001.csv',
        dirty: false,
      },
      {
        batchId: '2017-2022',
        centerId: 'C002',
        key: 'uploads/C002/snapshot/2017-2022.csv',
        file: '/x/2017-2022-dirty/C002.csv',
        dirty: true,
      },
    ]);
    // The correction goes to the same key, from the clean file.
    expect(plan[1]!.uploads).toEqual([
      expect.objectContaining({ centerId: 'C002', file: '/x/2017-2022/C002.csv', dirty: false }),
    ]);
    // The center left red sends only its dirty copy of the last batch, as an upsert.
    expect(plan[3]!.uploads).toEqual([
      expect.objectContaining({ centerId: 'C001', key: 'uploads/C001/2023-Q2-Q3.csv', dirty: true }),
      expect.objectContaining({ centerId: 'C002', dirty: false }),
    ]);
  });

  it('puts snapshots and upserts under their prefixes', () => {
    expect(uploadKey(defaultUploadBatches[0]!, 'C009')).toBe('uploads/C009/snapshot/2017-2022.csv');
    expect(uploadKey(defaultUploadBatches[1]!, 'C009')).toBe('uploads/C009/2023-Q1.csv');
    expect(exportPath('/e', '2023-Q1', 'C009', true)).toBe('/e/2023-Q1-dirty/C009.csv');
  });
});

describe('leftRedNotice', () => {
  const report = { quarter: '2023-Q3', version: 3 };

  it('tells how to correct the held center while its latest upload is red', () => {
    const notice = leftRedNotice(
      manifest,
      { verdictStatus: 'red', key: 'uploads/C001/2023-Q2-Q3.csv' },
      '/e',
      report,
    );
    expect(notice).toBe(
      "C001's latest upload is red. Correct it with:\n" +
        '  npx ecls upload /e/2023-Q2-Q3/C001.csv --center C001\n' +
        'and the 2023-Q3 report is regenerated (v4) a few seconds later.',
    );
    expect(leftRedNotice(manifest, undefined, '/e', report)).toMatch(/^C001's latest upload is red/);
  });

  it('does not call the center red after a restart when its correction is the latest upload', () => {
    const notice = leftRedNotice(
      manifest,
      { verdictStatus: 'green', key: 'uploads/C001/fixed.csv' },
      '/e',
      report,
    );
    expect(notice).not.toMatch(/is red/);
    expect(notice).toBe(
      "C001's export left red by the sample scenario was corrected earlier: its latest upload " +
        '(uploads/C001/fixed.csv) is green.',
    );
  });

  it('says nothing when the scenario left no center red', () => {
    expect(leftRedNotice({ leftRed: undefined }, undefined, '/e', report)).toBeUndefined();
  });
});

describe('prepareExports', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'ecls-scenario-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const options = {
    centerIds: ['C001', 'C002', 'C003', 'C004'],
    scale: 0.05,
    dirtyRate: 0.1,
    dirtyCenters: 1,
  };

  it('writes each center’s batches, a dirty first file that validation rejects, and one export left red', async () => {
    const { manifest: written, generated } = await prepareExports(dir, options);
    expect(generated).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))).toEqual(written);
    for (const [batchId, centers] of Object.entries(written.files)) {
      for (const centerId of centers) expect(existsSync(exportPath(dir, batchId, centerId))).toBe(true);
    }
    expect(written.dirty.centerIds).toHaveLength(1);
    const held = written.leftRed!;
    expect(held.batchId).toBe('2023-Q2-Q3');
    for (const [batchId, centerId] of [
      [written.dirty.batchId, written.dirty.centerIds[0]!],
      [held.batchId, held.centerId],
    ] as const) {
      const csv = readFileSync(exportPath(dir, batchId, centerId, true), 'utf8');
      expect((await validateUpload(Readable.from([csv]), { centerId })).status).toBe('red');
      const clean = readFileSync(exportPath(dir, batchId, centerId), 'utf8');
      expect((await validateUpload(Readable.from([clean]), { centerId })).status).not.toBe('red');
    }
  }, 120_000);

  it('reuses the exports while the options stay the same', async () => {
    const again = await prepareExports(dir, options);
    expect(again.generated).toBe(false);
    const other = await prepareExports(dir, { ...options, dirtyCenters: 0, leaveOneRed: false });
    expect(other.generated).toBe(true);
    expect(other.manifest.dirty.centerIds).toEqual([]);
    expect(other.manifest.leftRed).toBeUndefined();
  }, 120_000);
});
