import type { GuardrailRule, StackView, SynthesizedResource } from "../rule";
import { blocks, pointsAt } from "./helpers";

type Dimensions = Readonly<Record<string, unknown>>;

/** How CloudWatch names a watched resource in its metrics' dimensions, and how to say it in a fix. */
interface Watch {
  readonly names: (dimensions: Dimensions, resource: SynthesizedResource) => boolean;
  readonly what: string;
}

/** Any dimension value is the resource's `attribute`, literally or by reference to that attribute. */
const byAttribute = (attribute: string): Watch => ({
  names: (dimensions, resource) =>
    Object.values(dimensions).some((v) => (typeof resource.config[attribute] === "string" && v === resource.config[attribute]) || (pointsAt(v, resource) && String(v).includes(`.${attribute}}`))),
  what: `its ${attribute}`,
});

const WATCHES: Readonly<Record<string, Watch>> = {
  aws_lambda_function: byAttribute("function_name"),
  aws_sqs_queue: byAttribute("name"),
  aws_kinesis_stream: byAttribute("name"),
  aws_kinesis_firehose_delivery_stream: byAttribute("name"),
  aws_glue_job: byAttribute("name"),
  aws_dynamodb_table: byAttribute("name"),
  // AWS/States names a state machine by its ARN (dimension StateMachineArn): the ARN built from its
  // name (constructs build it to avoid cycles), or a reference to its arn (or id, which is the ARN).
  aws_sfn_state_machine: {
    names: (dimensions, machine) => {
      const arn = dimensions.StateMachineArn;
      const name = machine.config.name;
      return (typeof arn === "string" && typeof name === "string" && arn.endsWith(`:stateMachine:${name}`)) || (pointsAt(arn, machine) && /\.(arn|id)\}$/.test(String(arn)));
    },
    what: "its ARN in StateMachineArn",
  },
  // HTTP API stage metrics (AWS/ApiGateway) carry ApiId and Stage; both must name this stage.
  aws_apigatewayv2_stage: {
    names: (dimensions, stage) => dimensions.ApiId !== undefined && dimensions.ApiId === stage.config.api_id && dimensions.Stage === stage.config.name,
    what: "its api_id in ApiId and its name in Stage",
  },
};

/** Every dimension set an alarm names: its own, and those of its metric queries' metrics. */
function dimensionSets(alarm: SynthesizedResource): Dimensions[] {
  const own = (alarm.config.dimensions as Dimensions | undefined) ?? {};
  const queried = blocks(alarm.config.metric_query).flatMap((q) => blocks(q.metric).map((m) => (m.dimensions as Dimensions | undefined) ?? {}));
  return [own, ...queried];
}

const alarmsOn = (resource: SynthesizedResource, view: StackView) => {
  const watch = WATCHES[resource.type]!;
  return view.ofType("aws_cloudwatch_metric_alarm").filter((alarm) => dimensionSets(alarm).some((d) => watch.names(d, resource)));
};

export const alarmedResources: GuardrailRule = {
  id: "MDL-OPS-1",
  description: "Every function, queue (DLQs too), stream, delivery stream, Glue job, table, state machine and HTTP API stage has at least one CloudWatch alarm on its metrics.",
  // Neither checkov nor trivy checks that resources are alarmed.
  checkov: [],
  trivy: [],
  appliesTo: Object.keys(WATCHES),
  evaluate: (resource, view) => {
    if (alarmsOn(resource, view).length > 0) return undefined;
    return `no aws_cloudwatch_metric_alarm has a dimension naming this resource (${WATCHES[resource.type]!.what}): nobody learns when it fails; add one (src/constructs/metric-alarm.ts addMetricAlarm, with a runbook section)`;
  },
};
