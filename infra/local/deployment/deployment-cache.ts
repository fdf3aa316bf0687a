/**
 * The on-disk cache of the local deployment (node_modules/.cache/ecls-deployment/), keyed by a hash of every
 * source file the synthesis reads. Reading it needs no aws-cdk-lib, so `ecls` commands stay quick; a miss is
 * synthesized by load-deployment.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RegistryDeployment } from './local-deployment.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The folders whose files the synthesis can read (the stack, its constructs, configuration, handler entries). */
const sourceRoots = ['infra/stacks', 'infra/constructs', 'shared', 'functions'];
const cacheDir = join(repoRoot, 'node_modules', '.cache', 'ecls-deployment');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|json)$/.test(entry.name) ? [path] : [];
  });
}

/** A hash of the stack's sources and the CDK version: equal hashes synthesize equal templates. */
export function deploymentSourceHash(): string {
  const hash = createHash('sha256');
  const cdk = JSON.parse(readFileSync(join(repoRoot, 'node_modules/aws-cdk-lib/package.json'), 'utf8')) as {
    version: string;
  };
  hash.update(`aws-cdk-lib@${cdk.version}\n`);
  for (const file of sourceRoots.flatMap((root) => sourceFiles(join(repoRoot, root))).sort()) {
    hash.update(`${relative(repoRoot, file)}\n`);
    hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The cached deployment for these sources, or undefined when they changed since it was written. */
export function cachedDeployment(hash = deploymentSourceHash()): RegistryDeployment | undefined {
  try {
    return JSON.parse(readFileSync(join(cacheDir, `${hash}.json`), 'utf8')) as RegistryDeployment;
  } catch {
    return undefined;
  }
}

/** Stores a deployment under its source hash (written apart, then renamed: two test workers may race). */
export function cacheDeployment(hash: string, deployment: RegistryDeployment): void {
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, `${hash}.json`);
  const partial = `${file}.${process.pid}.partial`;
  writeFileSync(partial, JSON.stringify(deployment));
  renameSync(partial, file);
}
