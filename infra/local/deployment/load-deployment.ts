/**
 * The local stack's deployment: the registry stack synthesized and resolved (local-deployment.ts), cached on
 * disk under node_modules/.cache/ keyed by a hash of every source file the synthesis reads, so a start after
 * an unchanged checkout skips the few seconds `cdk synth` takes, and any change to the stack is picked up.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RegistryDeployment, resolveDeployment } from './local-deployment.js';
import { synthesizeRegistry } from './synthesize-registry.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** The folders whose files the synthesis can read (the stack, its constructs, configuration, handler entries). */
const sourceRoots = ['infra/stacks', 'infra/constructs', 'shared', 'functions'];

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

let memo: { hash: string; deployment: RegistryDeployment } | undefined;

/**
 * The registry as the local stack deploys it: from the cache when the sources are unchanged, else synthesized.
 * @example const deployment = loadLocalDeployment(); deployment.functions.ingest!.environment.DATA_BUCKET
 */
export function loadLocalDeployment(): RegistryDeployment {
  const hash = deploymentSourceHash();
  if (memo?.hash === hash) return memo.deployment;
  const cacheDir = join(repoRoot, 'node_modules', '.cache', 'ecls-deployment');
  const cacheFile = join(cacheDir, `${hash}.json`);
  let deployment: RegistryDeployment;
  try {
    statSync(cacheFile);
    deployment = JSON.parse(readFileSync(cacheFile, 'utf8')) as RegistryDeployment;
  } catch {
    deployment = resolveDeployment(synthesizeRegistry());
    mkdirSync(cacheDir, { recursive: true });
    // Two test workers may synthesize at once: write apart, then rename (atomic on one file system).
    const partial = `${cacheFile}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(deployment));
    renameSync(partial, cacheFile);
  }
  memo = { hash, deployment };
  return deployment;
}
