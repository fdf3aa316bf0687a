// Every published table read back as data: each CSV file parsed (byte-order mark stripped), its number columns
// numbers or empty, every column described in its sidecar dictionary, the numbers equal to the model's, and
// report.json valid against the published report.schema.json.
import Ajv from 'ajv';
import type { RegistryRun } from '../../../../shared/cohort/index.js';
import { buildReport, defaultReportSpec, type RegistryReport } from '../../../../shared/report/index.js';
import {
  CSV_BOM,
  DICTIONARY_HEADER,
  parseCsv,
  renderReportSite,
  reportSiteRenderer,
  type SiteFile,
} from '../../../../shared/report/render/index.js';
import { generateRegistry } from '../../../../shared/synthetic/index.js';

const SLOW = 180_000;
const CENTERS = ['C001', 'C002', 'C003', 'C004', 'C005', 'C006', 'C007', 'C008'];
const NUMBER = /^-?\d+(\.\d+)?(e[+-]?\d+)?$/i;

let report: RegistryReport;
let sites: { name: string; files: SiteFile[] }[];

const file = (files: SiteFile[], path: string): string => {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path}`);
  return f.body;
};

/** A published table as records keyed by column name, with its dictionary's rows. */
function readTable(files: SiteFile[], id: string) {
  const [header, ...rows] = parseCsv(file(files, `tables/${id}.csv`));
  const [dictionaryHeader, ...dictionary] = parseCsv(file(files, `tables/${id}.dictionary.csv`));
  return {
    header: header!,
    rows,
    records: rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!]))),
    dictionaryHeader: dictionaryHeader!,
    dictionary: dictionary.map(([column, meaning, unit, type]) => ({ column, meaning, unit, type })),
  };
}

const tableIds = (files: SiteFile[]): string[] =>
  files
    .map((f) => /^tables\/(.+)(?<!\.dictionary)\.csv$/.exec(f.path)?.[1])
    .filter((id): id is string => id !== undefined);

beforeAll(async () => {
  const runs: RegistryRun[] = generateRegistry({ centerIds: CENTERS }).flatMap((c) => c.rows);
  ({ report } = await buildReport(runs, {
    spec: defaultReportSpec,
    quarter: '2023-Q3',
    cutoff: '2023-09-30T23:59:59.000Z',
    uploads: CENTERS.map((centerId) => ({
      uploadId: `upload-${centerId}`,
      centerId,
      receivedAt: '2023-09-05T10:00:00.000Z',
      verdict: 'green' as const,
    })),
    generatedAt: '2023-10-01T00:00:00.000Z',
    softwareVersion: '0.1.0-test',
    status: 'provisional',
  }));
  const renderer = reportSiteRenderer(report);
  sites = [
    { name: 'registry', files: await renderer.render() },
    { name: 'center C003', files: await renderer.render({ centerId: 'C003' }) },
  ];
}, SLOW);

describe('published CSV tables read back as data', () => {
  it('publishes every table with a dictionary, both UTF-8 with a byte-order mark', () => {
    for (const { files } of sites) {
      const ids = tableIds(files);
      expect(ids.length).toBeGreaterThanOrEqual(13);
      for (const id of ids) {
        expect(file(files, `tables/${id}.csv`).startsWith(CSV_BOM)).toBe(true);
        expect(file(files, `tables/${id}.dictionary.csv`).startsWith(CSV_BOM)).toBe(true);
      }
    }
  });

  it('describes every column of every CSV in its dictionary, in file order, with a meaning, unit and type', () => {
    for (const { files } of sites) {
      for (const id of tableIds(files)) {
        const t = readTable(files, id);
        expect(t.dictionaryHeader).toEqual([...DICTIONARY_HEADER]);
        expect(t.dictionary.map((d) => d.column)).toEqual(t.header);
        expect(new Set(t.header).size).toBe(t.header.length);
        for (const d of t.dictionary) {
          expect(d.meaning).not.toBe('');
          expect(d.unit).not.toBe('');
          expect(['number', 'flag', 'text']).toContain(d.type);
        }
        for (const row of t.rows) expect(row).toHaveLength(t.header.length);
      }
    }
  });

  it('parses every number column as numbers (or empty), every flag as true/false, and empties a hidden count', () => {
    let numbers = 0;
    let hidden = 0;
    for (const { files } of sites) {
      for (const id of tableIds(files)) {
        const t = readTable(files, id);
        for (const d of t.dictionary) {
          for (const r of t.records) {
            const cell = r[d.column!]!;
            if (d.type === 'number' && cell !== '') {
              expect(`${id}.${d.column}=${cell}`).toMatch(/=-?\d+(\.\d+)?(e[+-]?\d+)?$/i);
              expect(Number.isFinite(Number(cell))).toBe(true);
              numbers += 1;
            }
            if (d.type === 'flag') expect(['', 'true', 'false']).toContain(cell);
            if (d.type === 'flag' && cell === 'true') {
              const count = d.column!.replace(/suppressed$/, 'n');
              expect(`${id}.${count}=${r[count]}`).toBe(`${id}.${count}=`);
              hidden += 1;
            }
          }
        }
      }
    }
    expect(numbers).toBeGreaterThan(500);
    // The synthetic registry has small cells (e.g. a rare complication in a group), so suppression is exercised.
    expect(hidden).toBeGreaterThan(0);
  });

  it('takes the numbers from the model: odds ratios with their limits and p, counts and percentages', () => {
    const [registry] = sites;
    const aor = readTable(registry!.files, 'adjusted-odds-ratios').records;
    for (const [i, a] of report.adjustedOddsRatios.entries()) {
      const r = aor[i]!;
      expect(r.outcome_id).toBe(a.id);
      if (!a.main.estimable) continue;
      expect(Number(r.main_estimate)).toBe(a.main.oddsRatio);
      expect(Number(r.main_lower)).toBe(a.main.ciLower);
      expect(Number(r.main_upper)).toBe(a.main.ciUpper);
      expect(Number(r.main_p)).toBe(a.main.pValue);
      // The display text stays beside the numbers.
      expect(r['aOR, main model (95% CI)']).toContain(a.main.oddsRatio.toFixed(2));
    }
    const t2 = readTable(registry!.files, 'table-2').records;
    const mortality = report.tableTwo.outcomes[0]!;
    expect(t2[0]!.row_id).toBe(mortality.id);
    expect(t2[0]!.exposure_n).toBe(String(mortality.exposure.count.value ?? ''));
    expect(Number(t2[0]!.exposure_percent)).toBe(mortality.exposure.percent);
    const trends = readTable(registry!.files, 'quarterly-trends').records;
    expect(trends.map((r) => r.quarter)).toEqual(report.quarterlyTrends.map((q) => q.quarter));
  });

  it('writes a negative number as a number, while text that starts like a formula is still neutralised', async () => {
    const [registry] = sites;
    // No plain number anywhere, data or display text (an SMD of "-0.02"), is turned into text by an apostrophe.
    for (const { files } of sites) {
      for (const id of tableIds(files)) {
        for (const row of readTable(files, id).rows) {
          for (const cell of row) expect(cell).not.toMatch(/^'-?\d+(\.\d+)?$/);
        }
      }
    }
    const smd = readTable(registry!.files, 'table-1').records.map((r) => r.SMD!);
    expect(smd.some((cell) => cell.startsWith('-'))).toBe(true);
    const balance = readTable(registry!.files, 'matching-balance').records;
    const negative = balance.find((r) => Number(r.smd_before) < 0);
    expect(negative).toBeDefined();
    expect(negative!.smd_before).toMatch(NUMBER);
    const hostile: RegistryReport = {
      ...report,
      flowchart: report.flowchart.map((s, i) =>
        i === 1 ? { ...s, id: '-cmd', excluded: { value: null, suppressed: true as const } } : s,
      ),
    };
    const files = await renderReportSite(hostile);
    const step = readTable(files, 'flowchart').records[1]!;
    expect(step.step_id).toBe("'-cmd");
    expect(step.Excluded).toBe('hidden');
    expect(step.excluded_n).toBe('');
    expect(step.excluded_suppressed).toBe('true');
  });
});

describe('report.schema.json', () => {
  it('is published beside report.json, and every published report.json is valid against it', () => {
    const ajv = new Ajv({ allErrors: true });
    for (const { files } of sites) {
      const validate = ajv.compile(JSON.parse(file(files, 'report.schema.json')) as object);
      const valid = validate(JSON.parse(file(files, 'report.json')));
      expect(validate.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('rejects a report.json with a count that is not a count, or an extra field', () => {
    const [registry] = sites;
    const validate = new Ajv().compile(JSON.parse(file(registry!.files, 'report.schema.json')) as object);
    const published = JSON.parse(file(registry!.files, 'report.json')) as RegistryReport;
    const negative = {
      ...published,
      flowchart: published.flowchart.map((s) => ({ ...s, excluded: { value: -1 } })),
    };
    expect(validate(negative)).toBe(false);
    const text = { ...published, suppressionThreshold: '11' };
    expect(validate(text)).toBe(false);
    expect(validate(published)).toBe(true);
    expect(validate({ ...published, runIds: ['R1'] })).toBe(false);
  });
});

describe('a table with an analysis that could not be estimated', () => {
  it(
    'publishes the competing-risks rows of a cohort that is not estimable, one cell per column',
    async () => {
      const partial = structuredClone(report);
      const competing = partial.survival.competingRisks!;
      partial.survival.competingRisks = {
        ...competing,
        afterMatching: { estimable: false, reason: 'too few runs' },
      };
      const files = await reportSiteRenderer(partial).render();
      const table = readTable(files, 'competing-risks');
      const after = table.records.filter((r) => r['cohort'] === 'after_matching');
      expect(after).toHaveLength(1);
      expect(Object.values(after[0]!)).toHaveLength(table.header.length);
      expect(after[0]![table.header[0]!]).toMatch(/^After matching: .+/);
      expect(after[0]!['group']).toBe('');
      expect(after[0]!['death_day_30']).toBe('');
    },
    SLOW,
  );
});
