import { GlueEtlJob, runningAlarmWindow, type GlueEtlJobProps } from "../../src/constructs/glue-etl-job";
import { LakeKey } from "../../src/constructs/lake-key";
import { policyIn, refTo, resourceAt, resourcesOf, statement, synthScope, type SynthesizedJson } from "../support/synth";

const ACCOUNT = "123456789012";

function synthJob(extra: Partial<GlueEtlJobProps> = {}): SynthesizedJson {
  return synthScope((scope) => {
    const key = (id: string) => new LakeKey(scope, id, { aliasName: `alias/${id}`, description: id, accountId: ACCOUNT, region: "us-east-1", allowCloudWatchLogs: true });
    new GlueEtlJob(scope, "raw-to-processed", {
      jobName: "mdl-dev-use1-raw-to-processed",
      description: "moves data",
      accountId: ACCOUNT,
      region: "us-east-1",
      config: { workerType: "G.2X", maxWorkers: 40, timeoutMinutes: 60, maxRetries: 2, executionClass: "STANDARD" },
      script: { uri: "s3://code/scripts/raw_to_processed.py", objectArn: "arn:aws:s3:::code/scripts/raw_to_processed.py" },
      libraries: [{ uri: "s3://code/lib/market_lake.zip", objectArn: "arn:aws:s3:::code/lib/market_lake.zip" }],
      outputKey: key("processed"),
      platformKey: key("platform"),
      scratch: { uri: "s3://processed/_glue/raw-to-processed/", objectsArn: "arn:aws:s3:::processed/_glue/raw-to-processed/*" },
      connections: [
        { name: "glue-us-east-1a", arn: `arn:aws:glue:us-east-1:${ACCOUNT}:connection/glue-us-east-1a` },
        { name: "glue-us-east-1b", arn: `arn:aws:glue:us-east-1:${ACCOUNT}:connection/glue-us-east-1b` },
      ],
      arguments: { validated_path: "s3://raw/validated/", target_file_mb: "256" },
      statements: [{ Sid: "ReadValidated", Effect: "Allow", Action: "s3:GetObject", Resource: "arn:aws:s3:::raw/validated/*" }],
      logRetentionDays: 30,
      alarmActions: ["arn:aws:sns:us-east-1:123456789012:alerts"],
      ...extra,
    });
  });
}

