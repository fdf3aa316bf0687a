/**
 * The "could not be processed" verdict written on the last delivery before the dead-letter queue (in-memory
 * ports, real validation engine), and how a later redrive puts the validation verdict back.
 */
import { findCenter } from '../../../shared/config/centers.js';
import { keys } from '../../../shared/config/resources.js';
import {
  deriveUploadId,
  describeFailure,
  dictionaryValidator,
  ingestFailedRule,
  ingestUpload,
  isLastAttempt,
  MergeConflictError,
  recordIngestFailure,
  type IngestDependencies,
  type VerdictNotice,
} from '../../../shared/ingest/index.js';
import { RegistryStoreError, type VerdictNotifier } from '../../../shared/ports/index.js';
import { VerdictSchema, type Verdict } from '../../../shared/validation/verdict-schema.js';
import { CollectingPublisher, MemoryObjectStore, MemoryRegistryStore } from './support/memory-stores.js';
import { runsToCsv, syntheticRuns } from './support/synthetic-runs.js';

const uploads = 'ecls-uploads';
const data = 'ecls-data';

function setup(overrides: Partial<IngestDependencies> = {}) {
  const objects = new MemoryObjectStore();
  const registry = new MemoryRegistryStore();
  const notices: VerdictNotice[] = [];
  const notifier: VerdictNotifier = { notify: async (notice) => void notices.push(notice) };
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: new CollectingPublisher(),
    dataBucket: data,
    findCenter,
    notifier,
    backoff: async () => undefined,
    ...overrides,
  };
  const verdictAt = (prefix: string): Verdict =>
    VerdictSchema.parse(JSON.parse(objects.text(data, `${prefix}verdict.json`)!));
  return { objects, registry, deps, notices, verdictAt };
}

const csv = runsToCsv(syntheticRuns('C001', 12, 9));
const key = 'uploads/C001/2023 export.csv';

describe('isLastAttempt', () => {
  it('is true from the redrive maxReceiveCount on (default 3)', () => {
    expect(isLastAttempt(1)).toBe(false);
    expect(isLastAttempt(2)).toBe(false);
    expect(isLastAttempt(3)).toBe(true);
    expect(isLastAttempt(4)).toBe(true);
    expect(isLastAttempt(4, 5)).toBe(false);
    expect(isLastAttempt(5, 5)).toBe(true);
    expect(isLastAttempt(Number('not a number'))).toBe(false);
  });
});

describe('describeFailure', () => {
  it("passes on the ingestion's own messages and names infrastructure errors only", () => {
    expect(describeFailure(new MergeConflictError('C001', 8))).toContain("center C001's data set");
    const sdk = new RegistryStoreError('DynamoDB PutItem on table ecls-registry-prod failed: throttled');
    expect(describeFailure(sdk)).toBe("RegistryStoreError on the registry's side");
    expect(describeFailure(new Error('x'))).toBe("an error on the registry's side");
    expect(describeFailure(undefined)).toBe("an error on the registry's side");
  });
});

