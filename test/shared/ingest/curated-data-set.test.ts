import {
  curatedVersionKey,
  encodeRun,
  readCuratedRuns,
  readCuratedRunSet,
  serializeCuratedDataSet,
  CuratedDataSetFormatError,
} from '../../../shared/ingest/index.js';
import { syntheticRuns } from './support/synthetic-runs.js';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let text = '';
  for await (const chunk of chunks) text += chunk;
  return text;
}

/** Splits text into byte chunks of an awkward size, so lines and UTF-8 characters straddle chunk boundaries. */
async function* bytes(text: string, size = 333): AsyncGenerator<Uint8Array> {
  const buffer = Buffer.from(text);
  for (let i = 0; i < buffer.length; i += size) yield buffer.subarray(i, i + size);
}

describe('curated data set', () => {
  const rows = syntheticRuns('C001', 120, 5);
  const runs = new Map(rows.map((r) => [r.run_id!, encodeRun(r)]));

  it('keys versions immutably, in version order', () => {
    expect(curatedVersionKey('C001', 3, 'abc')).toBe('curated/C001/v00000003-abc.ndjson');
    expect(curatedVersionKey('C001', 10, 'a') > curatedVersionKey('C001', 9, 'b')).toBe(true);
  });

  it('writes in chunks and reads back the same run set', async () => {
    const text = await collect(
      serializeCuratedDataSet({ centerId: 'C001', version: 2, uploadId: 'u1' }, runs, 4096),
    );
    const { header, runs: read } = await readCuratedRunSet(bytes(text));
    expect(header).toMatchObject({ centerId: 'C001', version: 2, uploadId: 'u1', runs: 120 });
    expect(read).toEqual(runs);
  });

  it('streams typed rows in run-id order', async () => {
    const text = await collect(
      serializeCuratedDataSet({ centerId: 'C001', version: 1, uploadId: 'u' }, runs),
    );
    const ids: string[] = [];
    for await (const row of readCuratedRuns(bytes(text))) ids.push(row.run_id!);
    expect(ids).toEqual([...runs.keys()].sort());
  });

  it('rejects a truncated object and a foreign one', async () => {
    const text = await collect(
      serializeCuratedDataSet({ centerId: 'C001', version: 1, uploadId: 'u' }, runs),
    );
    const truncated = text.split('\n').slice(0, 50).join('\n');
    await expect(readCuratedRunSet(bytes(truncated))).rejects.toThrow(/says 120 runs but holds 49/);
    await expect(readCuratedRunSet(bytes('{"hello":1}\n'))).rejects.toThrow(CuratedDataSetFormatError);
  });
});
