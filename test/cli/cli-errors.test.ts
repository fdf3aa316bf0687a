/**
 * What `ecls` says when the person at the keyboard got something wrong: one line on stderr with what, where and
 * how to fix it, exit code 2, nothing on stdout, no stack trace and no AWS SDK notice. Every case fails before the
 * command contacts a stack, so the endpoints given point at a port where nothing listens: a command that did
 * try to upload would exit 3 (no verdict) instead. Each case runs `node cli/ecls.mjs` as a child process.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const green = join(root, 'test/fixtures/validation/green.csv');
const nowhere = ['--s3-endpoint', 'http://127.0.0.1:9', '--dynamodb-endpoint', 'http://127.0.0.1:9'];
/** The note cli/ecls.mjs prints when it runs the sources because the compiled CLI is missing or stale. */
const sourceNote = /^ecls: running from the TypeScript sources/;
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ecls-errors-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  stdout: string;
  /** stderr's lines, without the compiled-CLI note. */
  lines: string[];
  stderr: string;
}

/** Runs `ecls` without the SDK's switch in the environment, so its Node-version notice would show. */
function ecls(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ECLS_DATA_DIR: work, ...env };
  delete childEnv.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
  // The deployed stack's names would turn --aws into a real attempt.
  delete childEnv.UPLOADS_BUCKET;
  delete childEnv.DATA_BUCKET;
  delete childEnv.REPORTS_BUCKET;
  delete childEnv.TABLE_NAME;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['cli/ecls.mjs', ...args], { cwd: root, env: childEnv });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => {
      const lines = stderr.split('\n').filter((line) => line !== '' && !sourceNote.test(line));
      resolve({ code, stdout, stderr, lines });
    });
  });
}

/** Asserts a one-line usage error: exit 2, nothing on stdout, no stack trace, no SDK notice. */
function expectOneLine(run: Run, pattern: RegExp | string): void {
  expect({ code: run.code, stdout: run.stdout, lines: run.lines.length }).toEqual({
    code: 2,
    stdout: '',
    lines: 1,
  });
  if (typeof pattern === 'string') expect(run.lines[0]).toBe(pattern);
  else expect(run.lines[0]).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at |NodeVersionSupportWarning/);
}

describe('unknown centers are refused before anything is uploaded or read', () => {
  it('upload --center c001 suggests C001 and exits 2 without contacting the stack', async () => {
    expectOneLine(
      await ecls(['upload', green, '--center', 'c001', ...nowhere]),
      'ecls upload: Unknown center "c001". Did you mean C001? Centers are listed in shared/config/centers.json.',
    );
  });

  it('upload --center C999 names the file that lists the centers', async () => {
    expectOneLine(
      await ecls(['upload', green, '--center', 'C999', '--lang', 'en', ...nowhere]),
      /^ecls upload: Unknown center "C999"\. (Did you mean C\d{3}\? )?Centers are listed in shared\/config\/centers\.json\.$/,
    );
  });

  it('status --center c001 and validate --center C0001 are refused the same way', async () => {
    expectOneLine(
      await ecls(['status', '--center', 'c001', ...nowhere]),
      /^ecls status: Unknown center "c001"\. Did you mean C001\?/,
    );
    expectOneLine(
      await ecls(['validate', green, '--center', 'C0001']),
      /^ecls validate: Unknown center "C0001"\. Did you mean C001\?/,
    );
  });

  it('answers in the language asked for, or in the center’s', async () => {
    expectOneLine(
      await ecls(['status', '--center', 'c002', ...nowhere]),
      /^ecls status: 未知的中心编号“c002”。您是指 C002 吗？/,
    );
    expectOneLine(
      await ecls(['status', '--center', 'c002', '--lang', 'en', ...nowhere]),
      /^ecls status: Unknown center "c002"\. Did you mean C002\?/,
    );
  });
});

describe('files that cannot be read', () => {
  it('upload of a missing file says so, in the center’s language', async () => {
    expectOneLine(
      await ecls(['upload', 'nonexistent.csv', '--center', 'C001', ...nowhere]),
      'ecls upload: File not found: nonexistent.csv. Check the path and pass the CSV export to use.',
    );
    expectOneLine(
      await ecls(['upload', 'nonexistent.csv', '--center', 'C002', ...nowhere]),
      /^ecls upload: 找不到文件：nonexistent\.csv。/,
    );
  });

  it('validate and upload of a directory say it is one and to pass a CSV file', async () => {
    expectOneLine(
      await ecls(['validate', work, '--lang', 'en']),
      `ecls validate: ${work} is a directory, not a file. Pass one CSV export inside it, e.g. ${work}/C001.csv.`,
    );
    expectOneLine(
      await ecls(['upload', work, '--center', 'C001', ...nowhere]),
      /^ecls upload: .* is a directory, not a file\./,
    );
  });
});

describe('bad option values', () => {
  it.each([
    [
      ['validate', green, '--lang', 'fr'],
      /--lang.*'fr' is invalid\. use one of zh-CN, en, e\.g\. --lang en\./,
    ],
    [['upload', green, '--center', 'C001', '--format', 'xml'], /--format.*'xml' is invalid/],
    [['upload', green, '--center', 'C001', '--timeout', 'soon'], /--timeout.*e\.g\. --timeout 60/],
    [['report', '--quarter', '2023-Q5'], /"2023-Q5" is not a quarter like 2023-Q3/],
    [['close-quarter', '--grace-days', '500'], /give whole days from 0 to \d+/],
    [['close-quarter', '--at', 'yesterday'], /"yesterday" is not a date like 2023-10-31/],
    [['status', '--format', 'yaml'], /use text or json/],
  ])('ecls %j', async (args, pattern) => {
    expectOneLine(await ecls(args), pattern);
  });

  it('--aws without the deployed stack’s names says which variables to set', async () => {
    expectOneLine(
      await ecls(['upload', green, '--center', 'C001', '--aws']),
      /^ecls upload: --aws needs the deployed stack's names: set UPLOADS_BUCKET, DATA_BUCKET, REPORTS_BUCKET and TABLE_NAME/,
    );
  });

  it('generate --out into a file is refused with the fix', async () => {
    const file = join(work, 'a-file');
    await writeFile(file, '');
    expectOneLine(
      await ecls(['generate', '--out', file]),
      `ecls generate: Cannot write the files into ${file} (EEXIST). Pass a directory you may write to with --out.`,
    );
  });
});

describe('a stack that is not running', () => {
  it('status says so in one line with how to start it, and prints no SDK notice', async () => {
    const run = await ecls(['status', '--lang', 'en', ...nowhere]);
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(
      /^ecls status: Cannot read the ledger in table \S+ on http:\/\/127\.0\.0\.1:9: .*Is the stack running\? Start it with "npm start"/,
    );
    expect(run.stderr).not.toMatch(/\n\s+at |NodeVersionSupportWarning/);
  });

  it('close-quarter says so in one line with how to start it, without an error class name', async () => {
    const run = await ecls(['close-quarter', ...nowhere]);
    expect(run.code).toBe(1);
    expect(run.lines).toHaveLength(1);
    expect(run.lines[0]).toMatch(
      /^ecls close-quarter: .*ECONNREFUSED.*\. Is the stack running\? Start it with "npm start"/,
    );
    expect(run.lines[0]).not.toMatch(/[A-Za-z]+Error:/);
  });
});
