import type { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import { Construct, type IConstruct } from "constructs";
import { addCompositeAlarm } from "./composite-alarm";
import { alarmSeverity, alarmsUnder, type AnyAlarm } from "./metric-alarm";
import { RUNBOOK_SECTIONS } from "./runbook";

export interface PipelineHealthAlarmProps {
  readonly alarmName: string;
  /** Where to look for the alarms: every `page` alarm below it (add this construct after them). */
  readonly watched: IConstruct;
  /** Composite alarms to include as well (e.g. ingestion too low in market hours). */
  readonly composites?: readonly CloudwatchCompositeAlarm[];
  readonly alarmActions: readonly string[];
}

/**
 * "Pipeline unhealthy": one composite in ALARM while any `page` alarm of the stack is, for a status
 * light, an on-call rotation or a deploy gate to watch instead of every alarm. Collected from the
 * construct tree, so an alarm added later joins it without a list to keep.
 */
export class PipelineHealthAlarm extends Construct {
  readonly alarm: CloudwatchCompositeAlarm;
  /** The alarms it combines. */
  readonly members: readonly AnyAlarm[];

  constructor(scope: Construct, id: string, props: PipelineHealthAlarmProps) {
    super(scope, id);
    const paging = alarmsUnder(props.watched).filter((alarm) => alarmSeverity(alarm) === "page");
    this.members = [...paging, ...(props.composites ?? [])];
    this.alarm = addCompositeAlarm(this, "alarm", {
      alarmName: props.alarmName,
      description: `At least one alarm that means lost or late data is in ALARM (${this.members.length} watched); open the dashboard's alarm status row to see which, then its runbook section`,
      runbook: RUNBOOK_SECTIONS.pipelineUnhealthy,
      when: "any",
      alarms: this.members,
      actions: props.alarmActions,
    });
  }
}
