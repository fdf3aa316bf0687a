/**
 * CDK entry point (cdk.json: `npx tsx infra/app.ts`). The stack is environment-agnostic, so `cdk synth` needs
 * no AWS account; cdk-nag's AwsSolutions pack runs on every synth and fails it on an unsuppressed finding.
 */
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { RegistryStack } from './stacks/registry-stack.js';

const app = new App();
new RegistryStack(app, process.env.ECLS_STACK_NAME ?? 'EclsRegistry', {
  description: 'ECLS registry: VA-ECMO multicenter uploads, validation and reports',
});
Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
app.synth();
