import { Testing } from "cdktf";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { LOCAL_MODE_IGNORED_CHANGES } from "../../src/stacks/local-mode";
import { policyIn, resourceAt, resourcesOf, type SynthesizedJson } from "../support/synth";

const ENDPOINT = "http://127.0.0.1:4566";

function synth(localAwsEndpoint?: string): SynthesizedJson {
  const stack = new DataLakeStack(Testing.app(), "data-lake-dev", { config: ENVIRONMENTS.dev, mode: { backend: localAwsEndpoint ? "local" : "s3", localAwsEndpoint } });
  return JSON.parse(Testing.synth(stack, true)) as SynthesizedJson;
}

describe("local mode (deploying to a local AWS API server)", () => {
  const local = synth(ENDPOINT);
  const real = synth();

  it("points every service at the local endpoint with fake credentials and the measured provider settings", () => {
    const provider = local.provider!.aws[0];
    expect(provider).toMatchObject({
      access_key: "test",
      secret_key: "test",
      skip_credentials_validation: true,
      skip_requesting_account_id: false,
      s3_use_path_style: true,
      max_retries: 1,
      allowed_account_ids: ["123456789012"],
    });
    expect(Object.values(provider.endpoints[0])).toEqual(expect.arrayContaining([ENDPOINT]));
    expect(new Set(Object.values(provider.endpoints[0]))).toEqual(new Set([ENDPOINT]));
    expect(local.terraform.backend).toEqual({ local: { path: "terraform.data-lake-dev.tfstate" } });
  });

  it("differs from a real deployment only by the listed workarounds", () => {
    // Conditioned denies are left out locally, kept for real.
    const denies = (json: SynthesizedJson) => policyIn(resourceAt(json, "aws_s3_bucket_policy", "storage/raw/policy")).Statement.filter((s) => s.Effect === "Deny").length;
    expect(denies(local)).toBe(0);
    expect(denies(real)).toBe(4);
    // Drifting attributes are ignored locally only.
    for (const [type, attributes] of Object.entries(LOCAL_MODE_IGNORED_CHANGES)) {
      for (const [, body] of resourcesOf(local, type)) expect(body.lifecycle.ignore_changes).toEqual(expect.arrayContaining([...attributes]));
      for (const [, body] of resourcesOf(real, type)) expect(body.lifecycle?.ignore_changes).toBeUndefined();
    }
    // The event source mapping exists in both, disabled only where the local poller plays Lambda.
    expect(resourceAt(local, "aws_lambda_event_source_mapping", "validation/queue-trigger").enabled).toBe(false);
    expect(resourceAt(real, "aws_lambda_event_source_mapping", "validation/queue-trigger").enabled).toBe(true);
    expect(resourceAt(local, "aws_sqs_queue", "validation/queue/dlq").redrive_allow_policy).toBeUndefined();
    expect(resourceAt(real, "aws_sqs_queue", "validation/queue/dlq").redrive_allow_policy).toBeDefined();
    // The DLQ's policy holds only its TLS deny, so locally there is no DLQ policy at all.
    const dlqPolicy = (json: SynthesizedJson) => resourcesOf(json, "aws_sqs_queue_policy").filter(([name]) => name.startsWith("validation_queue_dlq-policy"));
    expect(dlqPolicy(local)).toHaveLength(0);
    expect(dlqPolicy(real)).toHaveLength(1);
    // The real-time function's mapping is left out locally (moto refuses the consumer ARN and would
    // invoke the function inside every PutRecord on the stream ARN), and the on-failure queue's policy
    // holds only its TLS deny.
    expect(resourcesOf(local, "aws_lambda_event_source_mapping").filter(([name]) => name.startsWith("streaming_"))).toHaveLength(0);
    expect(resourceAt(real, "aws_lambda_event_source_mapping", "streaming/subscription/mapping").enabled).toBe(true);
    expect(resourcesOf(local, "aws_sqs_queue_policy").filter(([name]) => name.startsWith("streaming_on-failure_policy"))).toHaveLength(0);
    expect(resourcesOf(real, "aws_sqs_queue_policy").filter(([name]) => name.startsWith("streaming_on-failure_policy"))).toHaveLength(1);
    // moto 5.2.1 has no composite alarms (PutCompositeAlarm answers 500): none locally.
    expect(resourcesOf(local, "aws_cloudwatch_composite_alarm")).toHaveLength(0);
    expect(resourcesOf(real, "aws_cloudwatch_composite_alarm").map(([name]) => name.replace(/_[0-9A-F]{8}$/, "")).sort()).toEqual(["pipeline-health_alarm", "streaming_ingestion-rate_low-in-market-hours"]);
    // Everything else is the same resource set.
    const localOnlyDifferences = [
      "aws_sqs_queue_policy.validation_queue_dlq-policy",
      "aws_sqs_queue_policy.streaming_on-failure_policy",
      "aws_lambda_event_source_mapping.streaming_subscription_mapping",
      "aws_cloudwatch_composite_alarm.",
    ];
    const addresses = (json: SynthesizedJson) =>
      Object.entries(json.resource)
        .flatMap(([type, byName]) => Object.keys(byName).map((n) => `${type}.${n}`))
        .filter((address) => !localOnlyDifferences.some((prefix) => address.startsWith(prefix)))
        .sort();
    expect(addresses(local)).toEqual(addresses(real));
  });

  it("never targets a remote endpoint", () => {
    expect(() => synth("https://sqs.us-east-1.amazonaws.com")).toThrow(/must be a loopback URL such as http:\/\/127.0.0.1:5000/);
  });
});
