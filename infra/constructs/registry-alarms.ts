/**
 * The registry's alarms, all notifying the alarm topic: errors of every function, messages waiting in any
 * dead-letter queue, and accepted data that has waited too long for its report. Created directly in the stack so
 * that their logical ids stay those of a flat stack.
 */
import { Duration, type Stack } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { reportAgeMetric } from '../../shared/observability/report-age-metric.js';
import type { RegistryFunction } from './registry-function.js';

/** What the alarms watch and whom they notify. */
export interface RegistryAlarmsProps {
  readonly topic: Topic;
  readonly functions: ReadonlyMap<string, RegistryFunction>;
  readonly deadLetterQueues: readonly Queue[];
}

/** Adds the registry's alarms to `stack`. */
export function addRegistryAlarms(stack: Stack, props: RegistryAlarmsProps): void {
  const action = new SnsAction(props.topic);
  // Any data point above the threshold in one period alarms; no data (a quiet registry) is not a breach.
  const alarm = (id: string, alarmDescription: string, metric: IMetric, threshold = 0): void => {
    new Alarm(stack, id, {
      alarmDescription,
      metric,
      threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    }).addAlarmAction(action);
  };
  for (const [name, fn] of props.functions) {
    alarm(
      `Fn-${name}-Errors`,
      `The ${name} function reported errors`,
      fn.function.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' }),
    );
  }
  for (const dlq of props.deadLetterQueues) {
    alarm(
      `${dlq.node.id}Depth`,
      `Messages are waiting in ${dlq.node.id}: a record failed every retry`,
      dlq.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
    );
  }
  // The metric is the EMF line of shared/observability/report-age-metric.ts, written by the report and
  // close-quarter handlers: same namespace, name and (exact) dimension set, so the alarm sees every data point.
  alarm(
    'ReportOlderThanExpected',
    'Accepted data has waited longer than expected for its published report (ReportAgeSeconds, emitted by ' +
      'the report and close-quarter handlers)',
    new Metric({
      namespace: reportAgeMetric.namespace,
      metricName: reportAgeMetric.name,
      dimensionsMap: { ...reportAgeMetric.dimensions },
      statistic: 'Maximum',
      period: Duration.hours(1),
    }),
    reportAgeMetric.thresholdSeconds,
  );
}
