/**
 * Confused-deputy protection for KMS key policies. A statement that lets an AWS service principal use a key
 * (S3 delivering notifications to an encrypted queue, CloudWatch publishing alarms to an encrypted topic,
 * CloudFront reading encrypted objects…) would otherwise let that service use the key on behalf of any
 * customer's resource. `confineServicePrincipals` makes every such statement of a key's policy require the
 * stack's account as `aws:SourceAccount`, and, for services whose source resources are declared, one of them as
 * `aws:SourceArn`.
 *
 * It rewrites the rendered key policy (the CfnKey `KeyPolicy`, resolved at synthesis), so it also covers
 * statements CDK adds by itself (e.g. SqsDestination's grant to s3.amazonaws.com) and statements added after
 * the call: whatever ends up in the policy document is confined.
 */
import { Lazy, Stack } from 'aws-cdk-lib';
import type { CfnKey, Key } from 'aws-cdk-lib/aws-kms';

/** Per service principal (e.g. `s3.amazonaws.com`), the ARN patterns of the resources allowed to act through it. */
export type ServiceSources = Readonly<Record<string, readonly string[]>>;

type Conditions = Record<string, Record<string, unknown>>;
interface RenderedStatement {
  Principal?: unknown;
  Condition?: Conditions;
  [field: string]: unknown;
}

/** The service principals a rendered statement names (`Principal: { Service: … }`), in order. */
export function servicePrincipalsOf(statement: { Principal?: unknown }): string[] {
  const principal = statement.Principal;
  if (typeof principal !== 'object' || principal === null || !('Service' in principal)) return [];
  const service = (principal as { Service: unknown }).Service;
  return (Array.isArray(service) ? service : [service]).filter((s): s is string => typeof s === 'string');
}

/** Whether any operator of the condition block tests `key` (condition keys are case-insensitive). */
export function conditionTests(condition: Conditions | undefined, key: string): boolean {
  return Object.values(condition ?? {}).some((clauses) =>
    Object.keys(clauses).some((k) => k.toLowerCase() === key.toLowerCase()),
  );
}

/**
 * Adds `aws:SourceAccount` (and `aws:SourceArn` where `sources` knows the service) to one rendered statement
 * that names service principals; other statements and conditions already present are returned unchanged.
 */
export function confineStatement(
  statement: RenderedStatement,
  account: unknown,
  sources: ServiceSources,
): RenderedStatement {
  const services = servicePrincipalsOf(statement);
  if (services.length === 0) return statement;
  const condition: Conditions = Object.fromEntries(
    Object.entries(statement.Condition ?? {}).map(([operator, clauses]) => [operator, { ...clauses }]),
  );
  if (!conditionTests(condition, 'aws:SourceAccount')) {
    condition.StringEquals = { ...condition.StringEquals, 'aws:SourceAccount': account };
  }
  const arns = services.flatMap((s) => sources[s] ?? []);
  if (!conditionTests(condition, 'aws:SourceArn') && arns.length > 0) {
    condition.ArnLike = { ...condition.ArnLike, 'aws:SourceArn': arns.length === 1 ? arns[0] : arns };
  }
  return { ...statement, Condition: condition };
}

/**
 * Makes every service-principal statement of `key`'s policy carry `aws:SourceAccount` = this stack's account,
 * and `aws:SourceArn` from `sources` when the statement does not already name a source.
 */
export function confineServicePrincipals(key: Key, sources: ServiceSources): void {
  const stack = Stack.of(key);
  const cfnKey = key.node.defaultChild as CfnKey;
  // The L2 renders its (still growing) policy document through this property; it is resolved only at synthesis.
  const document: unknown = cfnKey.keyPolicy;
  if (document === undefined) return;
  cfnKey.keyPolicy = Lazy.any({
    produce: () => {
      const rendered = stack.resolve(document) as { Statement?: RenderedStatement[] };
      return {
        ...rendered,
        Statement: (rendered.Statement ?? []).map((s) => confineStatement(s, stack.account, sources)),
      };
    },
  });
}
