#!/usr/bin/env node
// The `ecls` command. It runs the compiled CLI (dist/cli/main.mjs, built by `npm ci` / `npm run build:cli`) when
// that bundle is up to date, and otherwise the TypeScript sources through tsx, with a one-line note saying why.
// Up to date means: every source file the bundle was built from (dist/cli/inputs.json) still exists and is no
// newer than the build, so an edited, checked-out or pulled source never runs as stale compiled code.
// ECLS_FROM_SOURCE=1 always runs the sources (as `npm run ecls:dev` does).
import { readFileSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const bundle = new URL('dist/cli/main.mjs', root);

/** Why the bundle cannot run (a short phrase), or undefined when it is up to date. */
function staleReason() {
  let manifest;
  try {
    statSync(bundle);
    manifest = JSON.parse(readFileSync(new URL('dist/cli/inputs.json', root), 'utf8'));
  } catch {
    return 'dist/cli/ has no compiled CLI';
  }
  for (const input of manifest.inputs) {
    let modified;
    try {
      modified = statSync(new URL(input, root)).mtimeMs;
    } catch {
      return `${input} is gone since dist/cli/ was built`;
    }
    if (modified > manifest.builtAt) return `${input} changed after dist/cli/ was built`;
  }
  return undefined;
}

const reason = process.env.ECLS_FROM_SOURCE === '1' ? undefined : staleReason();
if (process.env.ECLS_FROM_SOURCE !== '1' && reason === undefined) {
  await import(bundle.href);
} else {
  if (reason !== undefined) {
    process.stderr.write(
      `ecls: running from the TypeScript sources (slower) because ${reason}; "npm run build:cli" compiles it.\n`,
    );
  }
  // The import is dynamic so that it runs after register() (static imports would be hoisted above it).
  const { register } = await import('tsx/esm/api');
  register();
  await import('./main.ts');
}
