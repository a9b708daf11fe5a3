/**
 * Records the `terraform show -json` plans that the plan-review tests read (fixtures/*.json).
 * Not a test (jest only runs *.test.ts): it needs Python with moto, Terraform and the offline
 * provider mirror, and takes about a minute. Run it from the repository root:
 *
 *   npx esbuild __tests__/plan-review/record-fixtures.ts --bundle --platform=node --target=node20 \
 *     --outfile=build/plan-review/record-fixtures.js && node build/plan-review/record-fixtures.js
 *
 * What it does, against a fresh moto server (scripts/lib/moto-server.ts):
 *   1. plans a small configuration (KMS key with a policy, two buckets, IAM role + inline policy,
 *      log group, queue) on empty state          -> fixtures/create.plan.json, then applies it;
 *   2. plans a second version of it on that state -> fixtures/update-replace-delete.plan.json:
 *      updates (key policy statement added and an Action changed, key rotation, versioning,
 *      public access block, queue key, trust policy), a replace (log group renamed), a delete
 *      (landing bucket removed), a deferred data source read and a create (queue policy).
 * The provider settings are those of the project's local mode (src/stacks/aws-provider.ts).
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { startMotoServer } from "../../scripts/lib/moto-server";
import { offlineTerraformEnv, terraform, AWS_PROVIDER } from "../../scripts/lib/terraform-cli";

const ACCOUNT_ROOT = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:root";
const SERVICES = ["iam", "kms", "logs", "s3", "sqs", "sts"];

function localProvider(endpoint: string) {
  return {
    region: "us-east-1",
    access_key: "test",
    secret_key: "test",
    skip_credentials_validation: true,
    skip_metadata_api_check: "true",
    skip_region_validation: true,
    skip_requesting_account_id: false,
    s3_use_path_style: true,
    max_retries: 1,
    endpoints: [Object.fromEntries(SERVICES.map((s) => [s, endpoint]))],
  };
}

const policy = (statements: object[]) => JSON.stringify({ Version: "2012-10-17", Statement: statements });

function keyPolicy(version: 1 | 2): string {
  const administration = { Sid: "KeyAdministration", Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: ["kms:Create*", "kms:Describe*", "kms:Enable*", "kms:Put*", "kms:ScheduleKeyDeletion"], Resource: "*" };
  const use = { Sid: "KeyUse", Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: version === 1 ? ["kms:Decrypt", "kms:Encrypt"] : ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey*"], Resource: "*" };
  const logs = {
    Sid: "AllowCloudWatchLogs",
    Effect: "Allow",
    Principal: { Service: "logs.us-east-1.amazonaws.com" },
    Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:GenerateDataKey*"],
    Resource: "*",
    Condition: { ArnLike: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:us-east-1:${data.aws_caller_identity.current.account_id}:log-group:*" } },
  };
  return policy(version === 1 ? [administration, use] : [administration, use, logs]);
}

function trustPolicy(version: 1 | 2): string {
  if (version === 1) return policy([{ Sid: "LambdaAssume", Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }]);
  return policy([{ Sid: "LambdaAssume", Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: "sts:AssumeRole", Condition: { StringEquals: { "sts:ExternalId": "fixture-external-id" } } }]);
}

/** The configuration in plain Terraform JSON; `version` 2 is the changed one. */
function configuration(endpoint: string, version: 1 | 2): object {
  const resource: Record<string, Record<string, object>> = {
    aws_kms_key: { lake: { description: "plan-review fixture key", deletion_window_in_days: 7, enable_key_rotation: version === 2, policy: keyPolicy(version) } },
    aws_s3_bucket: { archive: { bucket: "mdl-fixture-archive" } },
    aws_s3_bucket_versioning: { archive: { bucket: "${aws_s3_bucket.archive.id}", versioning_configuration: [{ status: version === 1 ? "Enabled" : "Suspended" }] } },
    aws_s3_bucket_public_access_block: {
      archive: { bucket: "${aws_s3_bucket.archive.id}", block_public_acls: true, block_public_policy: version === 1, ignore_public_acls: true, restrict_public_buckets: true },
    },
    aws_iam_role: { ingest: { name: "mdl-fixture-ingest", assume_role_policy: trustPolicy(version) } },
    aws_cloudwatch_log_group: {
      ingest: version === 1 ? { name: "/mdl/fixture/ingest", retention_in_days: 7 } : { name: "/mdl/fixture/ingest-v2", retention_in_days: 30, kms_key_id: "${aws_kms_key.lake.arn}" },
    },
    aws_sqs_queue: { events: { name: "mdl-fixture-events", ...(version === 2 ? { kms_master_key_id: "${aws_kms_key.lake.id}" } : {}) } },
    aws_iam_role_policy: {
      ingest: {
        name: "ingest",
        role: "${aws_iam_role.ingest.id}",
        policy: version === 1 ? policy([{ Sid: "ReadLanding", Effect: "Allow", Action: "s3:GetObject", Resource: "${aws_s3_bucket.landing.arn}/*" }]) : "${data.aws_iam_policy_document.ingest.json}",
      },
    },
  };
  const data: Record<string, Record<string, object>> = { aws_caller_identity: { current: {} } };
  if (version === 1) {
    resource.aws_s3_bucket.landing = { bucket: "mdl-fixture-landing" };
  } else {
    // Refers to the replaced log group's ARN, so Terraform defers the read to apply time.
    data.aws_iam_policy_document = { ingest: { statement: [{ sid: "WriteLogs", actions: ["logs:CreateLogStream", "logs:PutLogEvents"], resources: ["${aws_cloudwatch_log_group.ingest.arn}:*"] }] } };
    resource.aws_sqs_queue_policy = {
      events: { queue_url: "${aws_sqs_queue.events.id}", policy: policy([{ Sid: "AccountSends", Effect: "Allow", Principal: { AWS: ACCOUNT_ROOT }, Action: "sqs:SendMessage", Resource: "${aws_sqs_queue.events.arn}" }]) },
    };
  }
  return {
    terraform: { required_providers: { aws: { source: "hashicorp/aws", version: AWS_PROVIDER.version } } },
    provider: { aws: [localProvider(endpoint)] },
    data,
    resource,
  };
}

