/**
 * Runs one of the benches' R scripts (the R side of a comparison), or says why it could not: CI has no R, so a
 * missing `Rscript` is a note in the results, not a failure.
 */
import { spawnSync } from 'node:child_process';
import { load } from './machine.js';

/** The script's stdout and the load average just before it ran, or why it did not run. */
export type RscriptRun = { ok: true; stdout: string; loadBefore: number[] } | { ok: false; note: string };

/** `Rscript script args…`, with stdout up to `maxBufferMB`; the last 3,000 characters of stderr on failure. */
export function runRscript(script: string, args: readonly string[], maxBufferMB: number): RscriptRun {
  const probe = spawnSync('Rscript', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    return { ok: false, note: 'Rscript is not on the PATH (as in CI): the R side was skipped.' };
  }
  const loadBefore = load();
  const r = spawnSync('Rscript', [script, ...args], {
    encoding: 'utf8',
    maxBuffer: maxBufferMB * 1024 * 1024,
  });
  if (r.status !== 0) {
    return { ok: false, note: `Rscript failed (exit ${r.status}): ${r.stderr.slice(-3000)}` };
  }
  return { ok: true, stdout: r.stdout, loadBefore };
}
