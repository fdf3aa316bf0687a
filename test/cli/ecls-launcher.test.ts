/**
 * cli/ecls.mjs runs the compiled CLI only while it is up to date, and otherwise the sources through tsx with a
 * one-line note. Exercised on a scratch copy of the launcher, with a stand-in "compiled" main.mjs and source
 * main.ts that each print which one ran.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
let scratch: string;

/** Writes the stand-in bundle and its inputs.json, built "now"; the source is dated an hour earlier. */
async function build(): Promise<void> {
  await mkdir(join(scratch, 'dist/cli'), { recursive: true });
  await writeFile(join(scratch, 'dist/cli/main.mjs'), "process.stdout.write('compiled\\n');\n");
  await writeFile(
    join(scratch, 'dist/cli/inputs.json'),
    JSON.stringify({ builtAt: Date.now(), inputs: ['cli/main.ts'] }),
  );
  const hourAgo = new Date(Date.now() - 3_600_000);
  await utimes(join(scratch, 'cli/main.ts'), hourAgo, hourAgo);
}

function run(env: NodeJS.ProcessEnv = {}): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [join(scratch, 'cli/ecls.mjs')], {
    encoding: 'utf8',
    env: { ...process.env, ECLS_FROM_SOURCE: '', ...env },
  });
  return { stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'ecls-launcher-'));
  await mkdir(join(scratch, 'cli'));
  await writeFile(join(scratch, 'package.json'), '{ "type": "module" }\n');
  await copyFile(join(root, 'cli/ecls.mjs'), join(scratch, 'cli/ecls.mjs'));
  await writeFile(join(scratch, 'cli/main.ts'), "const from: string = 'sources';\nconsole.log(from);\n");
  await symlink(join(root, 'node_modules'), join(scratch, 'node_modules'));
});
afterAll(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true });
});

it('runs the compiled CLI, silently, while no source is newer than it', async () => {
  await build();
  expect(run()).toEqual({ stdout: 'compiled\n', stderr: '' });
});

it('runs the sources with a note when a source changed after the build', async () => {
  await build();
  const later = new Date(Date.now() + 60_000);
  await utimes(join(scratch, 'cli/main.ts'), later, later);
  const result = run();
  expect(result.stdout).toBe('sources\n');
  expect(result.stderr).toBe(
    'ecls: running from the TypeScript sources (slower) because cli/main.ts changed after dist/cli/ was built; ' +
      '"npm run build:cli" compiles it.\n',
  );
});

it('runs the sources with a note when there is no compiled CLI, and silently when asked to', async () => {
  await build();
  expect(run({ ECLS_FROM_SOURCE: '1' })).toEqual({ stdout: 'sources\n', stderr: '' });
  await rm(join(scratch, 'dist'), { recursive: true });
  const result = run();
  expect(result.stdout).toBe('sources\n');
  expect(result.stderr).toMatch(
    /^ecls: running from the TypeScript sources \(slower\) because dist\/cli\/ has no compiled CLI/,
  );
});