function check(step: string, result: { status: number | null; stdout: string; stderr: string }): string {
  if (result.status !== 0) throw new Error(`${step} failed (exit ${result.status}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
  return result.stdout;
}

async function main(): Promise<void> {
  const root = process.cwd();
  const fixtures = join(root, "__tests__", "plan-review", "fixtures");
  if (!existsSync(join(root, "__tests__", "plan-review"))) throw new Error("run this from the repository root");
  const work = resolve(root, "build", "plan-review-recording");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  mkdirSync(fixtures, { recursive: true });
  const env = offlineTerraformEnv(work);
  const moto = await startMotoServer({ logFile: join(work, "moto.log") });
  try {
    const record = (version: 1 | 2, fixture: string) => {
      writeFileSync(join(work, "main.tf.json"), JSON.stringify(configuration(moto.endpoint, version), null, 2));
      if (version === 1) check("terraform init", terraform(["init", "-input=false", "-no-color"], work, env));
      check("terraform plan", terraform(["plan", "-input=false", "-no-color", "-out=fixture.tfplan"], work, env));
      const shown = JSON.parse(check("terraform show", terraform(["show", "-json", "fixture.tfplan"], work, env)));
      writeFileSync(join(fixtures, fixture), `${JSON.stringify(shown, null, 1)}\n`);
      console.log(`recorded ${fixture}`);
    };
    record(1, "create.plan.json");
    check("terraform apply", terraform(["apply", "-input=false", "-no-color", "fixture.tfplan"], work, env));
    record(2, "update-replace-delete.plan.json");
  } finally {
    await moto.stop();
  }
}

main().catch((error: Error) => {
  console.error(`Recording failed: ${error.message}`);
  process.exit(1);
});
