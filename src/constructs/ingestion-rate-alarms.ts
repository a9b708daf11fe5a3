import type { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import type { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import { Construct } from "constructs";
import type { IngestionRateAlarmConfig } from "../config/environment-config";
import { addCompositeAlarm } from "./composite-alarm";
import { addMathAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

export interface IngestionRateAlarmsProps {
  readonly streamName: string;
  readonly config: IngestionRateAlarmConfig;
  /** SNS topics notified on ALARM and on OK. */
  readonly alarmActions: readonly string[];
  /** Make the composite "too low in market hours" (the local AWS server has no composite alarms). @default true */
  readonly composite?: boolean;
}

const PERIOD_SECONDS = 300;

const minuteOfDay = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * Anomaly detection on the stream's IncomingRecords (CloudWatch learns the weekly and daily shape
 * of the series and draws a band `bandWidth` standard deviations wide):
 * - above the band at any time: a runaway or duplicating producer (cost, and a flood downstream);
 * - below the band inside market hours: a producer or feed that stopped. A band knows no calendar,
 *   so "market hours" is a second, silent alarm (a gate) and the composite pages only when both
 *   are in ALARM. Exchange holidays are market hours to this gate: expect it on those days.
 */
export class IngestionRateAlarms extends Construct {
  readonly aboveBand: CloudwatchMetricAlarm;
  readonly belowBand: CloudwatchMetricAlarm;
  readonly marketHours: CloudwatchMetricAlarm;
  /** Undefined when `composite` is false. */
  readonly lowInMarketHours?: CloudwatchCompositeAlarm;

  constructor(scope: Construct, id: string, props: IngestionRateAlarmsProps) {
    super(scope, id);
    const { streamName, config } = props;
    const records = {
      id: "records",
      returnData: true,
      metric: { namespace: "AWS/Kinesis", metricName: "IncomingRecords", dimensions: { StreamName: streamName }, period: PERIOD_SECONDS, stat: "Sum" },
    };
    const band = { id: "band", expression: `ANOMALY_DETECTION_BAND(records, ${config.bandWidth})`, label: "expected IncomingRecords", returnData: true };
    const common = { metricQuery: [records, band], threshold: { bandId: "band" }, evaluationPeriods: config.evaluationPeriods, runbook: RUNBOOK_SECTIONS.ingestionRate };

    this.aboveBand = addMathAlarm(this, "above-band", {
      ...common,
      alarmName: `${streamName}-incoming-records-above-band`,
      description: `More records reach ${streamName} than its learned pattern allows: a producer resending or looping, or a new feed nobody sized for; check producers' PutRecords and the write-throttle alarm`,
      comparison: "GreaterThanUpperThreshold",
      // No data point, no records: not too many.
      treatMissingData: "notBreaching",
      severity: "page",
      actions: props.alarmActions,
    });
    this.belowBand = addMathAlarm(this, "below-band", {
      ...common,
      alarmName: `${streamName}-incoming-records-below-band`,
      description: `Fewer records reach ${streamName} than its learned pattern expects (a gate: the market-hours composite pages)`,
      comparison: "LessThanLowerThreshold",
      // Kinesis publishes IncomingRecords only when records arrive: no data point is no ingestion.
      treatMissingData: "breaching",
      severity: "gate",
      actions: [],
    });

    // The time of day comes from GetRecords.IteratorAgeMilliseconds, which has a data point every
    // period whether or not records arrive (Firehose reads the stream every second), so the gate
    // knows the hour even when ingestion stopped. DAY: 1 = Monday ... 7 = Sunday (UTC).
    const open = minuteOfDay(config.marketHoursUtc.open);
    const close = minuteOfDay(config.marketHoursUtc.close);
    this.marketHours = addMathAlarm(this, "market-hours", {
      alarmName: `${streamName}-market-hours`,
      description: `Monday-Friday ${config.marketHoursUtc.open}-${config.marketHoursUtc.close} UTC, when too little ingestion is an incident (a gate for the composite, it notifies no one)`,
      runbook: RUNBOOK_SECTIONS.ingestionRate,
      metricQuery: [
        { id: "reads", returnData: false, metric: { namespace: "AWS/Kinesis", metricName: "GetRecords.IteratorAgeMilliseconds", dimensions: { StreamName: streamName }, period: PERIOD_SECONDS, stat: "Maximum" } },
        { id: "minute", returnData: false, expression: "HOUR(reads) * 60 + MINUTE(reads)" },
        { id: "open", returnData: true, label: "market hours", expression: `IF(DAY(reads) <= 5 AND minute >= ${open} AND minute < ${close}, 1, 0)` },
      ],
      comparison: "GreaterThanThreshold",
      threshold: 0,
      evaluationPeriods: 1,
      // Unknown hour (the reader stopped: its own alarm pages) counts as outside market hours.
      treatMissingData: "notBreaching",
      severity: "gate",
      actions: [],
    });

    if (props.composite !== false) {
      this.lowInMarketHours = addCompositeAlarm(this, "low-in-market-hours", {
        alarmName: `${streamName}-incoming-records-low-in-market-hours`,
        description: `Fewer records reach ${streamName} during market hours than its learned pattern expects: a producer, feed or partner role stopped; check producers, then PutRecords errors and the partner roles`,
        runbook: RUNBOOK_SECTIONS.ingestionRate,
        when: "all",
        alarms: [this.belowBand, this.marketHours],
        actions: props.alarmActions,
      });
    }
  }
}
