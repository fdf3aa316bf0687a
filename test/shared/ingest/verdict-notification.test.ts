/**
 * The optional verdict notification: sent once per upload after its verdict is written, carrying the summary
 * and no row-level values; a failing notifier is logged and counted and never fails the ingestion.
 */
import { findCenter } from '../../../shared/config/centers.js';
import {
  dictionaryValidator,
  ingestUpload,
  recomputeAggregates,
  type IngestDependencies,
  type IngestLogContext,
  type IngestLogger,
  type IngestStep,
  type VerdictNotice,
} from '../../../shared/ingest/index.js';
import { VerdictNotificationError, type VerdictNotifier } from '../../../shared/ports/index.js';
import { CollectingPublisher, MemoryObjectStore, MemoryRegistryStore } from './support/memory-stores.js';
import { runsToCsv, syntheticRuns } from './support/synthetic-runs.js';

const uploads = 'ecls-uploads';
const data = 'ecls-data';

class CollectingNotifier implements VerdictNotifier {
  readonly notices: VerdictNotice[] = [];
  async notify(notice: VerdictNotice) {
    this.notices.push(notice);
  }
}

class RecordingLogger implements IngestLogger {
  readonly lines: { level: string; message: string; context?: IngestLogContext }[] = [];
  readonly metricLines: { values: Record<string, number>; context: IngestLogContext }[] = [];
  log(level: string, message: string, context?: IngestLogContext) {
    this.lines.push({ level, message, context });
  }
  metrics(values: Record<string, number>, context: IngestLogContext) {
    this.metricLines.push({ values, context });
  }
}

function setup(notifier: VerdictNotifier, overrides: Partial<IngestDependencies> = {}) {
  const objects = new MemoryObjectStore();
  const registry = new MemoryRegistryStore();
  const deps: IngestDependencies = {
    objects,
    registry,
    validator: dictionaryValidator(),
    stalePublisher: new CollectingPublisher(),
    notifier,
    dataBucket: data,
    findCenter,
    backoff: async () => undefined,
    ...overrides,
  };
  const put = (key: string, text: string) => objects.put({ bucket: uploads, key }, text);
  return { objects, registry, deps, put };
}

describe('verdict notification', () => {
  const rows = syntheticRuns('C001', 30, 5);

  it('sends an accepted upload’s summary once, with the verdict keys and no row-level values', async () => {
    const notifier = new CollectingNotifier();
    const s = setup(notifier);
    await s.put('uploads/C001/q3.csv', runsToCsv(rows));
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/q3.csv' });
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/q3.csv' });

    expect(notifier.notices).toHaveLength(1);
    const prefix = `validation/C001/${outcome.uploadId}/`;
    expect(notifier.notices[0]).toEqual({
      type: 'upload-verdict',
      centerId: 'C001',
      uploadId: outcome.uploadId,
      uploadKey: 'uploads/C001/q3.csv',
      mode: 'upsert',
      status: 'accepted',
      verdictStatus: outcome.verdictStatus,
      counts: expect.objectContaining({ rows: 30, acceptedRows: 30, rejectedRows: 0, errors: 0 }),
      links: {
        bucket: data,
        verdictJson: `${prefix}verdict.json`,
        verdictHtml: `${prefix}verdict.html`,
        problemsCsv: `${prefix}problems.csv`,
      },
      validatedAt: expect.any(String),
    });
    // The verdict is readable when the notice names it.
    expect(s.objects.text(data, notifier.notices[0]!.links.verdictJson)).toBeDefined();
    const text = JSON.stringify(notifier.notices);
    for (const row of rows) expect(text).not.toContain(row.run_id!);
  });

  it('sends a rejected upload’s summary without the problems’ values', async () => {
    const notifier = new CollectingNotifier();
    const s = setup(notifier);
    await s.put('uploads/C001/bad.csv', runsToCsv(rows).replace(',male,', ',robot,'));
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/bad.csv' });
    expect(notifier.notices).toHaveLength(1);
    expect(notifier.notices[0]).toMatchObject({
      status: 'rejected',
      verdictStatus: 'red',
      counts: { rows: 30, acceptedRows: 0, rejectedRows: 30 },
    });
    expect(notifier.notices[0]!.counts.errors).toBeGreaterThan(0);
    expect(JSON.stringify(notifier.notices[0])).not.toContain('robot');
  });

  it('notifies nobody for a key that names no known center', async () => {
    const notifier = new CollectingNotifier();
    const s = setup(notifier);
    await s.put('uploads/C999/runs.csv', runsToCsv(rows));
    expect(await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C999/runs.csv' })).toMatchObject({
      status: 'rejected',
    });
    expect(notifier.notices).toEqual([]);
  });

  it('logs and counts a failed notification, and ingests the upload all the same', async () => {
    const logger = new RecordingLogger();
    const failing: VerdictNotifier = {
      notify: async () => {
        throw new VerdictNotificationError('SNS Publish failed: throttled');
      },
    };
    const s = setup(failing, { logger });
    await s.put('uploads/C001/q3.csv', runsToCsv(rows));
    const outcome = await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/q3.csv' });

    expect(outcome).toMatchObject({ status: 'completed', version: 1 });
    expect(await s.registry.listAggregates('C001')).toEqual(recomputeAggregates('C001', rows));
    expect(logger.lines).toContainEqual({
      level: 'warn',
      message: expect.stringContaining('could not notify'),
      context: expect.objectContaining({
        uploadId: outcome.uploadId,
        centerId: 'C001',
        step: 'notify-center',
        error: { name: 'VerdictNotificationError', message: 'SNS Publish failed: throttled' },
      }),
    });
    expect(logger.metricLines).toContainEqual({
      values: { VerdictNotificationsFailed: 1 },
      context: expect.objectContaining({ centerId: 'C001', uploadId: outcome.uploadId }),
    });
  });

  it('notifies after a crash right before the notification, on the retry', async () => {
    const notifier = new CollectingNotifier();
    let crashed = false;
    const s = setup(notifier, {
      beforeStep: (step: IngestStep) => {
        if (step === 'notify-center' && !crashed) {
          crashed = true;
          throw new Error('injected crash');
        }
      },
    });
    await s.put('uploads/C001/q3.csv', runsToCsv(rows));
    await expect(ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/q3.csv' })).rejects.toThrow(
      'injected crash',
    );
    expect(notifier.notices).toEqual([]);
    await ingestUpload(s.deps, { bucket: uploads, key: 'uploads/C001/q3.csv' });
    expect(notifier.notices).toHaveLength(1);
  });
});
