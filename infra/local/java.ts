import { spawn } from 'node:child_process';

import { JavaNotFoundError, JavaVersionError } from './errors.js';

/** DynamoDB Local 2.3 and later (the bundled 2.6.1) are built for JDK 17. */
export const requiredJavaVersion = 17;

/**
 * Reads the major version from `java -version` output, which goes to stderr and reads `openjdk version "17.0.15"`
 * or, before Java 9, `java version "1.8.0_292"` (major 8). Returns undefined if no version string is found.
 */
export function parseJavaMajorVersion(versionOutput: string): number | undefined {
  const match = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(versionOutput);
  if (!match) return undefined;
  const first = Number(match[1]);
  return first === 1 && match[2] !== undefined ? Number(match[2]) : first;
}

/**
 * Runs `<command> -version` and checks the major version before DynamoDB Local is spawned, so a missing or old
 * Java fails with a message that says what to install instead of a Java stack trace from the jar.
 * @throws {JavaNotFoundError} if the command cannot be run.
 * @throws {JavaVersionError} if the version is older than {@link requiredJavaVersion} or unreadable.
 */
export async function checkJava(command = 'java'): Promise<number> {
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn(command, ['-version'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('error', reject);
    child.once('close', () => resolve(text));
  }).catch((cause: unknown) => {
    throw new JavaNotFoundError(
      `Could not run "${command} -version": DynamoDB Local needs Java ${requiredJavaVersion} or later on the PATH. ` +
        `Install a JDK ${requiredJavaVersion}+ (e.g. "apt-get install openjdk-17-jdk-headless" or "brew install openjdk@17"; the JDK's javac lets the local stack keep DynamoDB Local on loopback).`,
      { cause },
    );
  });
  const version = parseJavaMajorVersion(output);
  if (version === undefined || version < requiredJavaVersion) {
    throw new JavaVersionError(
      `DynamoDB Local needs Java ${requiredJavaVersion} or later, but "${command} -version" reported ` +
        `${version === undefined ? `no version (${JSON.stringify(output.trim().slice(0, 200))})` : `Java ${version}`}. ` +
        `Install a JDK ${requiredJavaVersion}+ and put it first on the PATH (or set JAVA_HOME accordingly).`,
      version ?? 0,
      requiredJavaVersion,
    );
  }
  return version;
}
