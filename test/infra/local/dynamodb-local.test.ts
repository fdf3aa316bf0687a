/**
 * DynamoDB Local as the local stack runs it: on loopback only, never outliving the process that started it
 * (even one killed with SIGKILL, which runs no exit handler), and a start on a data directory where an earlier
 * one left it running stops that orphan, or refuses when its registry is still alive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { prepareDataDir } from '../../../infra/local/data-dir.js';
import {
  dynamoDbLocalHome,
  type DynamoDbLocal,
  isDynamoDbLocalOn,
  isProcessAlive,
  spawnDynamoDbLocal,
} from '../../../infra/local/dynamodb-local.js';
import { DataDirError, PortInUseError } from '../../../infra/local/errors.js';
import { assertPortFree, findFreePort } from '../../../infra/local/ports.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ecls-ddb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** How a TCP connect to host:port ends: 'connected' or the error code. */
function connectOutcome(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(10_000, () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** Polls until `check` holds; a hang guard of `ms`, not a timing assertion. */
async function eventually(check: () => boolean | Promise<boolean>, ms = 60_000): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end;) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return check();
}

/** This machine's first non-loopback IPv4 address. */
function externalAddress(): string {
  const address = Object.values(networkInterfaces())
    .flat()
    .find((info) => info !== undefined && info.family === 'IPv4' && !info.internal)?.address;
  if (address === undefined) throw new Error('This test needs a non-loopback IPv4 address on the machine.');
  return address;
}

describe('spawnDynamoDbLocal', () => {
  it('listens on 127.0.0.1 only: a connect to the machine’s other address is refused', async () => {
    const port = await findFreePort();
    let dynamo: DynamoDbLocal | undefined;
    try {
      dynamo = await spawnDynamoDbLocal({ port });
      expect(dynamo.guarded).toBe(true);
      expect(await eventually(async () => (await connectOutcome('127.0.0.1', port)) === 'connected')).toBe(
        true,
      );
      expect(await connectOutcome(externalAddress(), port)).toBe('ECONNREFUSED');
      // The start-up port check still sees the port as taken.
      await expect(
        assertPortFree(port, { service: 'DynamoDB Local', option: 'dynamodbPort', envVar: 'X' }),
      ).rejects.toBeInstanceOf(PortInUseError);
    } finally {
      await dynamo?.stop();
    }
  });

  it('does not outlive a registry process killed with SIGKILL', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(fixtures, 'stack-child.ts'), dir], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const javaPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = /^(\{.*\})\n/m.exec(out);
        if (line) resolve((JSON.parse(line[1]!) as { dynamodbPid: number }).dynamodbPid);
      });
      child.once('exit', (code) =>
        reject(new Error(`the stack process exited (${code}) before starting: ${out}`)),
      );
    });
    expect(await isDynamoDbLocalOn(javaPid, join(dir, 'dynamodb'))).toBe(true);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
    expect(await eventually(() => !isProcessAlive(javaPid))).toBe(true);
  });
});

describe('a start on a data directory with DynamoDB Local left running', () => {
  /** DynamoDB Local as an older start ran it: plain `java -jar`, nothing tying it to its parent. */
  async function orphanLikeDynamoDbLocal(dbPath: string): Promise<ChildProcess> {
    const home = await dynamoDbLocalHome();
    const port = await findFreePort();
    const java = spawn(
      'java',
      ['-jar', join(home, 'DynamoDBLocal.jar'), '-port', String(port), '-dbPath', dbPath, '-sharedDb'],
      { cwd: home, stdio: 'ignore', env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' } },
    );
    expect(await eventually(async () => (await connectOutcome('127.0.0.1', port)) === 'connected')).toBe(
      true,
    );
    return java;
  }

  /** The pid of a process that has exited, as running.json keeps it after a kill -9. */
  async function deadPid(): Promise<number> {
    const gone = spawn(process.execPath, ['-e', '']);
    await new Promise((resolve) => gone.once('exit', resolve));
    return gone.pid!;
  }

  const runningJson = (pid: number, dynamodbPid: number): string =>
    JSON.stringify({ pid, dynamodbPid, startedAt: new Date().toISOString() });

  it('refuses while its registry is alive, and stops it once the registry is gone', async () => {
    const layout = await prepareDataDir(dir);
    const java = await orphanLikeDynamoDbLocal(layout.dynamodb);
    const javaPid = java.pid!;
    try {
      // running.json names a live registry (this process): another stack really is running here.
      await writeFile(layout.running, runningJson(process.pid, javaPid));
      const refused = prepareDataDir(dir);
      await expect(refused).rejects.toBeInstanceOf(DataDirError);
      await expect(refused).rejects.toThrow(
        new RegExp(
          `Another local stack is running on .*DynamoDB Local \\(pid ${javaPid}\\).*kill ${process.pid}`,
        ),
      );
      expect(isProcessAlive(javaPid)).toBe(true);

      // The registry was killed (its pid is gone) but DynamoDB Local was not: the next start stops it.
      await writeFile(layout.running, runningJson(await deadPid(), javaPid));
      const messages: string[] = [];
      await prepareDataDir(dir, { log: (message) => messages.push(message) });
      expect(isProcessAlive(javaPid)).toBe(false);
      expect(messages).toEqual([
        `Stopped DynamoDB Local (pid ${javaPid}) that an earlier start left running on ${layout.dynamodb}.`,
      ]);
    } finally {
      java.kill('SIGKILL');
    }
  });

  it('leaves alone a live process that is not DynamoDB Local on this directory (a reused pid)', async () => {
    const layout = await prepareDataDir(dir);
    const other = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
    try {
      await writeFile(layout.running, runningJson(await deadPid(), other.pid!));
      await prepareDataDir(dir, { log: () => undefined });
      expect(isProcessAlive(other.pid!)).toBe(true);
    } finally {
      other.kill('SIGKILL');
    }
  });
});
