/**
 * `ecls upload` against the local stack with the ingest function wired as `npm start` wires it: the command is
 * spawned as a real process (`node cli/ecls.mjs upload …`), puts the file into s3rver, and waits for the verdict
 * the ingest function records. A red upload exits 1; the corrected file at the same key exits 0 and turns the
 * center green. Nothing is mocked.
 */
import { spawn } from 'node:child_process';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readRegistryStatus } from '../../shared/app/registry-status.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { runUpload, uploadKeyFor } from '../../cli/commands/upload.js';
import { connectIngest, type IngestWiring } from '../../infra/local/ingest-wiring.js';
import { VerdictSchema } from '../../shared/validation/index.js';
import { withLocalStack } from '../support/local-stack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const fixture = (name: string) => join(root, 'test/fixtures/validation', name);
const local = withLocalStack();
let wiring: IngestWiring;
let work: string;

beforeAll(async () => {
  wiring = connectIngest(local.stack, { logFile: join(local.dataDir, 'ingest.log') });
  work = await mkdtemp(join(tmpdir(), 'ecls-upload-'));
});
afterAll(async () => {
  wiring?.close();
  if (work) await rm(work, { recursive: true, force: true });
});

/** Runs the CLI as a child process without blocking this process, which hosts the ingest queue. */
function ecls(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['cli/ecls.mjs', ...args], {
      cwd: root,
      env: { ...process.env, ECLS_DATA_DIR: local.dataDir },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const endpoints = () => [
  '--s3-endpoint',
  local.stack.endpoints.s3,
  '--dynamodb-endpoint',
  local.stack.endpoints.dynamodb,
];

it('turns a red center green: red upload exits 1, the corrected file at the same key exits 0', async () => {
  const file = join(work, 'runs-2023-q3.csv');
  await copyFile(fixture('red.csv'), file);
  const red = await ecls('upload', file, '--center', 'C001', '--format', 'json', ...endpoints());
  expect(red.code).toBe(1);
  const redOut = JSON.parse(red.stdout);
  expect(redOut).toMatchObject({ key: 'uploads/C001/runs-2023-q3.csv', status: 'rejected' });
  expect(VerdictSchema.parse(redOut.verdict).status).toBe('red');

  await copyFile(fixture('green.csv'), file);
  const green = await ecls('upload', file, '--center', 'C001', ...endpoints());
  expect(green.code).toBe(0);
  expect(green.stdout).toMatch(/^Verdict: GREEN/);
  expect(green.stdout).toContain('completed');
  // No npm start runs here, so there is no site server yet: the line says where `ecls serve` would show it.
  expect(green.stdout).toMatch(
    /Open the verdict at http:\/\/127\.0\.0\.1:\d+\/validation\/\S+\/verdict\.html while "npm start" or "ecls serve" runs\./,
  );
  expect(green.stderr).not.toMatch(/NodeVersionSupportWarning|\n\s+at /);

  const [status] = await readRegistryStatus(
    new DynamoRegistryStore(local.stack.docClient(), { tableName: local.stack.tableName }),
    ['C001'],
  );
  expect(status!.latest).toMatchObject({ verdictStatus: 'green', status: 'completed' });
  expect(status!.uploads.map((u) => u.verdictStatus)).toEqual(['green', 'red']);
  expect(status!.pointer?.runs).toBeGreaterThan(0);
}, 180_000);

it('uploads a snapshot under the snapshot prefix', async () => {
  expect(uploadKeyFor('/x/full.csv', 'C002', true)).toBe('uploads/C002/snapshot/full.csv');
  const file = join(work, 'full.csv');
  await copyFile(fixture('green.csv'), file);
  const lines: string[] = [];
  // The fixture's rows carry C001: uploaded as C002 they are another center's rows, so the verdict is red.
  const outcome = await runUpload(
    file,
    {
      center: 'C002',
      snapshot: true,
      timeout: 30,
      s3Endpoint: local.stack.endpoints.s3,
      dynamodbEndpoint: local.stack.endpoints.dynamodb,
      dataDir: local.dataDir,
    },
    { write: (text: string) => lines.push(text) },
    { write: () => undefined },
  );
  expect(outcome.key).toBe('uploads/C002/snapshot/full.csv');
  expect(outcome.entry).toMatchObject({ mode: 'snapshot', status: 'rejected' });
  expect(outcome.exitCode).toBe(1);
  expect(lines.join('')).toMatch(/^评估结果：红色/); // C002 reads its verdicts in Chinese (centers.json)
}, 180_000);

it('exits 3 with advice when no stack answers', async () => {
  const result = await ecls(
    'upload',
    fixture('green.csv'),
    '--center',
    'C001',
    '--s3-endpoint',
    'http://127.0.0.1:9',
    '--dynamodb-endpoint',
    'http://127.0.0.1:9',
  );
  expect(result.code).toBe(3);
  expect(result.stderr).toContain('npm start');
}, 180_000);

it('exits 2 without --center, and documents its exit codes in --help', async () => {
  expect((await ecls('upload', fixture('green.csv'))).code).toBe(2);
  const help = await ecls('upload', '--help');
  expect(help.code).toBe(0);
  expect(help.stdout).toContain('Exit codes: 0 accepted');
  expect(help.stdout).toContain('$ ecls upload');
}, 180_000);
