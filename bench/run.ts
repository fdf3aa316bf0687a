/**
 * `npm run bench`: runs every `bench/*.bench.ts` in its own child process (so each one's peak RSS is its own),
 * one after another, and lists the result files they wrote to bench/results/. Pass names to run only some:
 * `npm run bench -- validation stats`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const benchDir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const benches = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')))
  .sort();

if (benches.length === 0) {
  console.error(
    `No benchmark matched ${only.join(', ') || '(none found)'}; available: ${readdirSync(benchDir).join(', ')}`,
  );
  process.exit(2);
}

let failed = 0;
for (const [i, file] of benches.entries()) {
  console.log(`[${i + 1}/${benches.length}] ${file}`);
  const started = Date.now();
  const result = spawnSync(process.execPath, ['--import', 'tsx', `${benchDir}${file}`], { stdio: 'inherit' });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status !== 0) {
    failed++;
    console.error(`  ${file} failed (exit ${result.status ?? result.signal}) after ${seconds} s`);
  } else {
    console.log(`  done in ${seconds} s`);
  }
}
console.log(`results: ${readdirSync(`${benchDir}results`).join(', ') || '(none)'}`);
process.exit(failed === 0 ? 0 : 1);