describe('recordIngestFailure', () => {
  it('writes a red "could not be processed" verdict where the upload would have had its verdict', async () => {
    const s = setup();
    await s.objects.put({ bucket: uploads, key }, csv);
    const record = await recordIngestFailure(
      s.deps,
      { bucket: uploads, key },
      { attempts: 3, error: new RegistryStoreError('throttled') },
    );
    const checksum = (await import('node:crypto')).createHash('sha256').update(csv).digest('hex');
    const uploadId = deriveUploadId({ bucket: uploads, key, checksum });
    expect(record).toEqual({ uploadId, verdictPrefix: keys.validationPrefix('C001', uploadId) });
    const verdict = s.verdictAt(record!.verdictPrefix);
    expect(verdict).toMatchObject({ status: 'red', accepted: false, centerId: 'C001' });
    expect(verdict.summary.bytes).toBe(Buffer.byteLength(csv));
    const [problem] = verdict.problems;
    expect(problem).toMatchObject({ scope: 'file', rule: ingestFailedRule, severity: 'error' });
    expect(problem!.message).toContain(`${key} could not be processed: 3 attempts failed`);
    expect(problem!.message).toContain('The registry team has been alerted');
    expect(problem!.message).toContain('upload the same file again');
    expect(problem!.message).toContain(uploadId);
    expect(problem!.message).not.toContain('throttled');
    expect(s.notices).toEqual([expect.objectContaining({ centerId: 'C001', uploadId, status: 'rejected' })]);
    // The ledger is untouched, so a redrive from the dead-letter queue ingests the upload.
    expect(await s.registry.getUpload(uploadId)).toBeUndefined();
  });

  it('keeps the validation findings of an upload that failed after its verdict, and a redrive restores them', async () => {
    let fail = true;
    const s = setup({
      beforeStep: (step) => {
        if (step === 'switch-pointer' && fail) throw new MergeConflictError('C001', 8);
      },
    });
    await s.objects.put({ bucket: uploads, key }, csv);
    await expect(ingestUpload(s.deps, { bucket: uploads, key })).rejects.toThrow(MergeConflictError);
    const [entry] = [...s.registry.uploads.values()];
    const validation = s.verdictAt(entry!.verdictPrefix);
    expect(validation.accepted).toBe(true);

    const record = await recordIngestFailure(
      s.deps,
      { bucket: uploads, key },
      { attempts: 3, error: new MergeConflictError('C001', 8) },
    );
    expect(record?.verdictPrefix).toBe(entry!.verdictPrefix);
    const failed = s.verdictAt(entry!.verdictPrefix);
    expect(failed).toMatchObject({ status: 'red', accepted: false, rows: 12 });
    expect(failed.summary.acceptedRows).toBe(0);
    expect(failed.summary.errors).toBe(validation.summary.errors + 1);
    expect(failed.problems[0]!.message).toContain('changed under 8 attempts');
    expect(failed.problems.slice(1)).toEqual(validation.problems);
    // A second last attempt (after a redrive) replaces the problem rather than adding another.
    await recordIngestFailure(s.deps, { bucket: uploads, key }, { attempts: 4, error: new Error('x') });
    const twice = s.verdictAt(entry!.verdictPrefix);
    expect(twice.problems.filter((p) => p.rule === ingestFailedRule)).toHaveLength(1);
    expect(twice.summary.errors).toBe(failed.summary.errors);

    fail = false;
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key });
    expect(outcome).toMatchObject({ status: 'completed', version: 1 });
    expect(s.verdictAt(entry!.verdictPrefix)).toEqual(validation);
  });

  it('leaves a finished upload alone', async () => {
    const s = setup();
    await s.objects.put({ bucket: uploads, key }, csv);
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key });
    const prefix = (await s.registry.getUpload(outcome.uploadId))!.verdictPrefix;
    const before = s.objects.text(data, `${prefix}verdict.json`);
    expect(
      await recordIngestFailure(s.deps, { bucket: uploads, key }, { attempts: 3, error: new Error('x') }),
    ).toBeUndefined();
    expect(s.objects.text(data, `${prefix}verdict.json`)).toBe(before);
  });

  it('takes the upload id from the version id without reading the object', async () => {
    const s = setup();
    const record = await recordIngestFailure(
      s.deps,
      { bucket: uploads, key: 'uploads/C001/gone.csv', versionId: 'v1' },
      { attempts: 3, error: new Error('x') },
    );
    const uploadId = deriveUploadId({
      bucket: uploads,
      key: 'uploads/C001/gone.csv',
      versionId: 'v1',
      checksum: '',
    });
    expect(record?.uploadId).toBe(uploadId);
    expect(s.verdictAt(record!.verdictPrefix).status).toBe('red');
  });
});
