/**
 * A synthesized CloudFormation template and the resolution of its intrinsic functions to concrete values, as
 * CloudFormation would resolve them in one account and region: `Ref` and `Fn::GetAtt` give each resource a
 * physical name and ARN (overridable per logical id, so the local stack's buckets, table and queues keep their
 * own names), and parameters take their defaults. An intrinsic this module does not know throws: guessing would
 * let a template that AWS rejects look fine here.
 */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** One resource of a template. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, Json>;
}

/** The parts of a synthesized template the local deployment reads. */
export interface CfnTemplate {
  Parameters?: Record<string, { Type: string; Default?: string | number }>;
  Resources: Record<string, CfnResource>;
}

/** Where the template is "deployed": the pseudo parameters and the physical names to use. */
export interface ResolutionContext {
  template: CfnTemplate;
  stackName: string;
  account: string;
  region: string;
  /** Physical names by logical id (buckets, tables, queues, topics); others get their logical id. */
  physicalNames: Readonly<Record<string, string>>;
  /** Parameter values by name; a parameter without one takes its default. */
  parameters?: Readonly<Record<string, string>>;
  /** The base of queue URLs (AWS: `https://sqs.{region}.amazonaws.com`). */
  queueUrlBase: string;
}

/** Thrown for a template construct the resolution does not model; the message names it. */
export class TemplateResolutionError extends Error {
  override readonly name = 'TemplateResolutionError';
}

function resourceOf(context: ResolutionContext, logicalId: string): CfnResource {
  const resource = context.template.Resources[logicalId];
  if (!resource) throw new TemplateResolutionError(`the template has no resource ${logicalId}`);
  return resource;
}

/** The physical name CloudFormation would give a resource (its `Properties.*Name` if set). */
export function physicalNameOf(context: ResolutionContext, logicalId: string): string {
  const override = context.physicalNames[logicalId];
  if (override !== undefined) return override;
  const resource = resourceOf(context, logicalId);
  const named = resource.Properties?.RoleName ?? resource.Properties?.FunctionName;
  return named === undefined ? logicalId : String(resolveValue(named, context));
}

/** The ARN CloudFormation would give a resource (`Fn::GetAtt [id, Arn]`). */
export function arnOf(context: ResolutionContext, logicalId: string): string {
  const { region, account } = context;
  const name = physicalNameOf(context, logicalId);
  const type = resourceOf(context, logicalId).Type;
  switch (type) {
    case 'AWS::S3::Bucket':
      return `arn:aws:s3:::${name}`;
    case 'AWS::KMS::Key':
      return `arn:aws:kms:${region}:${account}:key/${name}`;
    case 'AWS::DynamoDB::Table':
      return `arn:aws:dynamodb:${region}:${account}:table/${name}`;
    case 'AWS::SQS::Queue':
      return `arn:aws:sqs:${region}:${account}:${name}`;
    case 'AWS::SNS::Topic':
      return `arn:aws:sns:${region}:${account}:${name}`;
    case 'AWS::IAM::Role':
      return `arn:aws:iam::${account}:role/${name}`;
    case 'AWS::Lambda::Function':
      return `arn:aws:lambda:${region}:${account}:function:${name}`;
    case 'AWS::Logs::LogGroup':
      return `arn:aws:logs:${region}:${account}:log-group:${name}:*`;
    default:
      return `arn:aws:${type.split('::')[1]!.toLowerCase()}:${region}:${account}:${name}`;
  }
}

function refOf(context: ResolutionContext, name: string): string {
  switch (name) {
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::Region':
      return context.region;
    case 'AWS::AccountId':
      return context.account;
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    case 'AWS::StackName':
      return context.stackName;
  }
  const parameter = context.template.Parameters?.[name];
  if (parameter) {
    const value = context.parameters?.[name] ?? parameter.Default;
    if (value === undefined) {
      throw new TemplateResolutionError(`parameter ${name} has no value and no default`);
    }
    return String(value);
  }
  const resource = resourceOf(context, name);
  switch (resource.Type) {
    case 'AWS::SQS::Queue':
      return `${context.queueUrlBase}/${context.account}/${physicalNameOf(context, name)}`;
    case 'AWS::SNS::Topic':
      return arnOf(context, name);
    default:
      return physicalNameOf(context, name);
  }
}

function attributeOf(context: ResolutionContext, logicalId: string, attribute: string): string {
  switch (attribute) {
    case 'Arn':
      return arnOf(context, logicalId);
    case 'QueueName':
    case 'TopicName':
      return physicalNameOf(context, logicalId);
    case 'QueueUrl':
      return refOf(context, logicalId);
    case 'RegionalDomainName':
      return `${physicalNameOf(context, logicalId)}.s3.${context.region}.amazonaws.com`;
    default:
      return `${physicalNameOf(context, logicalId)}.${attribute}`;
  }
}

/**
 * Replaces the intrinsic functions in `value` (Ref, Fn::GetAtt, Fn::Join, Fn::Select, Fn::Split, Fn::Sub) by
 * what CloudFormation would put there.
 * @throws {TemplateResolutionError} for an intrinsic or reference it does not model.
 */
export function resolveValue(value: Json, context: ResolutionContext): Json {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, context));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value);
  if (entries.length === 1) {
    const [fn, arg] = entries[0]!;
    switch (fn) {
      case 'Ref':
        return refOf(context, arg as string);
      case 'Fn::GetAtt': {
        const [id, attribute] = Array.isArray(arg) ? (arg as string[]) : String(arg).split('.');
        return attributeOf(context, id!, attribute!);
      }
      case 'Fn::Join': {
        const [separator, parts] = arg as [string, Json[]];
        const list = resolveValue(parts, context);
        return (list as Json[]).map((p) => String(p)).join(separator);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [Json, Json];
        return (resolveValue(list, context) as Json[])[Number(resolveValue(index, context))]!;
      }
      case 'Fn::Split': {
        const [separator, source] = arg as [string, Json];
        return String(resolveValue(source, context)).split(separator);
      }
      case 'Fn::Sub': {
        const [text, variables] =
          typeof arg === 'string' ? [arg, {}] : (arg as [string, Record<string, Json>]);
        return text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
          if (name in variables) return String(resolveValue(variables[name]!, context));
          const [id, attribute] = name.split('.');
          return attribute === undefined ? refOf(context, id!) : attributeOf(context, id!, attribute);
        });
      }
    }
    if (fn.startsWith('Fn::') || fn === 'Condition') {
      throw new TemplateResolutionError(`the intrinsic ${fn} is not modelled by the local deployment`);
    }
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveValue(v, context)]));
}

/** Logical ids of the resources of one type, optionally filtered by a property test. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/** True when `value` is `{ Ref: logicalId }` or `{ 'Fn::GetAtt': [logicalId, …] }`. */
export function refersTo(value: Json | undefined, logicalId: string): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if ('Ref' in value) return value.Ref === logicalId;
  const getAtt = value['Fn::GetAtt'];
  return Array.isArray(getAtt) && getAtt[0] === logicalId;
}
