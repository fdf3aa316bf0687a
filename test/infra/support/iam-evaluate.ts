/**
 * A small IAM policy evaluator for synthesized templates, enough to answer "may this role do this action on this
 * ARN?" without an AWS account. It resolves Fn::Join, Fn::GetAtt and Ref symbolically (a bucket's ARN becomes
 * `arn:aws:s3:::<LogicalId>`), then applies IAM's order: an explicit Deny wins, then any Allow, else implicit deny.
 *
 * Limits (it throws rather than guess): no NotPrincipal, no policy variables, no IfExists operators, and only the
 * condition operators StringEquals/StringNotEquals/StringLike/ArnEquals/ArnLike/Bool/Null. StringNotEquals here
 * does not match a request without the key (IAM's does), so a statement relying on that must also carry a Null
 * check, as the registry's do; test/infra/bucket-encryption-policy.test.ts checks those with @cloud-copilot/
 * iam-simulate. Permission boundaries, SCPs and session policies are not modelled; the registry uses none.
 */

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export interface CfnTemplate {
  Resources: Record<string, { Type: string; Properties?: Record<string, Json> }>;
}

export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: Json;
  Action?: string | string[];
  NotAction?: string | string[];
  Resource?: string | string[];
  NotResource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface Request {
  action: string;
  resource: string;
  /** Who asks; matched against resource-policy principals (`*` always matches). Default: an IAM role. */
  principal?: string;
  /** Request context keys, e.g. `aws:SecureTransport` or `s3:prefix`. */
  context?: Record<string, string>;
}

export type Decision = 'allow' | 'explicit-deny' | 'implicit-deny';

export const symbolicEnv = {
  partition: 'aws',
  region: 'eu-west-1',
  account: '123456789012',
  urlSuffix: 'amazonaws.com',
};

const pseudo: Record<string, string> = {
  'AWS::Partition': symbolicEnv.partition,
  'AWS::Region': symbolicEnv.region,
  'AWS::AccountId': symbolicEnv.account,
  'AWS::URLSuffix': symbolicEnv.urlSuffix,
};

/** The symbolic ARN the evaluator gives a resource's `Fn::GetAtt [id, Arn]`. */
export function symbolicArn(template: CfnTemplate, logicalId: string): string {
  const resource = template.Resources[logicalId];
  if (!resource) throw new Error(`no resource ${logicalId} in the template`);
  const { region, account } = symbolicEnv;
  switch (resource.Type) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${logicalId}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${region}:${account}:key/${logicalId}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${region}:${account}:table/${logicalId}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${region}:${account}:${logicalId}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${region}:${account}:log-group:${logicalId}:*`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${region}:${account}:function:${logicalId}`;
    default:
      return `arn:aws:symbolic:${region}:${account}:${resource.Type}/${logicalId}`;
  }
}

/** Replaces CloudFormation intrinsics with symbolic strings; throws on an intrinsic it does not know. */
export function resolveIntrinsics(value: Json, template: CfnTemplate): Json {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, template));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    if (fn === 'Ref') {
      const name = arg as string;
      if (name in pseudo) return pseudo[name]!;
      if (!template.Resources[name]) throw new Error(`Ref to unknown ${name}`);
      return name; // buckets' Ref is their name; the symbolic name is the logical id
    }
    if (fn === 'Fn::GetAtt') {
      const [id, attribute] = arg as [string, string];
      if (attribute !== 'Arn') return `${id}.${attribute}`;
      return symbolicArn(template, id);
    }
    if (fn === 'Fn::Join') {
      const [separator, parts] = arg as [string, Json[]];
      return parts.map((p) => String(resolveIntrinsics(p, template))).join(separator);
    }
    if (fn.startsWith('Fn::')) throw new Error(`intrinsic ${fn} is not supported by the evaluator`);
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveIntrinsics(v, template)]));
}

const asList = (v: string | string[] | undefined): string[] =>
  v === undefined ? [] : Array.isArray(v) ? v : [v];

/** IAM wildcard match: `*` is any run of characters (including `/`), `?` exactly one. */
export function wildcardMatch(pattern: string, value: string, ignoreCase = false): boolean {
  const source = pattern
    .split('')
    .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, ignoreCase ? 'is' : 's').test(value);
}

function principalMatches(principal: Json | undefined, who: string): boolean {
  if (principal === undefined) return true; // identity policy: applies to its holder
  if (principal === '*') return true;
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) {
    throw new Error(`unsupported Principal ${JSON.stringify(principal)}`);
  }
  return Object.values(principal).some((v) =>
    asList(v as string | string[]).some((p) => p === '*' || p === who),
  );
}

