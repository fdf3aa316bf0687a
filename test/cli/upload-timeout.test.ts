/**
 * `ecls upload` when no verdict comes in time: exit 3, and a message that says where the file is and what
 * happens to it next. Here the stack runs with no ingest function wired, so no verdict can come.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { runUpload, uploadExitCodes } from '../../cli/commands/upload.js';
import { withLocalStack } from '../support/local-stack.js';

const local = withLocalStack();
let work: string;

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'ecls-upload-timeout-'));
});
afterAll(async () => {
  if (work) await rm(work, { recursive: true, force: true });
});

it('exits 3 saying the file is stored and will be ingested when "npm start" next runs', async () => {
  const file = join(work, 'runs.csv');
  await writeFile(file, 'run_id\nR1\n');
  const errors: string[] = [];
  const outcome = await runUpload(
    file,
    {
      center: 'C001',
      timeout: 1,
      pollMs: 50,
      s3Endpoint: local.stack.endpoints.s3,
      dynamodbEndpoint: local.stack.endpoints.dynamodb,
      dataDir: local.dataDir,
    },
    { write: () => undefined },
    { write: (text: string) => errors.push(text) },
  );
  expect(outcome.exitCode).toBe(uploadExitCodes.noVerdict);
  const message = errors.join('');
  expect(message).toContain(
    `no verdict for upload ${outcome.uploadId} within 1 s (ingest has not recorded it yet)`,
  );
  expect(message).toContain(`s3://${local.stack.buckets.uploads}/uploads/C001/runs.csv`);
  expect(message).toContain('ingested when "npm start" next runs');
  expect(message).toContain('ecls status --center C001');
});
