/**
 * Who an `ecls` command acts as on the local stack: a center's commands (upload, status --center) under that
 * center's synthesized role, the report and close-quarter commands under those functions' roles, with every
 * SDK call evaluated against the role's policies as AWS would (infra/local/iam/). Against AWS (`--aws`) the
 * caller's own credentials apply: a center configures its profile to assume its role (docs/deploy.md).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import { cachedDeployment } from '../../infra/local/deployment/deployment-cache.js';
import type { RegistryDeployment } from '../../infra/local/deployment/local-deployment.js';
import {
  centerIdentity,
  functionIdentity,
  type LocalIdentity,
  LocalIam,
} from '../../infra/local/iam/local-iam.js';
import type { FunctionName } from '../../infra/stacks/function-specs.js';

/** The identity a command acts as; undefined: the registry operator (no role, as an administrator in AWS). */
export type ActAs = { center: string } | { function: FunctionName };

/** The checkout's deployment: cached by `npm start`, synthesized here only when the sources changed. */
async function deployment(): Promise<RegistryDeployment> {
  const cached = cachedDeployment();
  if (cached) return cached;
  const { loadLocalDeployment } = await import('../../infra/local/deployment/load-deployment.js');
  return loadLocalDeployment();
}

/** The synthesized identity for `actAs`. */
export async function identityFor(actAs: ActAs): Promise<{ iam: LocalIam; identity: LocalIdentity }> {
  const resolved = await deployment();
  const identity =
    'center' in actAs ? centerIdentity(resolved, actAs.center) : functionIdentity(resolved, actAs.function);
  return { iam: new LocalIam(resolved), identity };
}

/** Adds the IAM enforcement of `actAs` to the command's local clients. */
export async function enforceAs<C extends { s3: S3Client; dynamo: DynamoDBClient }>(
  clients: C,
  actAs: ActAs,
): Promise<C> {
  const { iam, identity } = await identityFor(actAs);
  iam.enforce(clients.s3, 's3', identity);
  iam.enforce(clients.dynamo, 'dynamodb', identity);
  return clients;
}
