import { readRegistryStatus } from '../../../shared/app/registry-status.js';
import type { CenterPointer, LedgerEntry } from '../../../shared/ingest/index.js';
import { MemoryRegistryStore } from '../../shared/ingest/support/memory-stores.js';

const entry = (uploadId: string, centerId: string, recordedAt: string): LedgerEntry => ({
  uploadId,
  centerId,
  bucket: 'uploads',
  key: `uploads/${centerId}/${uploadId}.csv`,
  versionId: null,
  checksum: 'x',
  bytes: 1,
  mode: 'upsert',
  status: 'completed',
  verdictStatus: 'green',
  rows: 1,
  acceptedRows: 1,
  rejectedRows: 0,
  errors: 0,
  warnings: 0,
  verdictPrefix: `validation/${centerId}/${uploadId}/`,
  steps: { recordedAt },
});

it("reads each center's pointer and its own uploads, latest first, in the order asked", async () => {
  const registry = new MemoryRegistryStore();
  await registry.recordUpload(entry('u1', 'C001', '2024-01-01T00:00:00.000Z'));
  await registry.recordUpload(entry('u3', 'C001', '2024-03-01T00:00:00.000Z'));
  await registry.recordUpload(entry('u2', 'C002', '2024-02-01T00:00:00.000Z'));
  const pointer: CenterPointer = {
    centerId: 'C001',
    version: 2,
    curatedKey: 'curated/C001/v2.csv',
    uploadId: 'u3',
    mode: 'upsert',
    runs: 7,
    updatedAt: '2024-03-01T00:00:01.000Z',
  };
  registry.pointers.set('C001', pointer);

  const [c003, c001] = await readRegistryStatus(registry, ['C003', 'C001']);

  expect(c003).toEqual({ centerId: 'C003', uploads: [] });
  expect(c001!.uploads.map((u) => u.uploadId)).toEqual(['u3', 'u1']);
  expect(c001!.latest?.uploadId).toBe('u3');
  expect(c001!.pointer).toEqual({
    version: 2,
    runs: 7,
    uploadId: 'u3',
    updatedAt: '2024-03-01T00:00:01.000Z',
  });
});
