import { Testing } from "cdktf";
import { FUNCTION_METRICS, LAKE_METRICS_NAMESPACE, type CustomMetric } from "../../handlers/shared/metric-catalog";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { REALTIME_FUNCTION } from "../../src/stacks/lake-streaming";
import { VALIDATION_FUNCTION } from "../../src/stacks/validation-pipeline";
import { resourcesOf, type SynthesizedJson } from "../support/synth";

/**
 * Metric names and the dimension key sets each AWS namespace publishes them under. One table, kept
 * small: only what the dashboard draws. A metric outside it fails the check until someone looks it up.
 */
const AWS_METRICS: Record<string, { doc: string; metrics: Record<string, string[][]> }> = {
  "AWS/Lambda": {
    // https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
    doc: "lambda/latest/dg/monitoring-metrics-types.html",
    metrics: Object.fromEntries(["Invocations", "Errors", "Throttles", "Duration", "ConcurrentExecutions"].map((n) => [n, [["FunctionName"]]])),
  },
  "AWS/SQS": {
    // https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-available-cloudwatch-metrics.html
    doc: "sqs-available-cloudwatch-metrics.html",
    metrics: Object.fromEntries(["ApproximateNumberOfMessagesVisible", "ApproximateAgeOfOldestMessage"].map((n) => [n, [["QueueName"]]])),
  },
  "AWS/Kinesis": {
    // https://docs.aws.amazon.com/streams/latest/dev/monitoring-with-cloudwatch.html (stream-level and enhanced fan-out metrics)
    doc: "streams/latest/dev/monitoring-with-cloudwatch.html",
    metrics: {
      IncomingRecords: [["StreamName"]],
      IncomingBytes: [["StreamName"]],
      WriteProvisionedThroughputExceeded: [["StreamName"]],
      "GetRecords.IteratorAgeMilliseconds": [["StreamName"]],
      "SubscribeToShardEvent.MillisBehindLatest": [["ConsumerName", "StreamName"]],
    },
  },
  "AWS/Firehose": {
    // https://docs.aws.amazon.com/firehose/latest/dev/monitoring-with-cloudwatch-metrics.html
    doc: "firehose/latest/dev/monitoring-with-cloudwatch-metrics.html",
    metrics: Object.fromEntries(["DeliveryToS3.DataFreshness", "DeliveryToS3.Success", "DeliveryToS3.Records"].map((n) => [n, [["DeliveryStreamName"]]])),
  },
  "AWS/DynamoDB": {
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html
    doc: "amazondynamodb/latest/developerguide/metrics-dimensions.html",
    metrics: {
      ConsumedWriteCapacityUnits: [["TableName"]],
      ConsumedReadCapacityUnits: [["TableName"]],
      WriteThrottleEvents: [["TableName"]],
      ReadThrottleEvents: [["TableName"]],
      ThrottledRequests: [["Operation", "TableName"]],
    },
  },
  "AWS/S3": {
    // https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html (daily storage metrics)
    doc: "AmazonS3/latest/userguide/metrics-dimensions.html",
    metrics: { BucketSizeBytes: [["BucketName", "StorageType"]], NumberOfObjects: [["BucketName", "StorageType"]] },
  },
  Glue: {
    // https://docs.aws.amazon.com/glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html
    // https://docs.aws.amazon.com/glue/latest/dg/monitor-observability.html (glue.succeed.ALL / glue.error.ALL)
    doc: "glue/latest/dg/monitoring-awsglue-with-cloudwatch-metrics.html",
    metrics: {
      ...Object.fromEntries(
        ["glue.driver.aggregate.elapsedTime", "glue.driver.aggregate.numFailedTasks", "glue.driver.aggregate.bytesRead", "glue.ALL.s3.filesystem.write_bytes", "glue.ALL.s3.filesystem.read_bytes"].map((n) => [
          n,
          [["JobName", "JobRunId", "Type"]],
        ]),
      ),
      "glue.succeed.ALL": [["JobName", "JobRunId", "ObservabilityGroup", "Type"]],
      "glue.error.ALL": [["JobName", "JobRunId", "ObservabilityGroup", "Type"]],
    },
  },
};

