/**
 * Every cdk-nag AwsSolutions finding the registry stack accepts, each with the reason it is accepted. One file,
 * so a reviewer sees the whole list of exceptions in one place.
 */
import type { Stack } from 'aws-cdk-lib';
import type { Distribution } from 'aws-cdk-lib/aws-cloudfront';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { RegistryFunction } from './registry-function.js';

/** The parts of the registry stack that carry accepted findings. */
export interface RegistryNagTargets {
  readonly functions: Iterable<RegistryFunction>;
  /** The close-quarter schedule's role and dead-letter queue, when that function is scheduled. */
  readonly schedule?: { readonly role: Role; readonly deadLetter: Queue };
  readonly centerAccess: IConstruct;
  readonly siteDistribution: Distribution;
}

/** Records the accepted findings on `stack`'s resources; call once every resource named here exists. */
export function suppressRegistryFindings(stack: Stack, targets: RegistryNagTargets): void {
  // CDK's notification custom resource is a singleton at the stack root.
  NagSuppressions.addResourceSuppressionsByPath(
    stack,
    `/${stack.node.path}/BucketNotificationsHandler050a0587b7544547bf325f094a3db834/Role`,
    [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'CDK-managed custom resource that writes the bucket notification configuration at deploy time.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
      },
    ],
    true,
  );

  for (const fn of targets.functions) {
    NagSuppressions.addResourceSuppressions(fn.function, [
      {
        id: 'AwsSolutions-L1',
        reason:
          'The project pins nodejs22.x (the handlers and their tests target Node 22); moving to nodejs24.x is ' +
          'a one-line change in registryFunctionDefaults once the handlers are tested on it.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      fn.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Object access is limited to the key prefixes of function-specs.ts (e.g. curated/*); X-Ray ' +
            'PutTraceSegments/PutTelemetryRecords support no resource-level permissions.',
          appliesTo: [
            { regex: '/^Resource::<(Uploads|Data|Reports)Bucket[0-9A-F]{8}\\.Arn>\\/[a-z-]+\\/\\*$/' },
            'Resource::*',
          ],
        },
      ],
      true,
    );
  }

  if (targets.schedule) {
    NagSuppressions.addResourceSuppressions(targets.schedule.deadLetter, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is the dead-letter queue of the close-quarter schedule target (cdk-nag only recognises SQS redrive DLQs).',
      },
    ]);
    NagSuppressions.addResourceSuppressions(
      targets.schedule.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'lambda:InvokeFunction on the close-quarter function and its qualified versions (<arn>:*) only.',
          appliesTo: [{ regex: '/^Resource::<Fnclosequarter[A-Za-z0-9]+\\.Arn>:\\*$/' }],
        },
      ],
      true,
    );
  }

  NagSuppressions.addResourceSuppressions(
    targets.centerAccess,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          "A center's objects are the keys under its own prefix (uploads/{id}/*, validation/{id}/*, " +
          'centers/{id}/*); the wildcard is the prefix, not a wider grant.',
        appliesTo: [
          {
            regex:
              '/^Resource::<(Uploads|Data|Reports)Bucket[0-9A-F]{8}\\.Arn>\\/[a-z]+\\/[A-Z][A-Z0-9]{1,15}\\/\\*$/',
          },
        ],
      },
    ],
    true,
  );

  NagSuppressions.addResourceSuppressions(targets.siteDistribution, [
    {
      id: 'AwsSolutions-CFR1',
      reason: 'Committee members travel; access is gated by CloudFront signatures, not by country.',
    },
    {
      id: 'AwsSolutions-CFR2',
      reason:
        'Every request must carry a valid CloudFront signature; unsigned requests are refused at the edge ' +
        'before reaching the origin. WAF is a follow-up if abuse is seen (cost: see docs/deploy.md).',
    },
    {
      id: 'AwsSolutions-CFR4',
      reason:
        'Uses the default *.cloudfront.net certificate, whose minimum protocol CloudFront fixes; a custom ' +
        'domain with an ACM certificate and TLSv1.2_2021 is the documented follow-up.',
    },
  ]);
}
