/**
 * The report Lambda's model pool from a bundle: bundled as NodejsFunction bundles the functions (esbuild, one ESM
 * file, the stack's banner), the pool's workers start from the bundle itself (no TypeScript loader, no other
 * file), and a fit on them equals the inline fit.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { inlineModels } from '../../shared/report/analyses/model-runner.js';

const entry = fileURLToPath(new URL('./fixtures/bundled-model-pool-entry.ts', import.meta.url));
let dir: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bundled-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('starts the workers from the bundle and fits as inline', async () => {
  const outfile = join(dir, 'index.mjs');
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'silent',
  });
  expect(readdirSync(dir)).toEqual(['index.mjs']);
  const out = JSON.parse(
    execFileSync(process.execPath, [outfile], { encoding: 'utf8', timeout: 60_000 }),
  ) as {
    fit: unknown;
    pooled: boolean;
  };
  expect(out.pooled).toBe(true);
  const x = Float64Array.from({ length: 60 }, (_, i) => i / 10);
  const y = Float64Array.from(x, (v, i) => ((v * 7 + i) % 3 < 1.4 ? 1 : 0));
  const expected = await inlineModels.fitLogistic({ X: { columns: [x] }, y, names: ['x'], protect: [] });
  expect(expected.ok).toBe(true);
  expect(out.fit).toEqual(JSON.parse(JSON.stringify(expected)));
}, 120_000);
