/**
 * Writes the large upload's CSV and, in the same pass over its runs, what the registry must hold once it is
 * accepted: the sha256 of the center's canonical run lines in run-id order, and the per-quarter aggregates
 * recomputed from scratch (QuarterAggregator fed in run-id order, as recomputeAggregates does). Runs in a child
 * process with tsx because the seeded generator is about ten times slower inside jest's module sandbox.
 *
 * Usage: `node --import tsx large-upload-data.ts FILE BYTES CENTER SEED`; prints one JSON line.
 */
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { encodeRun, QuarterAggregator } from '../../../../shared/ingest/index.js';
import { createRandom } from '../../../../shared/random/seeded-random.js';
import { csvHeader, runToCsvLine, syntheticRun } from '../../../shared/ingest/support/synthetic-runs.js';

const [file, bytesArg, centerId, seedArg] = process.argv.slice(2);
if (!file || !bytesArg || !centerId || !seedArg) {
  throw new Error('usage: large-upload-data.ts FILE BYTES CENTER SEED');
}
const target = Number(bytesArg);
const random = createRandom(Number(seedArg));
const out = createWriteStream(file);
const lines = createHash('sha256');
const aggregator = new QuarterAggregator(centerId);
out.write(`${csvHeader}\n`);
let written = csvHeader.length + 1;
let runs = 0;
while (written < target) {
  runs += 1;
  // Zero-padded ids: generation order is run-id order.
  const run = syntheticRun(random, centerId, `L${String(runs).padStart(7, '0')}`);
  const line = `${runToCsvLine(run)}\n`;
  written += Buffer.byteLength(line);
  if (!out.write(line)) await once(out, 'drain');
  lines.update(`${encodeRun(run)}\n`);
  aggregator.add(run);
}
out.end();
await once(out, 'finish');
process.stdout.write(
  `${JSON.stringify({ runs, bytes: written, linesSha256: lines.digest('hex'), aggregates: aggregator.result() })}\n`,
);
