import { Testing } from "cdktf";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { scheduleExpression } from "../../src/stacks/lake-etl";
import { policyIn, refTo, resourceAt, resourcesOf, statement, type SynthesizedJson } from "../support/synth";

function synthEnv(env: "dev" | "prod"): SynthesizedJson {
  return JSON.parse(Testing.synth(new DataLakeStack(Testing.app(), `data-lake-${env}`, { config: ENVIRONMENTS[env] }), true)) as SynthesizedJson;
}

describe("Glue ETL in the data lake stack", () => {
  const json = synthEnv("prod");
  const arnOf = (tier: string) => refTo(json, "aws_s3_bucket", `storage/${tier}/bucket`, "arn");
  const keyArn = (tier: string) => refTo(json, "aws_kms_key", `keys/${tier}/key`, "arn");
  const rolePolicy = (job: string) => policyIn(resourceAt(json, "aws_iam_role_policy", `etl/${job}/role/permissions`));
  const viaS3 = { StringEquals: { "kms:ViaService": "s3.us-east-1.amazonaws.com" } };

  it("sizes each job from the config: prod raw-to-processed STANDARD on the latency path, processed-to-curated FLEX", () => {
    expect(resourceAt(json, "aws_glue_job", "etl/raw-to-processed/job")).toMatchObject({ name: "mdl-prd-use1-raw-to-processed", worker_type: "G.2X", number_of_workers: 120, execution_class: "STANDARD", timeout: 60, max_retries: 2 });
    expect(resourceAt(json, "aws_glue_job", "etl/processed-to-curated/job")).toMatchObject({ name: "mdl-prd-use1-processed-to-curated", execution_class: "FLEX", number_of_workers: 20 });
  });

  it("points raw-to-processed at validated/ and the processed tier, processed-to-curated at processed and curated", () => {
    const raw = resourceAt(json, "aws_glue_job", "etl/raw-to-processed/job").default_arguments;
    expect(raw["--validated_path"]).toBe(`s3://${refTo(json, "aws_s3_bucket", "storage/raw/bucket", "bucket")}/validated/`);
    expect(raw["--processed_path"]).toBe(`s3://${refTo(json, "aws_s3_bucket", "storage/processed/bucket", "bucket")}/`);
    expect(raw["--target_file_mb"]).toBe("256");
    const curated = resourceAt(json, "aws_glue_job", "etl/processed-to-curated/job").default_arguments;
    expect(curated["--curated_path"]).toBe(`s3://${refTo(json, "aws_s3_bucket", "storage/curated/bucket", "bucket")}/`);
    expect(curated["--no_price_conditions"]).toBe("B,W,Z,U,T,I,C,N,R,H,P,4,7");
    expect(curated["--partition_time_zone"]).toBe("America/New_York"); // config partitionTimeZones: curated dates are New York trading dates
    expect(curated["--TempDir"]).toBe(`s3://${refTo(json, "aws_s3_bucket", "storage/curated/bucket", "bucket")}/_glue/processed-to-curated/temp/`);
  });

  it("lets raw-to-processed read validated/ only, write processed dataset= prefixes only, with each key only through S3", () => {
    const doc = rolePolicy("raw-to-processed");
    expect(statement(doc, "ReadValidated")).toMatchObject({ Action: "s3:GetObject", Resource: `${arnOf("raw")}/validated/*` });
    expect(statement(doc, "WriteProcessed")).toMatchObject({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: `${arnOf("processed")}/dataset=*` });
    expect(statement(doc, "RawKeyThroughS3")).toMatchObject({ Action: ["kms:Decrypt"], Resource: keyArn("raw"), Condition: viaS3 });
    expect(statement(doc, "ProcessedKeyThroughS3")).toMatchObject({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn("processed"), Condition: viaS3 });
    expect(statement(doc, "ListOwnBuckets").Resource).toEqual([arnOf("raw"), arnOf("processed"), refTo(json, "aws_s3_bucket", "etl/code/bucket", "arn")]);
    // Nothing of the curated tier, no catalog writes (partition projection), no wildcard data access.
    expect(JSON.stringify(doc)).not.toContain(arnOf("curated"));
    expect(doc.Statement.flatMap((s) => [s.Action].flat()).filter((a) => a.startsWith("glue:"))).toEqual(["glue:GetConnection"]);
  });

  it("lets processed-to-curated read processed dataset= prefixes only and write the three curated tables only", () => {
    const doc = rolePolicy("processed-to-curated");
    expect(statement(doc, "ReadProcessed")).toMatchObject({ Action: "s3:GetObject", Resource: `${arnOf("processed")}/dataset=*` });
    expect(statement(doc, "WriteCurated").Resource).toEqual([`${arnOf("curated")}/bars_1m/*`, `${arnOf("curated")}/daily_bars/*`, `${arnOf("curated")}/quote_stats/*`]);
    expect(statement(doc, "ProcessedKeyThroughS3").Action).toEqual(["kms:Decrypt"]);
    expect(statement(doc, "CuratedKeyThroughS3")).toMatchObject({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: keyArn("curated") });
    expect(JSON.stringify(doc)).not.toContain(arnOf("raw"));
  });

  it("uploads each script and the library as its own object whose hash is the file's", () => {
    const objects = resourcesOf(json, "aws_s3_object").map(([, o]) => [o.key, o.source_hash]);
    expect(objects.map(([k]) => k).sort()).toEqual(["lib/market_lake.zip", "scripts/processed_to_curated.py", "scripts/raw_to_processed.py"]);
    for (const [, hash] of objects) expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(resourceAt(json, "aws_glue_job", "etl/raw-to-processed/job").command.script_location).toBe(`s3://${refTo(json, "aws_s3_bucket", "etl/code/bucket", "bucket")}/scripts/raw_to_processed.py`);
  });

  it("runs a workflow: a schedule starts raw-to-processed, its success starts processed-to-curated", () => {
    const workflowName = refTo(json, "aws_glue_workflow", "etl/workflow", "name");
    expect(resourceAt(json, "aws_glue_workflow", "etl/workflow")).toMatchObject({ name: "mdl-prd-use1-etl", max_concurrent_runs: 1 });
    expect(resourceAt(json, "aws_glue_trigger", "etl/schedule")).toMatchObject({
      type: "SCHEDULED",
      schedule: "cron(0/30 * * * ? *)",
      workflow_name: workflowName,
      start_on_creation: true,
      actions: [{ job_name: refTo(json, "aws_glue_job", "etl/raw-to-processed/job", "name") }],
    });
    expect(resourceAt(json, "aws_glue_trigger", "etl/after-raw-to-processed")).toMatchObject({
      type: "CONDITIONAL",
      workflow_name: workflowName,
      predicate: { conditions: [{ job_name: refTo(json, "aws_glue_job", "etl/raw-to-processed/job", "name"), state: "SUCCEEDED", logical_operator: "EQUALS" }] },
      actions: [{ job_name: refTo(json, "aws_glue_job", "etl/processed-to-curated/job", "name") }],
    });
  });

  it("expires the jobs' scratch and Athena's results before the tier's retention", () => {
    const rules = (tier: string) => resourceAt(json, "aws_s3_bucket_lifecycle_configuration", `storage/${tier}/lifecycle`).rule.map((r: any) => [r.id, r.filter?.[0]?.prefix, r.expiration?.[0]?.days]);
    expect(rules("processed")).toContainEqual(["expire-glue", "_glue/", 14]);
    expect(rules("curated")).toEqual(expect.arrayContaining([["expire-glue", "_glue/", 14], ["expire-athena-results", "athena-results/", 30]]));
    expect(rules("raw").map(([id]: string[]) => id)).not.toContain("expire-glue");
  });

  it("encrypts the catalog with its own key and defines processed and curated tables with projection", () => {
    expect(resourceAt(json, "aws_glue_data_catalog_encryption_settings", "catalog/encryption").data_catalog_encryption_settings).toEqual({
      encryption_at_rest: { catalog_encryption_mode: "SSE-KMS", sse_aws_kms_key_id: keyArn("catalog") },
      connection_password_encryption: { return_connection_password_encrypted: true, aws_kms_key_id: keyArn("catalog") },
    });
    const tables = resourcesOf(json, "aws_glue_catalog_table").map(([, t]) => `${t.database_name.includes("processed") ? "processed" : "curated"}.${t.name}`);
    expect(tables.sort()).toEqual(["curated.bars_1m", "curated.daily_bars", "curated.quote_stats", "processed.bars", "processed.quotes", "processed.trades"]);
    expect(resourcesOf(json, "aws_glue_catalog_database").map(([, d]) => d.name).sort()).toEqual(["mdl_prd_use1_curated", "mdl_prd_use1_processed"]);
  });

  it("lets each consumer query the consumers' workgroup", () => {
    for (const partner of ["quant-research", "risk-analytics"]) {
      const doc = policyIn(resourceAt(json, "aws_iam_role_policy", `consumer-${partner}/role/permissions`));
      expect(statement(doc, "QueryInWorkgroup").Resource).toBe(refTo(json, "aws_athena_workgroup", "queries/consumers/workgroup", "arn"));
    }
    expect(resourcesOf(json, "aws_athena_named_query").map(([, q]) => q.name).sort()).toEqual(["bars-of-symbol-and-day", "spread-statistics-of-day", "vwap-of-symbol-and-day"]);
  });
});

describe("scheduleExpression", () => {
  it.each([
    [15, "cron(0/15 * * * ? *)"],
    [60, "cron(0 0/1 * * ? *)"],
    [360, "cron(0 0/6 * * ? *)"],
    [1440, "cron(0 0 * * ? *)"],
  ])("every %p minutes is %s", (minutes, expression) => {
    expect(scheduleExpression(minutes)).toBe(expression);
  });
});
