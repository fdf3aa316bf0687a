/**
 * `npm start`: the registry's offline path, until the embedded local stack runs end to end. It generates the
 * synthetic registry (once; kept in .local/exports/), plus a dirty copy of a few centers' exports, validates
 * every export as a center's data manager would with `ecls validate`, writes each verdict (JSON, HTML, CSV)
 * under .local/verdicts/, and prints a summary.
 */
import { createReadStream, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import cliProgress from 'cli-progress';
import { runGenerate } from './commands/generate.js';
import {
  renderVerdictCsv,
  renderVerdictHtml,
  validateUpload,
  type Verdict,
  type VerdictStatus,
} from '../shared/validation/index.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const localDir = join(root, '.local');
const cleanDir = join(localDir, 'exports');
const dirtyDir = join(localDir, 'exports-dirty');
const verdictDir = join(localDir, 'verdicts');
/** Centers whose dirty export is validated too, to show a rejected file next to its clean one. */
const DIRTY_CENTERS = ['C001.csv', 'C002.csv', 'C003.csv'];

function generateOnce(dir: string, dirty: number): void {
  if (existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.csv'))) {
    console.log(`using the synthetic exports in ${dir} (delete it to regenerate)`);
    return;
  }
  console.log(
    `generating the synthetic registry${dirty > 0 ? ` with ${dirty * 100}% dirty rows` : ''} into ${dir} …`,
  );
  runGenerate({ out: dir, seed: 20240101, scale: 1, dirty }, process.stderr);
}

async function main(): Promise<void> {
  generateOnce(cleanDir, 0);
  generateOnce(dirtyDir, 0.01);
  const files = [
    ...readdirSync(cleanDir)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => ({ path: join(cleanDir, f), label: f.replace('.csv', '') })),
    ...DIRTY_CENTERS.map((f) => ({ path: join(dirtyDir, f), label: `${f.replace('.csv', '')}-dirty` })),
  ];

  const bar = new cliProgress.SingleBar(
    { format: 'validating {bar} {value}/{total} files | {file}', hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(files.length, 0, { file: '' });
  const counts: Record<VerdictStatus, number> = { green: 0, yellow: 0, red: 0 };
  const red: { label: string; verdict: Verdict }[] = [];
  for (const file of files) {
    const centerId = file.label.split('-')[0]!;
    const verdict = await validateUpload(createReadStream(file.path), { centerId });
    counts[verdict.status]++;
    if (verdict.status === 'red') red.push({ label: file.label, verdict });
    const out = join(verdictDir, file.label);
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'verdict.json'), `${JSON.stringify(verdict, null, 2)}\n`);
    writeFileSync(join(out, 'verdict.html'), renderVerdictHtml(verdict));
    writeFileSync(join(out, 'problems.csv'), renderVerdictCsv(verdict));
    bar.increment({ file: file.label });
  }
  bar.stop();

  console.log(
    `\n${files.length} exports validated: ${counts.green} green, ${counts.yellow} yellow, ${counts.red} red`,
  );
  for (const { label, verdict } of red) {
    const first = verdict.problems.find((p) => p.severity === 'error');
    console.log(
      `  ${label}: red, ${verdict.summary.errors} error${verdict.summary.errors === 1 ? '' : 's'}${first ? `, e.g. row ${first.row ?? '-'} ${first.column ?? ''}: ${first.message}` : ''}`,
    );
  }
  console.log(
    `verdicts (JSON, HTML, CSV) are in ${verdictDir}; open ${join(verdictDir, 'C001-dirty', 'verdict.html')}`,
  );
}

await main();
