import type { GuardrailRule, StackView, SynthesizedResource } from "../rule";
import { blocks, pointsAt } from "./helpers";

/** What CloudWatch names each watched resource by in its namespace's dimensions. */
const NAME_ATTRIBUTE: Readonly<Record<string, string>> = {
  aws_lambda_function: "function_name",
  aws_sqs_queue: "name",
  aws_kinesis_stream: "name",
  aws_kinesis_firehose_delivery_stream: "name",
  aws_glue_job: "name",
  aws_dynamodb_table: "name",
  // AWS/States names a state machine by its ARN (dimension StateMachineArn), matched by its name.
  aws_sfn_state_machine: "name",
};

/** Every dimension value an alarm names: its own, and those of its metric queries' metrics. */
function dimensionValues(alarm: SynthesizedResource): unknown[] {
  const own = Object.values((alarm.config.dimensions as Record<string, unknown> | undefined) ?? {});
  const queried = blocks(alarm.config.metric_query).flatMap((q) => blocks(q.metric).flatMap((m) => Object.values((m.dimensions as Record<string, unknown> | undefined) ?? {})));
  return [...own, ...queried];
}

function namesResource(value: unknown, resource: SynthesizedResource, attribute: string): boolean {
  const name = resource.config[attribute];
  if (typeof name === "string" && (value === name || (resource.type === "aws_sfn_state_machine" && typeof value === "string" && value.endsWith(`:stateMachine:${name}`)))) return true;
  return pointsAt(value, resource) && String(value).includes(`.${attribute}}`);
}

const alarmsOn = (resource: SynthesizedResource, view: StackView) => {
  const attribute = NAME_ATTRIBUTE[resource.type]!;
  return view.ofType("aws_cloudwatch_metric_alarm").filter((alarm) => dimensionValues(alarm).some((v) => namesResource(v, resource, attribute)));
};

export const alarmedResources: GuardrailRule = {
  id: "MDL-OPS-1",
  description: "Every function, queue (DLQs too), stream, delivery stream, Glue job, table and state machine has at least one CloudWatch alarm on its metrics.",
  // Neither checkov nor trivy checks that resources are alarmed.
  checkov: [],
  trivy: [],
  appliesTo: Object.keys(NAME_ATTRIBUTE),
  evaluate: (resource, view) => {
    if (alarmsOn(resource, view).length > 0) return undefined;
    const attribute = NAME_ATTRIBUTE[resource.type]!;
    return `no aws_cloudwatch_metric_alarm has a dimension naming this resource (its ${attribute}): nobody learns when it fails; add one (src/constructs/metric-alarm.ts addMetricAlarm, with a runbook section)`;
  },
};