describe("GlueEtlJob", () => {
  const json = synthJob();
  const job = resourceAt(json, "aws_glue_job", "raw-to-processed/job");
  const platformKeyArn = refTo(json, "aws_kms_key", "platform/key", "arn");

  it("runs Glue 5.0 Spark with the configured size, timeout, retries, execution class and one run at a time", () => {
    expect(job).toMatchObject({
      name: "mdl-dev-use1-raw-to-processed",
      glue_version: "5.0",
      command: { name: "glueetl", python_version: "3", script_location: "s3://code/scripts/raw_to_processed.py" },
      worker_type: "G.2X",
      number_of_workers: 40,
      execution_class: "STANDARD",
      timeout: 60,
      max_retries: 2,
      execution_property: { max_concurrent_runs: 1 },
      connections: ["glue-us-east-1a", "glue-us-east-1b"],
    });
  });

  it("turns on bookmarks, auto scaling, metrics, observability metrics, continuous logs and Spark UI, and passes the job's own arguments", () => {
    expect(job.default_arguments).toEqual({
      "--job-language": "python",
      "--job-bookmark-option": "job-bookmark-enable",
      "--enable-auto-scaling": "true",
      "--enable-metrics": "true",
      "--enable-observability-metrics": "true",
      "--enable-continuous-cloudwatch-log": "true",
      "--custom-logGroup-prefix": "/aws-glue/jobs/mdl-dev-use1-raw-to-processed",
      "--enable-spark-ui": "true",
      "--spark-event-logs-path": "s3://processed/_glue/raw-to-processed/spark-ui/",
      "--TempDir": "s3://processed/_glue/raw-to-processed/temp/",
      "--extra-py-files": "s3://code/lib/market_lake.zip",
      "--validated_path": "s3://raw/validated/",
      "--target_file_mb": "256",
    });
  });

  it("encrypts S3 writes with the output tier's key and logs and bookmarks with the platform key", () => {
    const security = resourceAt(json, "aws_glue_security_configuration", "raw-to-processed/security");
    expect(job.security_configuration).toBe(refTo(json, "aws_glue_security_configuration", "raw-to-processed/security", "name"));
    expect(security.encryption_configuration).toEqual({
      s3_encryption: { s3_encryption_mode: "SSE-KMS", kms_key_arn: refTo(json, "aws_kms_key", "processed/key", "arn") },
      cloudwatch_encryption: { cloudwatch_encryption_mode: "SSE-KMS", kms_key_arn: platformKeyArn },
      job_bookmarks_encryption: { job_bookmarks_encryption_mode: "CSE-KMS", kms_key_arn: platformKeyArn },
    });
  });

  it("makes its error and output log groups itself, encrypted, with retention", () => {
    const groups = resourcesOf(json, "aws_cloudwatch_log_group").map(([, g]) => g);
    expect(groups).toEqual([
      { name: "/aws-glue/jobs/mdl-dev-use1-raw-to-processed/error", kms_key_id: platformKeyArn, retention_in_days: 30 },
      { name: "/aws-glue/jobs/mdl-dev-use1-raw-to-processed/output", kms_key_id: platformKeyArn, retention_in_days: 30 },
    ]);
  });

  it("gives its role exactly: its code, its scratch prefix, its logs, the bookmark key, Glue metrics, its connections, VPC ENIs and the given statements", () => {
    const trust = policyIn(resourceAt(json, "aws_iam_role", "raw-to-processed/role/role"), "assume_role_policy").Statement;
    expect(trust).toEqual([{ Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole", Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }]);
    const doc = policyIn(resourceAt(json, "aws_iam_role_policy", "raw-to-processed/role/permissions"));
    expect(doc.Statement.map((s) => s.Sid)).toEqual(["ReadCode", "Scratch", "WriteOwnLogs", "BookmarkKey", "JobMetrics", "ReadConnections", "VpcNetworkInterfaces", "TagGlueNetworkInterfaces", "ReadValidated"]);
    expect(statement(doc, "ReadCode")).toMatchObject({ Action: "s3:GetObject", Resource: ["arn:aws:s3:::code/scripts/raw_to_processed.py", "arn:aws:s3:::code/lib/market_lake.zip"] });
    expect(statement(doc, "Scratch")).toMatchObject({ Action: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"], Resource: "arn:aws:s3:::processed/_glue/raw-to-processed/*" });
    expect(statement(doc, "WriteOwnLogs").Resource).toHaveLength(4);
    expect(statement(doc, "BookmarkKey")).toMatchObject({ Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"], Resource: platformKeyArn });
    expect(statement(doc, "JobMetrics")).toMatchObject({ Action: "cloudwatch:PutMetricData", Condition: { StringEquals: { "cloudwatch:namespace": "Glue" } } });
    expect(statement(doc, "ReadConnections").Resource).toEqual([`arn:aws:glue:us-east-1:${ACCOUNT}:catalog`, `arn:aws:glue:us-east-1:${ACCOUNT}:connection/glue-us-east-1a`, `arn:aws:glue:us-east-1:${ACCOUNT}:connection/glue-us-east-1b`]);
    expect(statement(doc, "TagGlueNetworkInterfaces")).toMatchObject({ Resource: `arn:aws:ec2:us-east-1:${ACCOUNT}:network-interface/*`, Condition: { "ForAllValues:StringEquals": { "aws:TagKeys": ["aws-glue-service-resource"] } } });
  });

  it("lets only its role use the platform key directly, for its CSE-KMS bookmarks", () => {
    const keyPolicy = policyIn(resourceAt(json, "aws_kms_key", "platform/key"));
    expect(statement(keyPolicy, "GlueBookmarksrawtoprocessed")).toEqual({
      Sid: "GlueBookmarksrawtoprocessed",
      Effect: "Allow",
      Principal: { AWS: refTo(json, "aws_iam_role", "raw-to-processed/role/role", "arn") },
      Action: ["kms:Encrypt", "kms:Decrypt", "kms:GenerateDataKey"],
      Resource: "*",
    });
  });

  it("alarms when a run passes 80% of its timeout and when tasks fail", () => {
    const alarms = Object.fromEntries(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name, a]));
    const dimensions = { JobName: "mdl-dev-use1-raw-to-processed", JobRunId: "ALL", Type: "count" };
    // 80% of the 60 min timeout: running in each of 9 five-minute periods in a row (45 min).
    expect(alarms["mdl-dev-use1-raw-to-processed-elapsed-near-timeout"]).toMatchObject({ namespace: "Glue", metric_name: "glue.driver.aggregate.elapsedTime", dimensions, statistic: "Sum", threshold: 0, period: 300, evaluation_periods: 9 });
    expect(alarms["mdl-dev-use1-raw-to-processed-failed-tasks"]).toMatchObject({ metric_name: "glue.driver.aggregate.numFailedTasks", dimensions, statistic: "Sum", threshold: 0 });
  });

  it("makes no metric of the summary line unless asked, and one log metric filter per summary metric when asked", () => {
    // Prepare
    const summaryMetrics = { event: "raw-to-processed.summary", namespace: "MarketDataLake/ETL", metrics: { RecordsIn: "$.totals.records_in", OutputBytes: "$.totals.output_bytes" } };
    // Act
    const withMetrics = synthJob({ summaryMetrics });
    // Assess
    expect(resourcesOf(json, "aws_cloudwatch_log_metric_filter")).toEqual([]);
    const filters = Object.fromEntries(resourcesOf(withMetrics, "aws_cloudwatch_log_metric_filter").map(([, f]) => [f.name, f]));
    const output = refTo(withMetrics, "aws_cloudwatch_log_group", "raw-to-processed/logs-output/log-group", "name");
    expect(filters).toEqual({
      "mdl-dev-use1-raw-to-processed-RecordsIn": {
        name: "mdl-dev-use1-raw-to-processed-RecordsIn",
        log_group_name: output,
        pattern: '{ $.event = "raw-to-processed.summary" }',
        metric_transformation: { name: "RecordsIn", namespace: "MarketDataLake/ETL", value: "$.totals.records_in", unit: "Count", dimensions: { JobName: "$.job_name" } },
      },
      "mdl-dev-use1-raw-to-processed-OutputBytes": expect.objectContaining({ metric_transformation: expect.objectContaining({ value: "$.totals.output_bytes", unit: "Bytes" }) }),
    });
  });

  it.each([
    [{ event: "raw-to-processed", namespace: "N", metrics: {} }, 'summaryMetrics.event "raw-to-processed" is not a summary event name'],
    [{ event: "raw-to-processed.summary", namespace: "N", metrics: { RecordsIn: "totals.records_in" } }, 'summaryMetrics.metrics.RecordsIn: "totals.records_in" is not a JSON path'],
  ])("refuses summary metrics it cannot turn into a filter (%o)", (summaryMetrics, message) => {
    expect(() => synthJob({ summaryMetrics })).toThrow(message);
  });

  it("refuses an argument name that is not a job argument", () => {
    expect(() => synthJob({ arguments: { "--validated_path": "s3://x/" } })).toThrow('argument "--validated_path" is not a job argument name (snake_case, no leading "--")');
  });
});

describe("runningAlarmWindow", () => {
  it.each([
    [60, 0.8, { periodSeconds: 300, periods: 9, minutes: 45 }],
    [10, 0.8, { periodSeconds: 60, periods: 8, minutes: 8 }],
    [1, 0.5, { periodSeconds: 60, periods: 1, minutes: 1 }],
    // 0.8 of 48 h is over a day: CloudWatch evaluates sub-hour periods over at most a day.
    [2880, 0.8, { periodSeconds: 3600, periods: 38, minutes: 2280 }],
  ])("sees a run of a %d min timeout at %d of it as %p", (timeoutMinutes, share, expected) => {
    expect(runningAlarmWindow(timeoutMinutes, share)).toEqual(expected);
  });
});