/** Which resource attribute a dimension value must name; a fixed set where the value is no resource. */
const DIMENSION_VALUES: Record<string, { resource: [type: string, attribute: string] } | { oneOf: readonly string[] }> = {
  FunctionName: { resource: ["aws_lambda_function", "function_name"] },
  QueueName: { resource: ["aws_sqs_queue", "name"] },
  StreamName: { resource: ["aws_kinesis_stream", "name"] },
  ConsumerName: { resource: ["aws_kinesis_stream_consumer", "name"] },
  DeliveryStreamName: { resource: ["aws_kinesis_firehose_delivery_stream", "name"] },
  TableName: { resource: ["aws_dynamodb_table", "name"] },
  BucketName: { resource: ["aws_s3_bucket", "bucket"] },
  JobName: { resource: ["aws_glue_job", "name"] },
  Operation: { oneOf: ["PutItem", "UpdateItem", "GetItem", "DeleteItem", "Query", "Scan", "BatchWriteItem", "BatchGetItem"] },
  JobRunId: { oneOf: ["ALL"] },
  Type: { oneOf: ["count", "gauge"] },
  ObservabilityGroup: { oneOf: ["error", "resource_utilization", "throughput", "job_performance"] },
  // https://docs.aws.amazon.com/AmazonS3/latest/userguide/metrics-dimensions.html, StorageType
  StorageType: {
    oneOf: ["StandardStorage", "IntelligentTieringFAStorage", "IntelligentTieringIAStorage", "IntelligentTieringAIAStorage", "GlacierInstantRetrievalStorage", "GlacierStorage", "DeepArchiveStorage", "AllStorageTypes"],
  },
};

/** Which function writes each catalog (its POWERTOOLS_SERVICE_NAME). */
const SERVICE_OF_CATALOG: Partial<Record<keyof typeof FUNCTION_METRICS, string>> = { validation: VALIDATION_FUNCTION, realtime: REALTIME_FUNCTION };

interface DrawnMetric {
  readonly widget: string;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Record<string, string>;
}

/** Every metric (not math) line of the body's metric widgets; throws on a line form it does not read. */
export function drawnMetrics(body: any): DrawnMetric[] {
  const drawn: DrawnMetric[] = [];
  for (const widget of body.widgets) {
    if (widget.type !== "metric") continue;
    const ids = new Set<string>();
    const expressions: string[] = [];
    for (const line of widget.properties.metrics as unknown[][]) {
      const options = typeof line[line.length - 1] === "object" ? (line[line.length - 1] as Record<string, string>) : {};
      if (options.id) ids.add(options.id);
      if (options.expression) {
        expressions.push(options.expression);
        continue;
      }
      const parts = typeof line[line.length - 1] === "object" ? line.slice(0, -1) : line;
      if (parts.some((p) => typeof p !== "string" || p === "." || p === "...")) throw new Error(`${widget.properties.title}: metric line ${JSON.stringify(line)} is not [namespace, name, key, value, ...]`);
      const [namespace, name, ...pairs] = parts as string[];
      if (pairs.length % 2) throw new Error(`${widget.properties.title}: odd dimension list in ${JSON.stringify(line)}`);
      const dimensions: Record<string, string> = {};
      for (let i = 0; i < pairs.length; i += 2) dimensions[pairs[i]] = pairs[i + 1];
      drawn.push({ widget: widget.properties.title, namespace, name, dimensions });
    }
    for (const expression of expressions) {
      for (const ref of expression.match(/\b[a-z][a-zA-Z0-9_]*\b/g) ?? []) if (!ids.has(ref)) throw new Error(`${widget.properties.title}: expression "${expression}" names ${ref}, which is no metric id of the widget`);
    }
  }
  return drawn;
}

