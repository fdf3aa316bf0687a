/**
 * IAM enforced on the local stack: every SDK call a function (or a center's `ecls` command) makes is evaluated
 * before it is sent, by @cloud-copilot/iam-simulate, against the caller's synthesized identity policies and the
 * resource policy that applies (bucket, KMS key, queue or topic policy), in one account as AWS evaluates it. A
 * deny fails as AWS fails: `AccessDenied` (S3, 403), `AccessDeniedException` (DynamoDB, 400), `AccessDenied`
 * (SQS) or `AuthorizationError` (SNS), with the caller, action and resource in the message. S3's 404-or-403 rule
 * is kept too: reading a missing key answers 404 only to a caller that may list the bucket.
 */
import { runSimulation, type Simulation } from '@cloud-copilot/iam-simulate';
import type { Client, MetadataBearer } from '@smithy/types';
import type { FunctionName } from '../../stacks/function-specs.js';
import {
  DeploymentError,
  functionOf,
  type NamedPolicy,
  type PolicyDocument,
  type RegistryDeployment,
  type RoleDeployment,
} from '../deployment/local-deployment.js';
import { type AuthorizationRequest, authorizationRequestsFor, type AwsService } from './aws-requests.js';

/** Who makes a call: a role session, as Lambda or an assumed center role would have it. */
export interface LocalIdentity {
  /** For messages: `function ingest`, `center C001`. */
  label: string;
  roleArn: string;
  /** The assumed-role session ARN AWS puts in its denial messages. */
  sessionArn: string;
  policies: NamedPolicy[];
}

/** IAM's decision, in iam-simulate's words. */
export type Decision = 'Allowed' | 'ImplicitlyDenied' | 'ExplicitlyDenied';

/** One evaluated call, for tests and the stack's summary. */
export interface AuthorizationRecord {
  identity: string;
  action: string;
  resource: string;
  decision: Decision;
}

/** A denied call, shaped as the SDK's service exceptions (`name`, `$fault`, `$metadata.httpStatusCode`). */
export class AccessDeniedError extends Error {
  readonly $fault = 'client';
  readonly $metadata: { httpStatusCode: number; requestId?: string };
  readonly Code: string;

  public constructor(
    name: string,
    httpStatusCode: number,
    message: string,
    readonly request: AuthorizationRequest,
    readonly identity: string,
  ) {
    super(message);
    this.name = name;
    this.Code = name;
    this.$metadata = { httpStatusCode, requestId: 'local-iam' };
  }
}

/** Thrown when the simulator rejects a request or policy as malformed; a policy or mapping bug, not a deny. */
export class IamSimulationError extends Error {
  override readonly name = 'IamSimulationError';
}

const errorShape: Record<AwsService, { name: string; status: number }> = {
  s3: { name: 'AccessDenied', status: 403 },
  dynamodb: { name: 'AccessDeniedException', status: 400 },
  sqs: { name: 'AccessDenied', status: 403 },
  sns: { name: 'AuthorizationError', status: 403 },
};

function identityOf(
  role: RoleDeployment,
  sessionName: string,
  label: string,
  account: string,
): LocalIdentity {
  return {
    label,
    roleArn: role.arn,
    sessionArn: `arn:aws:sts::${account}:assumed-role/${role.name}/${sessionName}`,
    policies: role.identityPolicies,
  };
}

/** The identity a deployed function runs as (its execution role, session named after the function). */
export function functionIdentity(deployment: RegistryDeployment, name: FunctionName): LocalIdentity {
  const fn = functionOf(deployment, name);
  return identityOf(fn.role, fn.functionName, `function ${name}`, deployment.account);
}

/** The identity a center's `ecls` commands run as (its synthesized upload role). */
export function centerIdentity(deployment: RegistryDeployment, centerId: string): LocalIdentity {
  const role = deployment.centerRoles[centerId];
  if (!role) {
    throw new DeploymentError(
      `center ${centerId} has no role in the deployment: it is not an active center (shared/config/centers.json)`,
    );
  }
  return identityOf(role, `ecls-${centerId}`, `center ${centerId}`, deployment.account);
}

/** Evaluates calls against a deployment's policies; one per stack, shared by every enforced client. */
export class LocalIam {
  private readonly cache = new Map<string, Decision>();
  private readonly listeners = new Set<(record: AuthorizationRecord) => void>();

  public constructor(readonly deployment: RegistryDeployment) {}

