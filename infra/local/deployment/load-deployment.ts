/**
 * The local stack's deployment: the registry stack synthesized and resolved (local-deployment.ts), from the
 * on-disk cache when the sources are unchanged (deployment-cache.ts), else synthesized and cached. Any change
 * to the stack is picked up at the next start; an unchanged checkout skips the seconds `cdk synth` takes.
 */
import { cacheDeployment, cachedDeployment, deploymentSourceHash } from './deployment-cache.js';
import { type RegistryDeployment, resolveDeployment } from './local-deployment.js';
import { synthesizeRegistry } from './synthesize-registry.js';

let memo: { hash: string; deployment: RegistryDeployment } | undefined;

/**
 * The registry as the local stack deploys it.
 * @example const deployment = loadLocalDeployment(); deployment.functions.ingest!.environment.DATA_BUCKET
 */
export function loadLocalDeployment(): RegistryDeployment {
  const hash = deploymentSourceHash();
  if (memo?.hash === hash) return memo.deployment;
  let deployment = cachedDeployment(hash);
  if (deployment === undefined) {
    deployment = resolveDeployment(synthesizeRegistry());
    cacheDeployment(hash, deployment);
  }
  memo = { hash, deployment };
  return deployment;
}
