import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { CloudwatchMetricAlarm, type CloudwatchMetricAlarmMetricQuery } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct, IConstruct } from "constructs";
import { runbookLink, type RunbookSection } from "./runbook";

/** CloudWatch's choices for periods with no data point; chosen per alarm, never defaulted. */
export type TreatMissingData = "missing" | "ignore" | "breaching" | "notBreaching";

/**
 * `page`: the pipeline loses or delays data until someone acts; such alarms make up the composite
 * "pipeline unhealthy" alarm. `ticket`: a trend to fix within days (capacity, duration). `gate`: a
 * condition only a composite alarm acts on (e.g. "market hours"); it notifies no one itself.
 */
export type AlarmSeverity = "page" | "ticket" | "gate";

interface AlarmCommonProps {
  readonly alarmName: string;
  /** What it means and what to do; the runbook link is appended. */
  readonly description: string;
  readonly runbook: RunbookSection;
  readonly treatMissingData: TreatMissingData;
  readonly severity: AlarmSeverity;
  /** Consecutive breaching periods before the alarm fires. @default 1 */
  readonly evaluationPeriods?: number;
  /** SNS topics notified on ALARM and on OK (none for a `gate`). */
  readonly actions: readonly string[];
}

export interface MetricAlarmProps extends AlarmCommonProps {
  readonly threshold: number;
  /** @default "GreaterThanThreshold" */
  readonly comparison?: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold" | "LessThanOrEqualToThreshold";
  /** Seconds per evaluation period. @default 60 */
  readonly periodSeconds?: number;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** "Sum", "Maximum", ... or a percentile such as "p99". */
  readonly statistic: string;
}

/** CloudWatch's limit on AlarmDescription (PutMetricAlarm). */
const MAX_DESCRIPTION_CHARS = 1024;

const severities = new WeakMap<CloudwatchMetricAlarm, AlarmSeverity>();

export type AnyAlarm = CloudwatchMetricAlarm | CloudwatchCompositeAlarm;

/** The severity an alarm was made with (undefined for composites and alarms not made here). */
export function alarmSeverity(alarm: AnyAlarm): AlarmSeverity | undefined {
  return alarm instanceof CloudwatchMetricAlarm ? severities.get(alarm) : undefined;
}

/** Every metric and composite alarm below `scope`, in construct order. */
export function alarmsUnder(scope: IConstruct): AnyAlarm[] {
  return scope.node.findAll().filter((c): c is AnyAlarm => c instanceof CloudwatchMetricAlarm || c instanceof CloudwatchCompositeAlarm);
}

/** A CloudWatch alarm with the lake's conventions: a runbook link, ALARM and OK actions. */
export function addMetricAlarm(scope: Construct, id: string, props: MetricAlarmProps): CloudwatchMetricAlarm {
  const percentile = /^p\d+(\.\d+)?$/.test(props.statistic);
  return register(
    new CloudwatchMetricAlarm(scope, id, {
      ...common(scope, props),
      threshold: props.threshold,
      comparisonOperator: props.comparison ?? "GreaterThanThreshold",
      namespace: props.namespace,
      metricName: props.metricName,
      dimensions: { ...props.dimensions },
      ...(percentile ? { extendedStatistic: props.statistic } : { statistic: props.statistic }),
      period: props.periodSeconds ?? 60,
    }),
    props.severity,
  );
}

export interface MathAlarmProps extends AlarmCommonProps {
  /** The queries; exactly one returns data (the series compared). */
  readonly metricQuery: readonly CloudwatchMetricAlarmMetricQuery[];
  readonly comparison: "GreaterThanThreshold" | "LessThanThreshold" | "GreaterThanUpperThreshold" | "LessThanLowerThreshold" | "LessThanLowerOrGreaterThanUpperThreshold";
  /** A fixed threshold, or (anomaly detection) the id of the ANOMALY_DETECTION_BAND query. */
  readonly threshold: number | { readonly bandId: string };
}

/** An alarm over metric math (an expression or an anomaly detection band), with the same conventions. */
export function addMathAlarm(scope: Construct, id: string, props: MathAlarmProps): CloudwatchMetricAlarm {
  const band = typeof props.threshold === "object" ? props.threshold.bandId : undefined;
  // An anomaly detection alarm returns the metric and its band (PutMetricAlarm: ThresholdMetricId);
  // any other math alarm returns exactly the series it compares.
  const returned = props.metricQuery.filter((q) => q.returnData === true).map((q) => q.id);
  const expected = band ? 2 : 1;
  if (returned.length !== expected || (band && !returned.includes(band))) {
    throw new Error(`${scope.node.path}/${id}: ${band ? `the metric and the band "${band}"` : "exactly one query"} must return data, got ${returned.length ? returned.join(", ") : "none"}`);
  }
  return register(
    new CloudwatchMetricAlarm(scope, id, {
      ...common(scope, props),
      ...(band ? { thresholdMetricId: band } : { threshold: props.threshold as number }),
      comparisonOperator: props.comparison,
      metricQuery: props.metricQuery.map((q) => ({ ...q })),
    }),
    props.severity,
  );
}

/** The description with its runbook link, checked against CloudWatch's length limit. */
export function alarmDescription(scope: Construct, alarmName: string, text: string, runbook: RunbookSection): string {
  const description = `${text}. Runbook: ${runbookLink(scope, runbook)}`;
  if (description.length > MAX_DESCRIPTION_CHARS) throw new Error(`${scope.node.path}: the description of ${alarmName} is ${description.length} characters; CloudWatch allows ${MAX_DESCRIPTION_CHARS}`);
  return description;
}

function common(scope: Construct, props: AlarmCommonProps) {
  const description = alarmDescription(scope, props.alarmName, props.description, props.runbook);
  if (props.severity === "gate" && props.actions.length > 0) throw new Error(`${scope.node.path}: alarm ${props.alarmName} is a gate for composite alarms; it must notify no one`);
  if (props.severity !== "gate" && props.actions.length === 0) throw new Error(`${scope.node.path}: alarm ${props.alarmName} notifies no one; pass the alert topic in actions`);
  return {
    alarmName: props.alarmName,
    alarmDescription: description,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    treatMissingData: props.treatMissingData,
    alarmActions: [...props.actions],
    okActions: [...props.actions],
  };
}

function register(alarm: CloudwatchMetricAlarm, severity: AlarmSeverity): CloudwatchMetricAlarm {
  severities.set(alarm, severity);
  return alarm;
}
