import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type LocalStack, type LocalStackOptions, startLocalStack } from '../../infra/local/local-stack.js';

/** The stack as a test file sees it; `stack` throws if read outside a test (before beforeAll ran). */
export interface LocalStackFixture {
  readonly stack: LocalStack;
  /** The temporary data directory (objects, dead letters); removed in afterAll. */
  readonly dataDir: string;
}

/**
 * Starts one local stack per test file: free ports, a temporary data directory and in-memory DynamoDB, started
 * in beforeAll and stopped in afterAll. Call it at the top of a describe block (or the file).
 * @example
 *   const local = withLocalStack();
 *   it('stores', async () => { await local.stack.docClient().send(new PutCommand({ … })); });
 */
export function withLocalStack(options: Omit<LocalStackOptions, 'dataDir'> = {}): LocalStackFixture {
  let stack: LocalStack | undefined;
  let dataDir: string | undefined;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'ecls-local-'));
    stack = await startLocalStack({ s3Port: 0, dynamodbPort: 0, inMemoryDynamo: true, ...options, dataDir });
  }, 240_000);

  afterAll(async () => {
    await stack?.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }, 120_000);

  return {
    get stack(): LocalStack {
      if (!stack) throw new Error('The local stack is not running: use it inside tests, after beforeAll.');
      return stack;
    },
    get dataDir(): string {
      if (!dataDir) throw new Error('The local stack is not running: use it inside tests, after beforeAll.');
      return dataDir;
    },
  };
}
