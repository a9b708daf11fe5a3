import { CloudwatchCompositeAlarm } from "@cdktf/provider-aws/lib/cloudwatch-composite-alarm";
import type { Construct } from "constructs";
import { alarmDescription, type AnyAlarm } from "./metric-alarm";
import type { RunbookSection } from "./runbook";

export interface CompositeAlarmProps {
  readonly alarmName: string;
  /** What it means and what to do; the runbook link is appended. */
  readonly description: string;
  readonly runbook: RunbookSection;
  /** "all": every alarm in ALARM (AND); "any": at least one (OR). */
  readonly when: "all" | "any";
  readonly alarms: readonly AnyAlarm[];
  /** SNS topics notified on ALARM and on OK. */
  readonly actions: readonly string[];
}

/** CloudWatch's limit on a composite's AlarmRule (PutCompositeAlarm). */
const MAX_RULE_CHARS = 10_240;

/**
 * A composite alarm over others, by name (ALARM("name")), with the catalog's conventions: a runbook
 * link, ALARM and OK actions. Not on the local AWS server (moto 5.2.1 answers PutCompositeAlarm with
 * 500): callers leave composites out there.
 */
export function addCompositeAlarm(scope: Construct, id: string, props: CompositeAlarmProps): CloudwatchCompositeAlarm {
  if (props.alarms.length === 0) throw new Error(`${scope.node.path}/${id}: a composite alarm needs at least one alarm to combine`);
  if (props.actions.length === 0) throw new Error(`${scope.node.path}: alarm ${props.alarmName} notifies no one; pass the alert topic in actions`);
  const rule = props.alarms.map((alarm) => `ALARM("${alarm.alarmName}")`).join(props.when === "all" ? " AND " : " OR ");
  if (rule.length > MAX_RULE_CHARS) throw new Error(`${scope.node.path}/${id}: the alarm rule is ${rule.length} characters; CloudWatch allows ${MAX_RULE_CHARS}`);
  return new CloudwatchCompositeAlarm(scope, id, {
    alarmName: props.alarmName,
    alarmDescription: alarmDescription(scope, props.alarmName, props.description, props.runbook),
    alarmRule: rule,
    alarmActions: [...props.actions],
    // The rule references each alarm's name attribute, so Terraform creates the alarms first
    // (CloudWatch refuses a rule naming an alarm that does not exist).
    okActions: [...props.actions],
  });
}
