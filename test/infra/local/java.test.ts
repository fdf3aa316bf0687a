import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { JavaNotFoundError, JavaVersionError } from '../../../infra/local/errors.js';
import { checkJava, parseJavaMajorVersion } from '../../../infra/local/java.js';

describe('parseJavaMajorVersion', () => {
  // First lines of real `java -version` output from OpenJDK 8, 11, 17 and 21 builds.
  it.each([
    ['openjdk version "1.8.0_292"\nOpenJDK Runtime Environment (build 1.8.0_292-b10)', 8],
    ['java version "1.8.0_381"', 8],
    ['openjdk version "11.0.2" 2019-01-15', 11],
    ['openjdk version "17.0.15" 2025-04-15', 17],
    ['openjdk version "21" 2023-09-19', 21],
  ])('reads %j as %i', (output, major) => {
    expect(parseJavaMajorVersion(output)).toBe(major);
  });

  it('returns undefined when there is no version string', () => {
    expect(parseJavaMajorVersion('command not found')).toBeUndefined();
  });
});

describe('checkJava', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecls-java-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A stand-in `java` that prints the given version banner to stderr, as the real one does. */
  async function fakeJava(banner: string): Promise<string> {
    const path = join(dir, 'java');
    await writeFile(path, `#!/bin/sh\necho '${banner}' >&2\n`);
    await chmod(path, 0o755);
    return path;
  }

  it('accepts the Java on this machine (17 or later)', async () => {
    await expect(checkJava()).resolves.toBeGreaterThanOrEqual(17);
  });

  it('says to install Java when the command does not exist', async () => {
    const attempt = checkJava(join(dir, 'no-such-java'));
    await expect(attempt).rejects.toBeInstanceOf(JavaNotFoundError);
    await expect(attempt).rejects.toThrow(/Java 17 or later.*Install a JDK 17\+/);
    await expect(attempt).rejects.toHaveProperty('cause.code', 'ENOENT');
  });

  it('rejects Java 11 with the version found and the version needed', async () => {
    const attempt = checkJava(await fakeJava('openjdk version "11.0.2" 2019-01-15'));
    await expect(attempt).rejects.toBeInstanceOf(JavaVersionError);
    await expect(attempt).rejects.toMatchObject({ found: 11, required: 17 });
    await expect(attempt).rejects.toThrow(/reported Java 11/);
  });
});