/** Whether `value` names (literally or by reference) the `attribute` of a `type` resource of the stack. */
function namesResource(json: SynthesizedJson, value: string, type: string, attribute: string): boolean {
  const ref = /^\$\{([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z_]+)\}$/.exec(value);
  if (ref) return ref[1] === type && ref[3] === attribute && json.resource[type]?.[ref[2]] !== undefined;
  return resourcesOf(json, type).some(([, body]) => body[attribute] === value);
}

const sameKeys = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** Why `metric` is not one the stack emits, or undefined when it is. */
export function whyNotEmitted(json: SynthesizedJson, m: DrawnMetric): string | undefined {
  const where = `${m.widget}: ${m.namespace} ${m.name} ${JSON.stringify(m.dimensions)}`;
  const keys = Object.keys(m.dimensions);
  const aws = AWS_METRICS[m.namespace];
  if (aws) {
    const sets = aws.metrics[m.name];
    if (!sets) return `${where}: ${m.name} is not in the test's table of ${m.namespace} metrics (${aws.doc})`;
    if (!sets.some((set) => sameKeys(set, keys))) return `${where}: ${m.namespace} publishes ${m.name} under [${sets.map((s) => s.join(", ")).join("] or [")}]`;
    for (const [key, value] of Object.entries(m.dimensions)) {
      const rule = DIMENSION_VALUES[key];
      if (!rule) return `${where}: no rule for dimension ${key}`;
      if ("oneOf" in rule && !rule.oneOf.includes(value)) return `${where}: ${key} "${value}" is not one of ${rule.oneOf.join(", ")}`;
      if ("resource" in rule && !namesResource(json, value, ...rule.resource)) return `${where}: ${key} "${value}" names no ${rule.resource[0]} of the stack`;
    }
    return undefined;
  }
  if (m.namespace === LAKE_METRICS_NAMESPACE) {
    const functions = resourcesOf(json, "aws_lambda_function").map(([, body]) => body.environment?.variables ?? {});
    const writer = functions.find((env) => env.POWERTOOLS_SERVICE_NAME === m.dimensions.service && env.POWERTOOLS_METRICS_NAMESPACE === LAKE_METRICS_NAMESPACE);
    if (!writer) return `${where}: no function of the stack writes service "${m.dimensions.service}" to ${LAKE_METRICS_NAMESPACE}`;
    if (writer.ENVIRONMENT !== m.dimensions.environment) return `${where}: the function writes environment "${writer.ENVIRONMENT}"`;
    const catalog = Object.entries(SERVICE_OF_CATALOG).find(([, service]) => service === m.dimensions.service)?.[0] as keyof typeof FUNCTION_METRICS | undefined;
    const entries: CustomMetric[] = catalog ? Object.values(FUNCTION_METRICS[catalog]) : [];
    if (!entries.some((e) => e.name === m.name && sameKeys(e.dimensions, keys))) return `${where}: not in the catalog of ${m.dimensions.service} with exactly these dimension keys`;
    return undefined;
  }
  const filters = resourcesOf(json, "aws_cloudwatch_log_metric_filter").map(([, body]) => body.metric_transformation);
  const filter = filters.find((t) => t.namespace === m.namespace && t.name === m.name);
  if (!filter) return `${where}: no log metric filter of the stack makes this metric`;
  if (!sameKeys(Object.keys(filter.dimensions ?? {}), keys)) return `${where}: the filter's dimensions are [${Object.keys(filter.dimensions ?? {}).join(", ")}]`;
  for (const [key, value] of Object.entries(m.dimensions)) {
    const rule = DIMENSION_VALUES[key];
    if (!rule || !("resource" in rule) || !namesResource(json, value, ...rule.resource)) return `${where}: ${key} "${value}" names no resource the filter's lines come from`;
  }
  return undefined;
}