  /** Calls `listener` after every evaluated call; returns the unsubscribe function. */
  public onDecision(listener: (record: AuthorizationRecord) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The resource policy that applies to an ARN (bucket, key, queue or topic), if any. */
  public resourcePolicyFor(resource: string): PolicyDocument | undefined {
    const d = this.deployment;
    if (resource.startsWith('arn:aws:s3:::')) {
      const bucket = resource.slice('arn:aws:s3:::'.length).split('/')[0];
      return d.buckets.find((b) => b.name === bucket)?.policy;
    }
    if (resource.startsWith('arn:aws:kms:')) return d.keys.find((k) => k.arn === resource)?.policy;
    if (resource.startsWith('arn:aws:sqs:')) return d.queues.find((q) => q.arn === resource)?.policy;
    if (resource.startsWith('arn:aws:sns:')) return d.topics.find((t) => t.arn === resource)?.policy;
    return undefined;
  }

  /** IAM's decision for one request by one identity. */
  public async decide(identity: LocalIdentity, request: AuthorizationRequest): Promise<Decision> {
    const cacheKey = JSON.stringify([
      identity.roleArn,
      request.action,
      request.resource,
      request.context ?? {},
    ]);
    let decision = this.cache.get(cacheKey);
    if (decision === undefined) {
      decision = await this.simulate(identity, request);
      if (this.cache.size > 50_000) this.cache.clear();
      this.cache.set(cacheKey, decision);
    }
    const record = { identity: identity.label, action: request.action, resource: request.resource, decision };
    for (const listener of this.listeners) listener(record);
    return decision;
  }

  private async simulate(identity: LocalIdentity, request: AuthorizationRequest): Promise<Decision> {
    const resourcePolicy = this.resourcePolicyFor(request.resource);
    const simulation: Simulation = {
      request: {
        principal: identity.sessionArn,
        action: request.action,
        resource: { resource: request.resource, accountId: this.deployment.account },
        contextVariables: {
          // Lambda and the SDK always call AWS over TLS.
          'aws:SecureTransport': 'true',
          'aws:PrincipalArn': identity.roleArn,
          'aws:PrincipalAccount': this.deployment.account,
          'aws:PrincipalType': 'AssumedRole',
          'aws:RequestedRegion': this.deployment.region,
          ...request.context,
        },
      },
      identityPolicies: identity.policies.map((p) => ({ name: p.name, policy: p.policy })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
    };
    const result = await runSimulation(simulation, {});
    if (result.resultType === 'error') {
      throw new IamSimulationError(
        `iam-simulate could not evaluate ${request.action} on ${request.resource} for ${identity.label}: ` +
          JSON.stringify(result.errors),
      );
    }
    return result.overallResult as Decision;
  }

  /**
   * Evaluates every request; the first deny throws as AWS would answer it.
   * @throws {AccessDeniedError} named and shaped for `service`.
   */
  public async authorize(
    service: AwsService,
    identity: LocalIdentity,
    requests: readonly AuthorizationRequest[],
  ): Promise<void> {
    for (const request of requests) {
      const decision = await this.decide(identity, request);
      if (decision !== 'Allowed') throw this.denial(service, identity, request, decision);
    }
  }

  /** The error AWS gives for a denied request, with AWS's wording. */
  public denial(
    service: AwsService,
    identity: LocalIdentity,
    request: AuthorizationRequest,
    decision: Decision,
  ): AccessDeniedError {
    const why =
      decision === 'ExplicitlyDenied'
        ? 'with an explicit deny in a policy'
        : `because no identity-based policy allows the ${request.action} action`;
    const { name, status } = errorShape[service];
    return new AccessDeniedError(
      name,
      status,
      `User: ${identity.sessionArn} is not authorized to perform: ${request.action} on resource: ` +
        `"${request.resource}" ${why} (local IAM enforcement, ${identity.label})`,
      request,
      identity.label,
    );
  }

  /**
   * Adds the enforcement to an SDK client: every command is authorized before it is sent. Returns the client.
   * For S3 reads, a 404 becomes a 403 unless the caller may list the bucket, as S3 answers.
   */
  public enforce<C extends Client<object, MetadataBearer, object>>(
    client: C,
    service: AwsService,
    identity: LocalIdentity,
  ): C {
    const authorize = async (command: string, input: Record<string, unknown>): Promise<void> =>
      this.authorize(service, identity, authorizationRequestsFor(service, command, input, this.deployment));
    const onMissingObject = async (
      command: string,
      input: Record<string, unknown>,
      error: unknown,
    ): Promise<void> => {
      const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      if (service !== 's3' || status !== 404) return;
      if (command !== 'GetObjectCommand' && command !== 'HeadObjectCommand') return;
      // S3 decides 404-or-403 on s3:ListBucket without a prefix in the request context, so a grant conditioned
      // on s3:prefix does not count: the stricter reading, which keeps code that relies on 404 honest.
      const list = { action: 's3:ListBucket', resource: `arn:aws:s3:::${String(input.Bucket)}` };
      const decision = await this.decide(identity, list);
      if (decision !== 'Allowed') {
        throw this.denial(
          service,
          identity,
          { action: 's3:GetObject', resource: `arn:aws:s3:::${String(input.Bucket)}/${String(input.Key)}` },
          decision,
        );
      }
    };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = String((context as { commandName?: string }).commandName);
        const input = args.input as Record<string, unknown>;
        await authorize(command, input);
        try {
          return await next(args);
        } catch (error) {
          await onMissingObject(command, input, error);
          throw error;
        }
      },
      { step: 'initialize', name: 'localIamEnforcement', priority: 'high', override: true },
    );
    return client;
  }
}
