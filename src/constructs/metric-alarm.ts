import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";

export interface MetricAlarmProps {
  readonly alarmName: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** "Sum", "Maximum", ... or a percentile such as "p99". */
  readonly statistic: string;
  readonly threshold: number;
  /** @default "GreaterThanThreshold" */
  readonly comparison?: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
  /** Seconds per evaluation period. @default 60 */
  readonly periodSeconds?: number;
  /** Consecutive breaching periods before the alarm fires. @default 1 */
  readonly evaluationPeriods?: number;
  /** SNS topics notified on ALARM and on OK. */
  readonly actions: readonly string[];
}

/**
 * A CloudWatch alarm with the lake's conventions: notifies on ALARM and on recovery, and treats
 * missing data as fine (idle queues and functions publish no data points).
 */
export function addMetricAlarm(scope: Construct, id: string, props: MetricAlarmProps): CloudwatchMetricAlarm {
  const percentile = /^p\d+(\.\d+)?$/.test(props.statistic);
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: props.description,
    namespace: props.namespace,
    metricName: props.metricName,
    dimensions: { ...props.dimensions },
    ...(percentile ? { extendedStatistic: props.statistic } : { statistic: props.statistic }),
    threshold: props.threshold,
    comparisonOperator: props.comparison ?? "GreaterThanThreshold",
    period: props.periodSeconds ?? 60,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    treatMissingData: "notBreaching",
    alarmActions: [...props.actions],
    okActions: [...props.actions],
  });
}
