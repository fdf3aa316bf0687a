/**
 * IAM decisions on a synthesized test stack, made as the local stack makes them: the template is resolved by the
 * local deployment's own code (infra/local/deployment/: buckets, table and queues take their local names, other
 * resources keep their logical id, in account 000000000000 and us-east-1), and each request is evaluated by
 * @cloud-copilot/iam-simulate through LocalIam (infra/local/iam/local-iam.ts), with the resource policy (bucket,
 * key, queue or topic policy) that applies to its ARN. A test therefore checks the policies the running local
 * stack enforces, not a second reading of them.
 */
import { runSimulation } from '@cloud-copilot/iam-simulate';
import type { Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import {
  arnOf,
  type CfnTemplate,
  resolveValue,
  type ResolutionContext,
} from '../../../infra/local/deployment/cfn-template.js';
import {
  localAccount,
  localDeploymentRegion,
  localQueueUrlBase,
  type NamedPolicy,
  type PolicyDocument,
  type RegistryDeployment,
  resolveDeployment,
  resolveRole,
} from '../../../infra/local/deployment/local-deployment.js';
import {
  describeSynthesizedStack,
  logicalIdOf,
} from '../../../infra/local/deployment/synthesize-registry.js';
import {
  centerIdentity,
  type Decision,
  functionIdentity,
  IamSimulationError,
  LocalIam,
  type LocalIdentity,
} from '../../../infra/local/iam/local-iam.js';
import type { FunctionName } from '../../../infra/stacks/function-specs.js';
import { type BucketRole, localBucketNames } from '../../../shared/config/resources.js';
import type { Synthesized } from './synth.js';

export type { Decision, LocalIdentity };

/** Thrown when a test asks about a resource or stack the support cannot resolve; the message names it. */
export class TemplateIamError extends Error {
  override readonly name = 'TemplateIamError';
}

/** Request context keys, e.g. `s3:prefix` or `kms:ViaService`; LocalIam adds TLS and the principal's keys. */
export type RequestContext = Record<string, string>;

/** Evaluates requests of the identities of one resolved template. */
export class TemplateIam {
  readonly iam: LocalIam;

  public constructor(readonly deployment: RegistryDeployment) {
    this.iam = new LocalIam(deployment);
  }

  /** IAM's decision for `identity` doing `action` on `resource`. */
  public async decide(
    identity: LocalIdentity,
    action: string,
    resource: string,
    context: RequestContext = {},
  ): Promise<Decision> {
    return this.iam.decide(identity, { action, resource, context });
  }

  /** A session of a role of the local account that holds only `policies` (a caller the stack does not define). */
  public sessionWith(roleName: string, policies: NamedPolicy[]): LocalIdentity {
    const { account } = this.deployment;
    return {
      label: `role ${roleName}`,
      roleArn: `arn:aws:iam::${account}:role/${roleName}`,
      sessionArn: `arn:aws:sts::${account}:assumed-role/${roleName}/test-session`,
      policies,
    };
  }

  /**
   * IAM's decision for an AWS service principal (e.g. `cloudfront.amazonaws.com`) acting on a resource: only the
   * resource policy can grant it. LocalIam models role sessions only, so this asks iam-simulate directly, with
   * the context keys AWS sets for a service (no principal ARN or account).
   */
  public async decideForService(
    service: string,
    action: string,
    resource: string,
    context: RequestContext = {},
  ): Promise<Decision> {
    return this.simulate(service, action, resource, {
      'aws:SecureTransport': 'true',
      'aws:PrincipalServiceName': service,
      ...context,
    });
  }

  /** IAM's decision for an unsigned (anonymous) request: only a resource policy granting everyone allows it. */
  public async decideAnonymous(action: string, resource: string): Promise<Decision> {
    return this.simulate({ type: 'Anonymous' }, action, resource, { 'aws:SecureTransport': 'true' });
  }

  private async simulate(
    principal: string | { type: 'Anonymous' },
    action: string,
    resource: string,
    contextVariables: RequestContext,
  ): Promise<Decision> {
    const resourcePolicy = this.iam.resourcePolicyFor(resource);
    const result = await runSimulation(
      {
        request: {
          principal,
          action,
          resource: { resource, accountId: this.deployment.account },
          contextVariables,
        },
        identityPolicies: [],
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        ...(resourcePolicy === undefined ? {} : { resourcePolicy }),
      },
      {},
    );
    if (result.resultType === 'error') {
      throw new IamSimulationError(
        `iam-simulate could not evaluate ${action} on ${resource}: ${JSON.stringify(result.errors)}`,
      );
    }
    return result.overallResult as Decision;
  }
}

/** A resolved registry test stack: its deployment, identities and resource names. */
export class RegistryIam extends TemplateIam {
  /** The identity a function runs as. */
  public functionRole(name: FunctionName): LocalIdentity {
    return functionIdentity(this.deployment, name);
  }

  /** The identity a center's commands run as. */
  public centerRole(centerId: string): LocalIdentity {
    return centerIdentity(this.deployment, centerId);
  }

  /** The ARN of a bucket, by its role. */
  public bucketArn(role: BucketRole): string {
    return this.bucket(role).arn;
  }

  /** The ARN of an object in a bucket. */
  public objectArn(role: BucketRole, key: string): string {
    return `${this.bucketArn(role)}/${key}`;
  }

  /** The ARN of a bucket's default encryption key. */
  public bucketKeyArn(role: BucketRole): string {
    const arn = this.bucket(role).kmsKeyArn;
    if (arn === undefined) throw new TemplateIamError(`the ${role} bucket has no KMS key in the deployment`);
    return arn;
  }

  /** The ARN of a topic of the stack. */
  public topicArn(topic: IConstruct): string {
    const name = logicalIdOf(topic);
    const found = this.deployment.topics.find((t) => t.name === name);
    if (!found) throw new TemplateIamError(`no topic ${name} in the deployment`);
    return found.arn;
  }

  private bucket(role: BucketRole): RegistryDeployment['buckets'][number] {
    // resolveDeployment gives the registry's buckets their local names.
    const found = this.deployment.buckets.find((b) => b.name === localBucketNames[role]);
    if (!found) throw new TemplateIamError(`no ${role} bucket (${localBucketNames[role]}) in the deployment`);
    return found;
  }
}

const cache = new WeakMap<Synthesized, RegistryIam>();

/**
 * Resolves a synthesized registry test stack (any stack name, fixture or checkout handlers) as the local stack
 * resolves its own, once per synthesized stack.
 */
export function registryIam(s: Synthesized): RegistryIam {
  const cached = cache.get(s);
  if (cached) return cached;
  const described = describeSynthesizedStack(s.stack, s.template.toJSON() as CfnTemplate);
  const result = new RegistryIam(resolveDeployment(described));
  cache.set(s, result);
  return result;
}

/** The local account and region, with every resource named by its logical id. */
function resolutionContext(template: CfnTemplate, stackName: string): ResolutionContext {
  return {
    template,
    stackName,
    account: localAccount,
    region: localDeploymentRegion,
    physicalNames: {},
    queueUrlBase: localQueueUrlBase,
  };
}

/** Resource-policy types {@link stackIam} does not resolve; a stack with one must not be judged without it. */
const unresolvedPolicyTypes = ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::SNS::TopicPolicy'];

/** A stack that is not the registry (a construct under test), resolved in the local account and region. */
export class StackIam extends TemplateIam {
  public constructor(
    deployment: RegistryDeployment,
    private readonly context: ResolutionContext,
  ) {
    super(deployment);
  }

  /** The ARN a resource of the stack gets. */
  public arnOf(construct: IConstruct): string {
    return arnOf(this.context, logicalIdOf(construct));
  }

  /** The session of a role of the stack, with its resolved identity policies. */
  public roleIdentity(role: IConstruct): LocalIdentity {
    const resolved = resolveRole(this.context, logicalIdOf(role));
    return this.sessionWith(resolved.name, resolved.identityPolicies);
  }
}

/**
 * Resolves a stack that is not the registry. Only KMS key policies are read as resource policies; a stack with
 * a bucket, queue or topic policy is refused rather than judged without it.
 */
export function stackIam(stack: Stack, template: CfnTemplate): StackIam {
  for (const [id, resource] of Object.entries(template.Resources)) {
    if (unresolvedPolicyTypes.includes(resource.Type)) {
      throw new TemplateIamError(
        `${id} is a ${resource.Type}, which stackIam does not resolve: use registryIam`,
      );
    }
  }
  const context = resolutionContext(template, stack.stackName);
  const keys = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::KMS::Key')
    .map(([id, r]) => ({
      arn: arnOf(context, id),
      policy: resolveValue(r.Properties!.KeyPolicy!, context) as unknown as PolicyDocument,
    }));
  // LocalIam reads a deployment's account, region and resource policies only; the rest stays empty.
  const deployment: RegistryDeployment = {
    stackName: stack.stackName,
    account: context.account,
    region: context.region,
    functions: {},
    buckets: [],
    table: { name: '', arn: '', partitionKey: '', indexes: {} },
    queues: [],
    topics: [],
    keys,
    notifications: [],
    centerRoles: {},
  };
  return new StackIam(deployment, context);
}
