import { SqsQueue } from "@cdktf/provider-aws/lib/sqs-queue";
import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { alarmedResources } from "../../src/policy";
import { evaluateGuardrails } from "../../src/policy/guardrails";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { resourcesOf, type SynthesizedJson } from "../support/synth";

/** What MDL-OPS-1 watches: each needs an alarm whose dimensions name it. */
const WATCHED = ["aws_lambda_function", "aws_sqs_queue", "aws_kinesis_stream", "aws_kinesis_firehose_delivery_stream", "aws_glue_job"];

const lakeOf = (config: EnvironmentConfig) => new DataLakeStack(Testing.app(), `data-lake-${config.environment}`, { config });

describe("alarm coverage", () => {
  it.each(["dev", "prod"] as const)("names every function, queue, stream, delivery stream and Glue job of %s in an alarm", (env) => {
    // Prepare
    const stack = lakeOf(ENVIRONMENTS[env]!);
    const json = JSON.parse(Testing.synth(stack)) as SynthesizedJson;

    // Act
    const findings = evaluateGuardrails(stack.toTerraform(), [alarmedResources]);

    // Assess
    expect(findings.map((f) => f.path)).toEqual([]);
    // Not vacuous: the stack has every kind of watched resource (both queues' DLQs included).
    for (const type of WATCHED) expect({ type, present: resourcesOf(json, type).length > 0 }).toEqual({ type, present: true });
  });

  it("fails synth naming MDL-OPS-1 and the resource when a queue has no alarm", () => {
    // Prepare
    const stack = lakeOf(ENVIRONMENTS.dev!);
    new SqsQueue(stack, "unwatched", { name: "mdl-dev-use1-unwatched" });

    // Act + Assess
    expect(() => Testing.synth(stack, true)).toThrow(/\[MDL-OPS-1\] data-lake-dev\/unwatched .*no aws_cloudwatch_metric_alarm has a dimension naming this resource/);
  });
});
