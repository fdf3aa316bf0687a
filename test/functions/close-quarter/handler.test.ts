/**
 * The close-quarter handler emits the ReportAgeSeconds EMF line the "report older than expected" alarm watches:
 * on a day when no quarter is due it writes 0, without reading any bucket.
 */
import { jest } from '@jest/globals';
import { reportAgeMetric } from '../../../shared/observability/index.js';

afterEach(() => {
  jest.useRealTimers();
});

it('writes a ReportAgeSeconds of 0 when no quarter is due', async () => {
  process.env.TABLE_NAME = 'table';
  process.env.DATA_BUCKET = 'data';
  process.env.REPORTS_BUCKET = 'reports';
  const { handler } = await import('../../../functions/close-quarter/handler.js');
  // 15 October 2023: 2023-Q3 closed on 1 October and is due for its final report on 31 October (30 days' grace).
  jest.useFakeTimers({ now: Date.UTC(2023, 9, 15), advanceTimers: true });
  const lines: string[] = [];
  const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    const result = await handler({ action: 'close-quarter-if-due', graceDays: 30 }, {} as never);
    expect(result).toEqual({ outcome: 'nothing-due', graceDays: 30 });
  } finally {
    write.mockRestore();
  }
  const metrics = lines
    .filter((l) => l.includes('"_aws"'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(metrics).toEqual([
    expect.objectContaining({
      function: 'close-quarter',
      [reportAgeMetric.name]: 0,
      service: 'ecls-registry',
    }),
  ]);
  const timestamp = (metrics[0]!._aws as { Timestamp: number }).Timestamp;
  expect(timestamp - Date.UTC(2023, 9, 15)).toBeGreaterThanOrEqual(0);
  expect(timestamp - Date.UTC(2023, 9, 15)).toBeLessThan(60_000);
});
