/**
 * Synthesizes the registry stack in this process, as `cdk synth` does (infra/app.ts), but without bundling the
 * functions' code: the local stack needs the template, not the zip files. Every handler entry must exist, so a
 * mistyped entry fails here as it fails `cdk synth`.
 */
import { App, Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { BucketRole } from '../../../shared/config/resources.js';
import type { FunctionName, QueueRole } from '../../stacks/function-specs.js';
import { RegistryStack, type RegistryStackProps } from '../../stacks/registry-stack.js';
import type { CfnTemplate } from './cfn-template.js';
import { DeploymentError } from './local-deployment.js';

/** The logical ids of the resources the local stack stands in for. */
export interface RegistryLogicalIds {
  buckets: Record<BucketRole, string>;
  table: string;
  queues: Record<QueueRole, string>;
  deadLetterQueues: Record<QueueRole, string>;
  verdictTopic: string;
  functions: Partial<Record<FunctionName, string>>;
  centerRoles: Record<string, string>;
}

/** A synthesized registry stack. */
export interface SynthesizedRegistry {
  stackName: string;
  template: CfnTemplate;
  logicalIds: RegistryLogicalIds;
}

/** The stack name the local deployment synthesizes (infra/app.ts's default). */
export const localStackName = 'EclsRegistry';

/** The logical id CloudFormation uses for a construct (its default child when it is an L2). */
export function logicalIdOf(construct: IConstruct): string {
  const child = construct.node.defaultChild ?? construct;
  return Stack.of(construct).resolve((child as unknown as { logicalId: string }).logicalId) as string;
}

/**
 * Synthesizes the registry stack (without asset bundling) and names the logical ids of its buckets, table,
 * queues, topic, functions and center roles.
 * @example
 *   const { template, logicalIds } = synthesizeRegistry();
 *   template.Resources[logicalIds.functions.report!]!.Properties!.MemorySize; // 3008
 */
export function synthesizeRegistry(props: RegistryStackProps = {}): SynthesizedRegistry {
  // An empty bundling-stacks list is what `cdk synth --exclusively` uses to skip esbuild for other stacks.
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new RegistryStack(app, localStackName, props);
  const template = app.synth().getStackByName(stack.stackName).template as CfnTemplate;
  return describeSynthesizedStack(stack, template);
}

/**
 * Names the logical ids of an already synthesized registry stack's buckets, table, queues, topic, functions and
 * center roles, so a stack built elsewhere (another name, other handler entries) resolves like the local one.
 * @example
 *   const described = describeSynthesizedStack(stack, Template.fromStack(stack).toJSON() as CfnTemplate);
 */
export function describeSynthesizedStack(stack: RegistryStack, template: CfnTemplate): SynthesizedRegistry {
  const byRole = <K extends string>(record: Record<K, IConstruct>): Record<K, string> =>
    Object.fromEntries(Object.entries<IConstruct>(record).map(([k, c]) => [k, logicalIdOf(c)])) as Record<
      K,
      string
    >;
  const deadLetter = (queue: IConstruct): string => {
    const redrive = template.Resources[logicalIdOf(queue)]?.Properties?.RedrivePolicy as
      { deadLetterTargetArn?: { 'Fn::GetAtt'?: [string, string] } } | undefined;
    const id = redrive?.deadLetterTargetArn?.['Fn::GetAtt']?.[0];
    if (id === undefined) throw new DeploymentError(`queue ${logicalIdOf(queue)} has no dead-letter queue`);
    return id;
  };
  return {
    stackName: stack.stackName,
    template,
    logicalIds: {
      buckets: byRole(stack.buckets),
      table: logicalIdOf(stack.table),
      queues: byRole(stack.queues),
      deadLetterQueues: { ingest: deadLetter(stack.queues.ingest), report: deadLetter(stack.queues.report) },
      verdictTopic: logicalIdOf(stack.verdictTopic),
      functions: Object.fromEntries(
        [...stack.functions].map(([name, fn]) => [name, logicalIdOf(fn.function)]),
      ),
      centerRoles: Object.fromEntries(
        [...stack.centerAccess.roles].map(([id, role]) => [id, logicalIdOf(role)]),
      ),
    },
  };
}
