/**
 * Writes a large upload's CSV and, in the same pass over its runs, what the registry must hold once it is the
 * center's current data: the sha256 of the canonical run lines in run-id order, and the per-quarter aggregates
 * recomputed from scratch (QuarterAggregator fed in run-id order, as recomputeAggregates does). The file is
 * streamed to disk row by row, so generating the largest accepted upload holds one row at a time. Runs in a
 * child process with tsx because the seeded generator is about ten times slower inside jest's module sandbox.
 *
 * Usage: `node --import tsx large-upload-data.ts FILE ROWS CENTER SEED ID_PREFIX`; prints one JSON line. Run ids
 * are ID_PREFIX followed by the row number, zero-padded to 40 characters (the dictionary's longest run id, which
 * makes each run's line and key in memory as long as they can be), so generation order is run-id order.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { encodeRun, QuarterAggregator } from '../../../../shared/ingest/index.js';
import { createRandom } from '../../../../shared/random/seeded-random.js';
import { csvHeader, runToCsvLine, syntheticRun } from '../../../shared/ingest/support/synthetic-runs.js';

/** The longest run id the dictionary accepts. */
const RUN_ID_LENGTH = 40;

const [file, rowsArg, centerId, seedArg, prefix] = process.argv.slice(2);
if (!file || !rowsArg || !centerId || !seedArg || !prefix) {
  throw new Error('usage: large-upload-data.ts FILE ROWS CENTER SEED ID_PREFIX');
}
const rows = Number(rowsArg);
const random = createRandom(Number(seedArg));
const out = createWriteStream(file);
const lines = createHash('sha256');
const aggregator = new QuarterAggregator(centerId);
out.write(`${csvHeader}\n`);
let written = csvHeader.length + 1;
for (let runs = 1; runs <= rows; runs++) {
  const run = syntheticRun(
    random,
    centerId,
    `${prefix}${String(runs).padStart(RUN_ID_LENGTH - prefix.length, '0')}`,
  );
  const line = `${runToCsvLine(run)}\n`;
  written += Buffer.byteLength(line);
  if (!out.write(line)) await once(out, 'drain');
  lines.update(`${encodeRun(run)}\n`);
  aggregator.add(run);
}
out.end();
await once(out, 'finish');
process.stdout.write(
  `${JSON.stringify({ runs: rows, bytes: written, linesSha256: lines.digest('hex'), aggregates: aggregator.result() })}\n`,
);
