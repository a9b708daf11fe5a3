import { Testing } from "cdktf";
import { ENVIRONMENT_NAMES } from "../../src/config/environment-config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { overlappingWidgets, type PlacedWidget } from "../../src/constructs/dashboard";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { resourcesOf, type SynthesizedJson } from "../support/synth";

function synth(environment: (typeof ENVIRONMENT_NAMES)[number], localAwsEndpoint?: string): { json: SynthesizedJson; name: string; widgets: PlacedWidget[] } {
  const stack = new DataLakeStack(Testing.app(), `data-lake-${environment}`, { config: ENVIRONMENTS[environment], mode: { backend: localAwsEndpoint ? "local" : "s3", localAwsEndpoint } });
  const json = JSON.parse(Testing.synth(stack, true)) as SynthesizedJson;
  const dashboards = resourcesOf(json, "aws_cloudwatch_dashboard");
  expect(dashboards).toHaveLength(1);
  const [[, dashboard]] = dashboards;
  return { json, name: dashboard.dashboard_name, widgets: JSON.parse(dashboard.dashboard_body).widgets };
}

const alarmRefs = (json: SynthesizedJson) =>
  ["aws_cloudwatch_metric_alarm", "aws_cloudwatch_composite_alarm"].flatMap((type) => resourcesOf(json, type).map(([name]) => `\${${type}.${name}.arn}`));

describe.each([...ENVIRONMENT_NAMES])("the %s dashboard", (environment) => {
  const { json, name, widgets } = synth(environment);

  test("has at least 24 widgets, laid out on the 24-column grid without overlap", () => {
    expect(widgets.filter((w) => w.type !== "text").length).toBeGreaterThanOrEqual(24);
    expect(widgets.every((w) => w.x >= 0 && w.x + w.width <= 24)).toBe(true);
    expect(overlappingWidgets(widgets)).toEqual([]);
    expect(name).toContain(ENVIRONMENTS[environment].environmentSuffix);
  });

  test("starts every row with a full-width text header above its widgets", () => {
    const headers = widgets.filter((w) => w.type === "text");
    expect(headers.map((h) => String(h.properties.markdown).split("\n")[0])).toEqual(["## Alarms", "## Ingestion", "## Validation function and queue", "## Data quality (validation)", "## Real-time checks", "## ETL (Glue)", "## Storage", "## Lineage table"]);
    expect(widgets[0].type).toBe("text");
    for (const header of headers) expect(header.width).toBe(24);
  });

  test("lists every alarm of the stack in the alarm status row", () => {
    const listed = widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]);
    expect(listed.length).toBeGreaterThan(10);
    expect([...listed].sort()).toEqual(alarmRefs(json).sort());
  });

  test("every metric widget names the environment's region", () => {
    for (const w of widgets.filter((x) => x.type === "metric")) expect(w.properties.region).toBe(ENVIRONMENTS[environment].region);
  });
});

test("in local mode (no composite alarms) the alarm row still lists every alarm", () => {
  const { json, widgets } = synth("dev", "http://127.0.0.1:5000");
  expect(resourcesOf(json, "aws_cloudwatch_composite_alarm")).toEqual([]);
  expect(widgets.filter((w) => w.type === "alarm").flatMap((w) => w.properties.alarms as string[]).sort()).toEqual(alarmRefs(json).sort());
});