function conditionsMatch(condition: Statement['Condition'], context: Record<string, string>): boolean {
  if (!condition) return true;
  return Object.entries(condition).every(([operator, clauses]) =>
    Object.entries(clauses).every(([key, expected]) => {
      const actual = Object.entries(context).find(([k]) => k.toLowerCase() === key.toLowerCase())?.[1];
      const values = asList(expected);
      switch (operator) {
        case 'StringEquals':
        case 'ArnEquals':
          return actual !== undefined && values.includes(actual);
        case 'StringNotEquals':
          return actual !== undefined && !values.includes(actual);
        case 'StringLike':
        case 'ArnLike':
          return actual !== undefined && values.some((v) => wildcardMatch(v, actual));
        case 'Bool':
          return actual !== undefined && values.map((v) => v.toLowerCase()).includes(actual.toLowerCase());
        case 'Null':
          // `Null: true` matches when the key is absent from the request, `Null: false` when it is present.
          return values.map((v) => v.toLowerCase()).includes(String(actual === undefined));
        default:
          throw new Error(`condition operator ${operator} is not supported by the evaluator`);
      }
    }),
  );
}

/** Whether one (resolved) statement applies to the request, ignoring its effect. */
export function statementMatches(statement: Statement, request: Request): boolean {
  if ('NotPrincipal' in statement) throw new Error('NotPrincipal is not supported by the evaluator');
  const who = request.principal ?? 'role';
  const actionHit = statement.NotAction
    ? !asList(statement.NotAction).some((a) => wildcardMatch(a, request.action, true))
    : asList(statement.Action).some((a) => wildcardMatch(a, request.action, true));
  const resourceHit = statement.NotResource
    ? !asList(statement.NotResource).some((r) => wildcardMatch(r, request.resource))
    : asList(statement.Resource).some((r) => wildcardMatch(r, request.resource));
  for (const r of [...asList(statement.Resource), ...asList(statement.NotResource)]) {
    if (r.includes('${')) throw new Error(`policy variables are not supported: ${r}`);
  }
  return (
    actionHit &&
    resourceHit &&
    principalMatches(statement.Principal, who) &&
    conditionsMatch(statement.Condition, request.context ?? {})
  );
}

/** IAM's evaluation order for one account: explicit deny, then allow, else implicit deny. */
export function evaluate(statements: readonly Statement[], request: Request): Decision {
  const matching = statements.filter((s) => statementMatches(s, request));
  if (matching.some((s) => s.Effect === 'Deny')) return 'explicit-deny';
  return matching.some((s) => s.Effect === 'Allow') ? 'allow' : 'implicit-deny';
}

const statementsOf = (document: Json | undefined, template: CfnTemplate): Statement[] => {
  const resolved = resolveIntrinsics(document ?? {}, template) as { Statement?: Statement | Statement[] };
  const s = resolved.Statement;
  return s === undefined ? [] : Array.isArray(s) ? s : [s];
};

/** Every identity-policy statement of a role: inline `Policies` and AWS::IAM::Policy resources attached to it. */
export function roleStatements(template: CfnTemplate, roleLogicalId: string): Statement[] {
  const role = template.Resources[roleLogicalId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`${roleLogicalId} is not an AWS::IAM::Role`);
  if (role.Properties?.ManagedPolicyArns)
    throw new Error(`${roleLogicalId} has managed policies: not modelled`);
  const inline = ((role.Properties?.Policies ?? []) as { PolicyDocument: Json }[]).flatMap((p) =>
    statementsOf(p.PolicyDocument, template),
  );
  const attached = Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .filter((r) =>
      ((r.Properties?.Roles ?? []) as Json[]).some(
        (ref) => JSON.stringify(ref) === JSON.stringify({ Ref: roleLogicalId }),
      ),
    )
    .flatMap((r) => statementsOf(r.Properties?.PolicyDocument, template));
  return [...inline, ...attached];
}

/** The bucket policy statements of a bucket (empty when it has none). */
export function bucketPolicyStatements(template: CfnTemplate, bucketLogicalId: string): Statement[] {
  return Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::S3::BucketPolicy')
    .filter((r) => JSON.stringify(r.Properties?.Bucket) === JSON.stringify({ Ref: bucketLogicalId }))
    .flatMap((r) => statementsOf(r.Properties?.PolicyDocument, template));
}

/**
 * Same-account decision for a role acting on an S3 object or bucket: identity policy and bucket policy are
 * combined (either may allow, any explicit deny wins).
 */
export function decideForRole(
  template: CfnTemplate,
  roleLogicalId: string,
  request: Request,
  bucketLogicalId?: string,
): Decision {
  const statements = [
    ...roleStatements(template, roleLogicalId),
    ...(bucketLogicalId ? bucketPolicyStatements(template, bucketLogicalId) : []),
  ];
  return evaluate(statements, { context: { 'aws:SecureTransport': 'true' }, ...request });
}
