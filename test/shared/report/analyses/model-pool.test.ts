/**
 * The report's models on worker threads (model-pool.ts) give the same report.json as inline, bit for bit: every
 * fit and MICE chain is deterministic, and the pool only changes where they run.
 */
import type { RegistryRun } from '../../../../shared/cohort/index.js';
import { ModelWorkerPool } from '../../../../shared/report/analyses/model-pool.js';
import { inlineModels } from '../../../../shared/report/analyses/model-runner.js';
import { buildRegistryReport, defaultReportSpec } from '../../../../shared/report/index.js';
import { generateRegistry } from '../../../../shared/synthetic/index.js';

const SLOW = 240_000;
let pool: ModelWorkerPool;
let runs: RegistryRun[];

beforeAll(() => {
  pool = new ModelWorkerPool(2);
  runs = generateRegistry({ centerIds: ['C001', 'C002', 'C003', 'C004', 'C005', 'C006'] }).flatMap(
    (c) => c.rows,
  );
});

afterAll(() => pool.close());

const options = {
  spec: defaultReportSpec,
  quarter: '2023-Q3',
  cutoff: '2023-09-30T23:59:59.000Z',
  uploads: [],
  generatedAt: '2023-10-01T00:00:00.000Z',
  softwareVersion: 'test',
  status: 'provisional' as const,
};

describe('ModelWorkerPool', () => {
  it(
    'builds the same report as the inline runner',
    async () => {
      const inline = await buildRegistryReport(runs, { ...options, models: inlineModels });
      const pooled = await buildRegistryReport(runs, { ...options, models: pool });
      expect(pooled.adjustedOddsRatios.some((o) => o.sensitivity.some((m) => m.imputed.estimable))).toBe(
        true,
      );
      expect(pooled.subgroups.some((s) => s.imputed)).toBe(true);
      expect(JSON.stringify(pooled)).toBe(JSON.stringify(inline));
    },
    SLOW,
  );

  it(
    'returns the MICE chains in chain order, each the same as the single-threaded chain',
    async () => {
      const n = 400;
      const x = Float64Array.from({ length: n }, (_, i) => (i * 7919) % 101);
      const y = Float64Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : x[i]! * 0.5 + (i % 13)));
      const request = { columns: { x, y }, options: { m: 5, maxit: 3, seed: 7 }, keep: ['y'] };
      const expected = await inlineModels.impute(request);
      const actual = await pool.impute(request);
      expect(actual).toHaveLength(5);
      actual.forEach((data, k) => {
        expect(Object.keys(data)).toEqual(['y']);
        expect(Array.from(data.y!)).toEqual(Array.from(expected[k]!.y!));
      });
      // Chains differ from each other, so the order is checked, not only the set.
      expect(Array.from(actual[0]!.y!)).not.toEqual(Array.from(actual[1]!.y!));
    },
    SLOW,
  );

  it(
    'reports a model that is not estimable as the inline runner does, and rejects work once closed',
    async () => {
      const column = Float64Array.from({ length: 50 }, (_, i) => i);
      const separated = {
        X: { columns: [column] },
        y: Float64Array.from(column, (v) => (v < 25 ? 0 : 1)),
        names: ['x'],
        protect: ['x'],
      };
      expect(await pool.fitLogistic(separated)).toEqual(await inlineModels.fitLogistic(separated));
      expect(await pool.fitLogistic(separated)).toMatchObject({ ok: false });
      const closed = new ModelWorkerPool(1);
      await closed.close();
      await expect(closed.fitLogistic(separated)).rejects.toThrow(/closed/);
    },
    SLOW,
  );
});
