import {
  closeQuarterAgeLine,
  reportAgeLine,
  reportAgeMetric,
  reportBatchAgeLine,
} from '../../../shared/observability/index.js';

interface EmfLine {
  _aws: {
    Timestamp: number;
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [field: string]: unknown;
}

const parse = (line: string): EmfLine => {
  expect(line.endsWith('\n')).toBe(true);
  expect(line.trimEnd()).not.toContain('\n');
  return JSON.parse(line) as EmfLine;
};

describe('reportAgeLine', () => {
  it('is a valid EMF document: every declared dimension and metric is a top-level member', () => {
    const line = parse(
      reportAgeLine(125.4, { function: 'report', quarter: '2023-Q3', timestamp: 1700000000000 }),
    );
    expect(line._aws).toEqual({
      Timestamp: 1700000000000,
      CloudWatchMetrics: [
        {
          Namespace: 'EclsRegistry',
          Dimensions: [['service']],
          Metrics: [{ Name: 'ReportAgeSeconds', Unit: 'Seconds' }],
        },
      ],
    });
    expect(line).toMatchObject({
      service: 'ecls-registry',
      function: 'report',
      quarter: '2023-Q3',
      ReportAgeSeconds: 125,
    });
    for (const dimension of line._aws.CloudWatchMetrics[0]!.Dimensions.flat())
      expect(line[dimension]).toBeDefined();
  });

  it('writes 0 for a negative or non-finite age rather than a misleading value', () => {
    for (const age of [-5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(parse(reportAgeLine(age, { function: 'report', timestamp: 0 }))[reportAgeMetric.name]).toBe(0);
    }
  });
});

describe('reportBatchAgeLine', () => {
  const batch = (...sent: string[]) => ({
    Records: sent.map((SentTimestamp) => ({ attributes: { SentTimestamp } })),
  });

  it('is the age of the oldest message in the batch, in seconds', () => {
    const now = Date.UTC(2023, 9, 2, 12);
    const line = parse(reportBatchAgeLine(batch(String(now - 90_000), String(now - 3_600_000), 'x'), now));
    expect(line).toMatchObject({ function: 'report', ReportAgeSeconds: 3600 });
    expect(line._aws.Timestamp).toBe(now);
  });

  it('writes nothing for an empty batch or one without send times', () => {
    expect(reportBatchAgeLine(batch(), 0)).toBe('');
    expect(reportBatchAgeLine(batch('not a time'), 0)).toBe('');
  });
});

describe('closeQuarterAgeLine', () => {
  it('is how late the final report is against quarter close + grace days when it finalises', () => {
    const due = Date.UTC(2023, 9, 1) + 30 * 86_400_000; // 2023-Q3 closes on 1 October
    const line = parse(
      closeQuarterAgeLine({ graceDays: 30 }, { outcome: 'finalised', quarter: '2023-Q3' }, due + 7_200_000),
    );
    expect(line).toMatchObject({ function: 'close-quarter', quarter: '2023-Q3', ReportAgeSeconds: 7200 });
  });

  it('uses the default grace period when the input has none', () => {
    const due = Date.UTC(2023, 9, 1) + 30 * 86_400_000;
    const line = parse(closeQuarterAgeLine({}, { outcome: 'finalised', quarter: '2023-Q3' }, due + 1000));
    expect(line[reportAgeMetric.name]).toBe(1);
  });

  it('is 0 when nothing was due or the quarter was final already (a daily data point)', () => {
    expect(
      parse(closeQuarterAgeLine({ graceDays: 30 }, { outcome: 'nothing-due' }, 5))[reportAgeMetric.name],
    ).toBe(0);
    const final = parse(
      closeQuarterAgeLine({}, { outcome: 'already-final', quarter: '2023-Q2' }, Date.UTC(2024, 0, 1)),
    );
    expect(final).toMatchObject({ quarter: '2023-Q2', ReportAgeSeconds: 0 });
  });
});
