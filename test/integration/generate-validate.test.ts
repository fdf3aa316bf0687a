/**
 * The synthetic registry, run through the real validator exactly as a center's export would be: every clean file
 * is accepted (green or yellow), and with 1% injected errors every affected file is red with each dirtied row
 * listed on the column the error was put in.
 */
import { Readable } from 'node:stream';
import { generateRegistry, toCsv } from '../../shared/synthetic/index.js';
import { validateUpload, type Verdict } from '../../shared/validation/index.js';

const validate = (csv: string, centerId: string): Promise<Verdict> =>
  validateUpload(Readable.from([Buffer.from(csv, 'utf8')]), { centerId });

describe('generated exports through the validator', () => {
  it('accepts every clean export of the default registry', async () => {
    const registry = generateRegistry({});
    expect(registry.length).toBe(111);
    const statuses = new Map<string, number>();
    for (const center of registry) {
      const verdict = await validate(toCsv(center.rows, center.rawCells), center.centerId);
      expect({ center: center.centerId, accepted: verdict.accepted, errors: verdict.summary.errors }).toEqual(
        {
          center: center.centerId,
          accepted: true,
          errors: 0,
        },
      );
      expect(verdict.rows).toBe(center.rows.length);
      statuses.set(verdict.status, (statuses.get(verdict.status) ?? 0) + 1);
    }
    expect(statuses.get('red')).toBeUndefined();
  }, 300_000);

  it('rejects every export with injected errors and lists each dirtied row', async () => {
    const registry = generateRegistry({ dirtyRate: 0.01 });
    let dirtyFiles = 0;
    for (const center of registry) {
      const verdict = await validate(toCsv(center.rows, center.rawCells), center.centerId);
      if (center.dirtied.length === 0) {
        expect(verdict.accepted).toBe(true);
        continue;
      }
      dirtyFiles++;
      expect(verdict.status).toBe('red');
      for (const dirty of center.dirtied) {
        const line = dirty.rowIndex + 2; // the header is row 1
        const listed = verdict.problems.some(
          (p) =>
            p.severity === 'error' &&
            p.row === line &&
            (p.column === undefined || dirty.columns.includes(p.column as never)),
        );
        expect({ center: center.centerId, line, kind: dirty.kind, listed }).toEqual({
          center: center.centerId,
          line,
          kind: dirty.kind,
          listed: true,
        });
      }
    }
    expect(dirtyFiles).toBeGreaterThan(10);
  }, 300_000);
});