function synthDev(): { json: SynthesizedJson; body: any } {
  const stack = new DataLakeStack(Testing.app(), "data-lake-dev", { config: ENVIRONMENTS.dev });
  const json = JSON.parse(Testing.synth(stack, true)) as SynthesizedJson;
  const dashboards = resourcesOf(json, "aws_cloudwatch_dashboard");
  expect(dashboards).toHaveLength(1);
  return { json, body: JSON.parse(dashboards[0][1].dashboard_body) };
}

describe("dashboard metrics exist", () => {
  const { json, body } = synthDev();
  const drawn = drawnMetrics(body);

  test("every metric a widget draws is one the stack emits", () => {
    expect(drawn.length).toBeGreaterThan(50);
    expect(drawn.map((m) => whyNotEmitted(json, m)).filter(Boolean)).toEqual([]);
  });

  test("covers every namespace the issue asks for", () => {
    const namespaces = new Set(drawn.map((m) => m.namespace));
    for (const ns of [...Object.keys(AWS_METRICS), LAKE_METRICS_NAMESPACE, "MarketDataLake/ETL", "MarketDataLake/Logs"]) expect(namespaces).toContain(ns);
  });

  test("every custom metric is pinned to dev and the dataset variable", () => {
    for (const m of drawn.filter((d) => d.namespace === LAKE_METRICS_NAMESPACE)) {
      expect(m.dimensions.environment).toBe("dev");
      expect(m.dimensions.dataset).toBeDefined();
    }
    expect(body.variables).toEqual([expect.objectContaining({ type: "property", property: "dataset", inputType: "select" })]);
  });

  describe("the checker fails on", () => {
    const base = drawn.find((m) => m.namespace === "AWS/Lambda")!;
    const custom = drawn.find((m) => m.namespace === LAKE_METRICS_NAMESPACE)!;
    test.each<[string, DrawnMetric, RegExp]>([
      ["a function not in the stack", { ...base, dimensions: { FunctionName: "mdl-dev-no-such-function" } }, /names no aws_lambda_function/],
      ["a reference to a resource not in the stack", { ...base, dimensions: { FunctionName: "${aws_lambda_function.gone_ABCDEF12.function_name}" } }, /names no aws_lambda_function/],
      ["a metric name the namespace does not have", { ...base, name: "Invocation" }, /not in the test's table/],
      ["a wrong dimension key", { ...base, dimensions: { Function: base.dimensions.FunctionName } }, /publishes Invocations under/],
      ["a custom metric not in the catalog", { ...custom, name: "RecordsLost" }, /not in the catalog/],
      ["a custom metric missing a dimension", { ...custom, dimensions: { service: custom.dimensions.service, environment: "dev" } }, /not in the catalog/],
      ["a custom metric of another environment", { ...custom, dimensions: { ...custom.dimensions, environment: "prod" } }, /writes environment "dev"/],
      ["a metric no filter makes", { ...base, namespace: "MarketDataLake/ETL", name: "RowsLost", dimensions: {} }, /no log metric filter/],
    ])("%s", (_, metric, reason) => {
      expect(whyNotEmitted(json, metric)).toMatch(reason);
    });

    test("a whole widget on a function that does not exist", () => {
      const bad = structuredClone(body);
      bad.widgets.push({ type: "metric", properties: { title: "bad", metrics: [["AWS/Lambda", "Errors", "FunctionName", "not-deployed", { stat: "Sum" }]] } });
      expect(drawnMetrics(bad).map((m) => whyNotEmitted(json, m)).filter(Boolean)).toEqual([expect.stringContaining("not-deployed")]);
    });

    test("math naming an id the widget lacks", () => {
      expect(() => drawnMetrics({ widgets: [{ type: "metric", properties: { title: "t", metrics: [[{ expression: "a / b", id: "r" }]] } }] })).toThrow(/names a/);
    });
  });
});
