/**
 * `ecls status` on the local stack: the ledger (latest first) and each center's pointer, as text and as JSON,
 * from a real DynamoDB Local after uploads went through the ingest function. Nothing is mocked.
 */
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { formatStatusText, runStatus } from '../../cli/commands/status.js';
import { readRegistryStatus, type CenterStatus } from '../../shared/app/registry-status.js';
import { DynamoRegistryStore } from '../../shared/adapters/index.js';
import { connectIngest, type IngestWiring } from '../../infra/local/ingest-wiring.js';
import { withLocalStack } from '../support/local-stack.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const local = withLocalStack();
let wiring: IngestWiring;

async function upload(key: string, fixture: string): Promise<void> {
  const body = await readFile(join(root, 'test/fixtures/validation', fixture));
  const arrived = new Promise<void>((resolve) => {
    const off = local.stack.onObjectEvent(() => (off(), resolve()));
  });
  await local.stack
    .s3Client()
    .send(new PutObjectCommand({ Bucket: local.stack.buckets.uploads, Key: key, Body: body }));
  await arrived;
  await wiring.drain();
}

beforeAll(async () => {
  wiring = connectIngest(local.stack, { logFile: join(local.dataDir, 'ingest.log') });
  await upload('uploads/C001/a.csv', 'red.csv');
  await upload('uploads/C001/a.csv', 'green.csv');
}, 180_000);
afterAll(() => wiring?.close());

it('reads the ledger latest first, with the pointer', async () => {
  const [c001, c002] = await readRegistryStatus(
    new DynamoRegistryStore(local.stack.docClient(), { tableName: local.stack.tableName }),
    ['C001', 'C002'],
  );
  expect(c001!.uploads.map((u) => [u.key, u.verdictStatus, u.status])).toEqual([
    ['uploads/C001/a.csv', 'green', 'completed'],
    ['uploads/C001/a.csv', 'red', 'rejected'],
  ]);
  expect(c001!.pointer).toMatchObject({ version: 1, runs: 4 });
  expect(c002).toEqual({ centerId: 'C002', uploads: [] });
  expect(formatStatusText([c001!, c002!], 'en')).toContain(
    '1 of 2 centers have uploaded; latest verdict red: none',
  );
  // In Chinese the verdict and the upload's state are words, and the columns line up under the header as drawn
  // by a terminal (a CJK character takes two columns).
  const zh = formatStatusText([c001!], 'zh-CN').split('\n');
  expect(zh[1]).toMatch(/^C001 .* 绿色 .* uploads\/C001\/a\.csv \(已完成, /);
  const columnOf = (line: string, text: string) => padColumnsWidth(line.slice(0, line.indexOf(text)));
  expect(columnOf(zh[1]!, 'uploads/')).toBe(columnOf(zh[0]!, '最新上传'));
});

/** The terminal width of a string: CJK characters count two. */
function padColumnsWidth(text: string): number {
  return [...text].reduce((n, ch) => n + (/[\u2e80-\ua4cf\uff00-\uff60]/u.test(ch) ? 2 : 1), 0);
}

it('prints JSON for one center, in process and through the CLI', async () => {
  const chunks: string[] = [];
  const code = await runStatus(
    {
      center: 'C001',
      format: 'json',
      s3Endpoint: local.stack.endpoints.s3,
      dynamodbEndpoint: local.stack.endpoints.dynamodb,
      dataDir: local.dataDir,
    },
    { write: (text: string) => chunks.push(text) },
  );
  expect(code).toBe(0);
  const [status] = JSON.parse(chunks.join('')) as CenterStatus[];
  expect(status).toMatchObject({ centerId: 'C001', latest: { verdictStatus: 'green' } });

  const cli = await new Promise<{ code: number | null; stdout: string }>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        'cli/ecls.mjs',
        'status',
        '--center',
        'C001',
        '--format',
        'json',
        '--dynamodb-endpoint',
        local.stack.endpoints.dynamodb,
      ],
      { cwd: root, env: { ...process.env, ECLS_DATA_DIR: local.dataDir } },
    );
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.once('error', reject);
    child.once('close', (exit) => resolve({ code: exit, stdout }));
  });
  expect(cli.code).toBe(0);
  expect(JSON.parse(cli.stdout)).toEqual(JSON.parse(chunks.join('')));
}, 180_000);
