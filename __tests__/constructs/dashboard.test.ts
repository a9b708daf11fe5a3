import { Testing } from "cdktf";
import { VALIDATION_METRICS } from "../../handlers/shared/metric-catalog";
import {
  alarmStatusWidget, catalogMetric, Dashboard, graphWidget, layoutRows, mathExpression, metric, metricLineJson, overlappingWidgets, propertyVariableJson, s3StorageTypes, textWidget,
} from "../../src/constructs/dashboard";
import { resourcesOf, synthScope } from "../support/synth";

const context = { region: "us-east-1" };
const graph = (title: string, width = 8) => graphWidget({ title, width, metrics: [metric("AWS/Lambda", "Errors", { FunctionName: "f" }, "Sum")] }, context);


describe("layoutRows", () => {
  const rows = [
    { title: "One", widgets: [graph("a"), graph("b"), graph("c"), graph("d", 12), graph("e", 16)] },
    { title: "Two", description: "why", widgets: [graph("f", 24), graph("g", 5)] },
  ];
  const placed = layoutRows(rows);

  test("puts a full-width text header first in every row", () => {
    const headers = placed.filter((w) => w.type === "text");
    expect(headers.map((h) => h.properties.markdown)).toEqual(["## One", "## Two\nwhy"]);
    expect(headers.every((h) => h.x === 0 && h.width === 24)).toBe(true);
    expect(placed[0]).toBe(placed.find((w) => w.properties.markdown === "## One"));
  });

  test("wraps at 24 columns and never overlaps", () => {
    expect(overlappingWidgets(placed)).toEqual([]);
    expect(overlappingWidgets([...placed, { ...placed[1], x: placed[1].x + 1 }])).not.toEqual([]);
    const at = (title: string) => placed.find((w) => w.properties.title === title)!;
    expect([at("a").x, at("b").x, at("c").x, at("d").x, at("e").x]).toEqual([0, 8, 16, 0, 0]);
    expect(at("d").y).toBe(at("a").y + 6);
    expect(at("e").y).toBe(at("d").y + 6);
  });

  test("rejects an empty row and a widget wider than the grid", () => {
    expect(() => layoutRows([{ title: "Empty", widgets: [] }])).toThrow(/row "Empty": give at least one widget/);
    expect(() => layoutRows([{ title: "Wide", widgets: [graph("w", 25)] }])).toThrow(/width 25 is outside 1..24/);
  });
});

describe("metrics", () => {
  test("serialise as [namespace, name, key, value, ..., options]", () => {
    expect(metricLineJson(metric("AWS/SQS", "ApproximateAgeOfOldestMessage", { QueueName: "q" }, "Maximum", { label: "age" }))).toEqual(["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", "q", { stat: "Maximum", label: "age" }]);
    expect(metricLineJson(mathExpression("rate", "a / b", "rate"))).toEqual([{ expression: "a / b", id: "rate", label: "rate" }]);
  });

  test("a catalog metric needs exactly the entry's dimensions", () => {
    const dims = { service: "validate-raw", environment: "dev", dataset: "trades" };
    expect(catalogMetric(VALIDATION_METRICS.recordsIn, dims, "Sum").dimensions).toEqual(dims);
    expect(() => catalogMetric(VALIDATION_METRICS.recordsIn, { service: "validate-raw", environment: "dev" } as never, "Sum")).toThrow(/give exactly the dimensions \[dataset, environment, service\]/);
    expect(() => catalogMetric(VALIDATION_METRICS.recordsIn, { ...dims, rule: "x" } as never, "Sum")).toThrow(/RecordsIn/);
  });

  test("math ids follow CloudWatch's rule and are unique in a widget", () => {
    expect(() => mathExpression("Rate", "a", "l")).toThrow(/lower-case letter/);
    const m = metric("AWS/Lambda", "Errors", { FunctionName: "f" }, "Sum", { id: "e" });
    expect(() => graphWidget({ title: "t", metrics: [m, m] }, context)).toThrow(/ids must be unique/);
  });

  test("storage classes map to S3 StorageType values", () => {
    expect(s3StorageTypes("GLACIER_IR")).toEqual(["GlacierInstantRetrievalStorage"]);
    expect(() => s3StorageTypes("ONEZONE_IA")).toThrow(/add it to S3_STORAGE_TYPES/);
  });
});

describe("widgets and variables", () => {
  test("alarm status widget takes 1..100 alarms", () => {
    expect(alarmStatusWidget("A", ["arn:1", "arn:2"]).properties.alarms).toEqual(["arn:1", "arn:2"]);
    expect(() => alarmStatusWidget("A", [])).toThrow(/at least one alarm/);
    expect(() => alarmStatusWidget("A", Array.from({ length: 101 }, (_, i) => `arn:${i}`))).toThrow(/at most 100/);
    expect(() => textWidget(" ")).toThrow(/markdown/);
  });

  test("a property variable lists its values and a default among them", () => {
    expect(propertyVariableJson({ property: "dataset", values: ["trades", "quotes"] })).toMatchObject({ type: "property", property: "dataset", inputType: "select", defaultValue: "trades", values: [{ value: "trades" }, { value: "quotes" }] });
    expect(() => propertyVariableJson({ property: "dataset", values: ["trades"], defaultValue: "bars" })).toThrow(/not one of trades/);
  });
});

describe("Dashboard", () => {
  test("synthesizes a body of typed widgets with Terraform references inside", () => {
    const json = synthScope((scope) => {
      new Dashboard(scope, "d", { dashboardName: "ops", variables: [{ property: "dataset", values: ["trades"] }], rows: [{ title: "Row", widgets: [graph("g")] }] });
    });
    const [[, resource]] = resourcesOf(json, "aws_cloudwatch_dashboard");
    const body = JSON.parse(resource.dashboard_body);
    expect(body.widgets.map((w: { type: string }) => w.type)).toEqual(["text", "metric"]);
    expect(body.variables[0].property).toBe("dataset");
  });

  test("rejects a dashboard name CloudWatch refuses", () => {
    expect(() => Testing.synthScope((scope) => new Dashboard(scope, "d", { dashboardName: "ops dashboard", rows: [{ title: "R", widgets: [graph("g")] }] }))).toThrow(/may hold only letters, digits/);
  });
});
