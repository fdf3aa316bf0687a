// The guard at the publishing boundary: report.json publishes only what the model declares, in its fixed order.
import { ZodError } from 'zod';
import { toPublishedJson, type RegistryReport } from '../../../shared/report/index.js';
import { renderReportSite, reportJson } from '../../../shared/report/render/index.js';

const cell = (value: number) => ({ value });

/** A small, valid model: one of each kind of section, the rest empty. */
function model(): RegistryReport {
  return {
    schemaVersion: 1,
    provenance: {
      quarter: '2023-Q3',
      cutoff: '2023-09-30T23:59:59.999Z',
      status: 'provisional',
      generatedAt: '2023-10-01T00:00:00.000Z',
      softwareVersion: 'test',
      specId: 'spec',
      specDigest: 'a'.repeat(64),
      seed: 1,
      uploads: [],
    },
    suppressionThreshold: 11,
    groups: { comparator: { label: 'No IABP', n: cell(40) }, exposure: { label: 'IABP', n: cell(30) } },
    flowchart: [{ id: 'all', label: 'All runs', excluded: cell(0), remaining: cell(70) }],
    tableOne: [],
    tableTwo: { outcomes: [], durations: [] },
    adjustedOddsRatios: [],
    matching: {
      estimable: true,
      pairs: cell(25),
      unmatchedExposed: cell(5),
      balance: [{ id: 'age', label: 'Age', smdBefore: 0.3, smdAfter: 0.02 }],
      tableThree: { outcomes: [], durations: [] },
    },
    survival: {
      horizonDays: 30,
      liveDischarge: 'alive-at-horizon',
      beforeMatching: { estimable: false, reason: 'too few runs' },
      afterMatching: { estimable: false, reason: 'too few runs' },
    },
    subgroups: [],
    centerBenchmark: { estimable: false, reason: 'one center' },
    quarterlyTrends: [],
    complicationRates: [],
    dataQuality: [],
    keyFindings: ['No previous quarter’s report is available to compare with.'],
    methods: [{ id: 'software', heading: 'Software', text: 'Computed by version test.' }],
  };
}

describe('toPublishedJson', () => {
  it('keeps the model and writes each object in the published key order', () => {
    const published = toPublishedJson(model());
    expect(published).toEqual(model());
    const balance = published.matching.estimable ? published.matching.balance[0]! : undefined;
    expect(Object.keys(balance!)).toEqual(['id', 'smdBefore', 'smdAfter', 'label']);
  });

  it('rejects a field the model does not declare, such as a run id in a published row', () => {
    const leaky = model();
    if (!leaky.matching.estimable) throw new Error('the fixture is matched');
    Object.assign(leaky.matching.balance[0]!, { runId: 'SECRETRUN00001' });
    expect(() => toPublishedJson(leaky)).toThrow(ZodError);
  });

  it('rejects a published count that is not a whole non-negative number', () => {
    const small = model();
    small.groups.exposure.n = { value: -1 };
    expect(() => toPublishedJson(small)).toThrow(ZodError);
  });

  it('rejects a count marked hidden that still carries its value, and publishes a hidden one as null', () => {
    const leaky = model();
    leaky.groups.exposure.n = { value: 3, suppressed: true };
    expect(() => toPublishedJson(leaky)).toThrow(ZodError);
    const hidden = model();
    hidden.groups.exposure.n = { value: null, suppressed: true };
    expect(toPublishedJson(hidden).groups.exposure.n).toEqual({ value: null, suppressed: true });
  });

  it('publishes what JSON keeps: a non-finite value where null is allowed reads null', () => {
    const withNaN = model();
    withNaN.flowchart = [];
    withNaN.quarterlyTrends = [
      {
        quarter: '2023-Q3',
        volume: cell(70),
        outcomes: [{ id: 'death', events: cell(20), ratePercent: NaN }],
      },
    ];
    expect(toPublishedJson(withNaN).quarterlyTrends[0]!.outcomes[0]!.ratePercent).toBeNull();
  });

  it('guards every way report.json is written: no site and no report.json from a rejected model', async () => {
    const leaky = model();
    Object.assign(leaky.groups.exposure, { runIds: ['SECRETRUN00001'] });
    expect(() => reportJson(leaky)).toThrow(ZodError);
    await expect(renderReportSite(leaky)).rejects.toThrow(ZodError);
    await expect(renderReportSite(leaky, { centerId: 'C001' })).rejects.toThrow(ZodError);
  });
});
