import { dirtyKinds, generateRegistry, toCsv, type CenterExport } from '../../../shared/synthetic/index.js';
import { csvProblems } from './row-checks.js';

const SLOW = 180_000;
let registry: CenterExport[];

beforeAll(() => {
  registry = generateRegistry({ dirtyRate: 0.01 });
}, SLOW);

describe('injectDirt through generateRegistry({ dirtyRate: 0.01 })', () => {
  it(
    'dirties about 1% of rows, with every kind of error',
    () => {
      const dirtied = registry.flatMap((c) => c.dirtied);
      // Binomial(10,640 rows, 0.01): mean 106, SD 10.
      expect(dirtied.length).toBeGreaterThan(60);
      expect(dirtied.length).toBeLessThan(160);
      expect(new Set(dirtied.map((d) => d.kind))).toEqual(new Set(dirtyKinds));
    },
    SLOW,
  );

  it(
    'every dirtied row is flagged on a column the record names, and no clean row is',
    () => {
      const unflagged: string[] = [];
      const falseAlarms: string[] = [];
      for (const center of registry) {
        const problems = csvProblems(toCsv(center.rows, center.rawCells), center.centerId);
        const dirtyIndex = new Map(center.dirtied.map((d) => [d.rowIndex, d]));
        for (const d of center.dirtied) {
          const flagged = problems.some(
            (p) => p.rowIndex === d.rowIndex && d.columns.includes(p.column as never),
          );
          if (!flagged) unflagged.push(`${center.centerId} row ${d.rowIndex} ${d.kind}`);
        }
        for (const p of problems) {
          if (!dirtyIndex.has(p.rowIndex))
            falseAlarms.push(`${center.centerId} row ${p.rowIndex} ${p.id} ${p.column}`);
        }
      }
      expect(unflagged).toEqual([]);
      expect(falseAlarms).toEqual([]);
    },
    SLOW,
  );

  it('leaves the clean rows as they are at dirtyRate 0', () => {
    const centerIds = ['C001', 'C002'];
    const clean = generateRegistry({ centerIds });
    const dirty = generateRegistry({ centerIds, dirtyRate: 0.2 });
    dirty.forEach((center, i) => {
      expect(center.dirtied.length).toBeGreaterThan(0);
      const touched = new Set(center.dirtied.map((d) => d.rowIndex));
      center.rows.forEach((row, k) => {
        if (!touched.has(k)) expect(row).toEqual(clean[i]!.rows[k]);
      });
    });
  });
});
