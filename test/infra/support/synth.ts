/**
 * Builds the registry stack the way infra/app.ts does (env-agnostic, cdk-nag AwsSolutions aspect) for tests.
 * `handlers: 'fixture'` points every function spec at a tiny fixture entry so the function wiring (grants,
 * triggers, schedule, alarms) can be tested before the real handlers exist; `handlers: 'checkout'` uses the
 * stack's default, which wires only the handlers present in the checkout.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { RegistryStack, type RegistryStackProps } from '../../../infra/stacks/registry-stack.js';

export const fixtureEntry = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'handler.ts');

export interface Synthesized {
  app: App;
  stack: RegistryStack;
  template: Template;
}

const cache = new Map<string, Synthesized>();

/** Synthesizes once per handler mode (per test file) when no props are given: the full stack takes seconds. */
export function synthRegistry(
  handlers: 'fixture' | 'checkout',
  props: Omit<RegistryStackProps, 'resolveEntry'> = {},
): Synthesized {
  const cacheable = Object.keys(props).length === 0;
  const cached = cacheable ? cache.get(handlers) : undefined;
  if (cached) return cached;
  const app = new App();
  const stack = new RegistryStack(app, 'TestRegistry', {
    ...props,
    ...(handlers === 'fixture' ? { resolveEntry: () => fixtureEntry } : {}),
  });
  Aspects.of(app).add(new AwsSolutionsChecks());
  // Template.fromStack synthesizes the app, which runs the aspects and records cdk-nag's annotations.
  const template = Template.fromStack(stack);
  const synthesized = { app, stack, template };
  if (cacheable) cache.set(handlers, synthesized);
  return synthesized;
}

/** The logical id CloudFormation will use for a construct (its default child when it is an L2). */
export function logicalIdOf(construct: IConstruct): string {
  const child = construct.node.defaultChild ?? construct;
  return Stack.of(construct).resolve((child as unknown as { logicalId: string }).logicalId) as string;
}
