import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import type { EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { RUNBOOK_SECTIONS } from "../../src/constructs/runbook";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { MarketEventsStack } from "../../src/stacks/market-events-stack";
import { devConfigWith, resourcesOf, type ResourceBody, type SynthesizedJson } from "../support/synth";

function synthLake(config: EnvironmentConfig): SynthesizedJson {
  return JSON.parse(Testing.synth(new DataLakeStack(Testing.app(), `data-lake-${config.environment}`, { config }))) as SynthesizedJson;
}

const alarmsOf = (json: SynthesizedJson): Map<string, ResourceBody> => new Map(resourcesOf(json, "aws_cloudwatch_metric_alarm").map(([, a]) => [a.alarm_name as string, a]));
const compositesOf = (json: SynthesizedJson): Map<string, ResourceBody> => new Map(resourcesOf(json, "aws_cloudwatch_composite_alarm").map(([, a]) => [a.alarm_name as string, a]));

/** GitHub's heading anchors: lower case, punctuation but hyphens dropped, spaces as hyphens. */
const anchorOf = (heading: string) => heading.trim().toLowerCase().replace(/[^\p{L}\p{N} -]/gu, "").replace(/ /g, "-");

/** Both stacks of an environment as one document: the runbook serves the environment's alarms. */
function synthEnvironment(config: EnvironmentConfig): SynthesizedJson {
  const lake = synthLake(config);
  const events = JSON.parse(Testing.synth(new MarketEventsStack(Testing.app(), `market-events-${config.environment}`, { config }))) as SynthesizedJson;
  const resource: Record<string, Record<string, ResourceBody>> = { ...lake.resource };
  for (const [type, bodies] of Object.entries(events.resource)) resource[type] = { ...(resource[type] ?? {}), ...Object.fromEntries(Object.entries(bodies).map(([id, b]) => [`events_${id}`, b])) };
  return { ...lake, resource } as SynthesizedJson;
}

describe("alarm catalog", () => {
  const dev = synthLake(ENVIRONMENTS.dev!);
  const devEnvironment = synthEnvironment(ENVIRONMENTS.dev!);
  const prodEnvironment = synthEnvironment(ENVIRONMENTS.prod!);

  it.each([
    // dev has no second region, so no replication alarm.
    ["dev", devEnvironment, [RUNBOOK_SECTIONS.replicationBehind]],
    ["prod", prodEnvironment, []],
  ])("gives every alarm of %s (both stacks) a runbook link to a real section and a chosen treat-missing-data", (_env, json, unused: string[]) => {
    // Prepare
    const runbook = readFileSync(join(__dirname, "..", "..", "docs", "runbook.md"), "utf8");
    const headings = new Set([...runbook.matchAll(/^#{2,4} (.+)$/gm)].map((m) => anchorOf(m[1]!)));
    const sections = new Set<string>(Object.values(RUNBOOK_SECTIONS));

    // Act
    const links = [...alarmsOf(json).values(), ...compositesOf(json).values()].map((a) => ({ name: a.alarm_name, link: /\. Runbook: docs\/runbook\.md#([a-z0-9-]+)$/.exec(a.alarm_description)?.[1] }));

    // Assess
    for (const { name, link } of links) {
      expect({ name, linked: link !== undefined && sections.has(link) && headings.has(link) }).toEqual({ name, linked: true });
    }
    for (const [name, alarm] of alarmsOf(json)) expect({ name, treat: ["missing", "ignore", "breaching", "notBreaching"].includes(alarm.treat_missing_data) }).toEqual({ name, treat: true });
    // Every section is used by some alarm, so the runbook has no orphan alarm section either.
    expect(new Set(links.map((l) => l.link))).toEqual(new Set([...sections].filter((s) => !unused.includes(s))));
  });

  it("takes the tunable thresholds from config.alarms", () => {
    // Prepare
    const config = devConfigWith({
      alarms: {
        runbookUrl: "https://git.example.com/mdl/blob/main/docs/runbook.md",
        durationShareOfTimeout: 0.5,
        validationBacklogAgeSeconds: 1200,
        ingestionRate: { bandWidth: 3, evaluationPeriods: 4, marketHoursUtc: { open: "13:30", close: "21:00" } },
      },
    });

    // Act
    const alarms = alarmsOf(synthLake(config));

    // Assess
    expect(alarms.get("mdl-dev-use1-validate-raw-duration-p99")).toMatchObject({ threshold: config.validation.timeoutSeconds * 1000 * 0.5 });
    // Half the timeout, in 5-minute periods in which the job kept running.
    expect(alarms.get("mdl-dev-use1-raw-to-processed-elapsed-near-timeout")).toMatchObject({ threshold: 0, period: 300, evaluation_periods: Math.floor((config.etl.rawToProcessed.timeoutMinutes * 0.5) / 5) });
    expect(alarms.get("mdl-dev-use1-validation-oldest-message-age")).toMatchObject({ threshold: 1200 });
    const above = alarms.get("mdl-dev-use1-market-records-incoming-records-above-band")!;
    expect(above).toMatchObject({ evaluation_periods: 4, threshold_metric_id: "band", comparison_operator: "GreaterThanUpperThreshold" });
    expect(above.metric_query.find((q: ResourceBody) => q.id === "band").expression).toBe("ANOMALY_DETECTION_BAND(records, 3)");
    const hours = alarms.get("mdl-dev-use1-market-records-market-hours")!;
    expect(hours.metric_query.find((q: ResourceBody) => q.return_data).expression).toBe("IF(DAY(reads) <= 5 AND minute >= 810 AND minute < 1260, 1, 0)");
    expect(above.alarm_description).toMatch(/Runbook: https:\/\/git\.example\.com\/mdl\/blob\/main\/docs\/runbook\.md#ingestion-rate-anomaly$/);
  });

  it("pages for ingestion too low only in market hours, through a composite over two silent gates", () => {
    const alarms = alarmsOf(dev);
    const low = compositesOf(dev).get("mdl-dev-use1-market-records-incoming-records-low-in-market-hours")!;

    expect(low.alarm_rule).toMatch(/^ALARM\("\$\{aws_cloudwatch_metric_alarm\.[^}]+below-band[^}]+\.alarm_name\}"\) AND ALARM\("\$\{aws_cloudwatch_metric_alarm\.[^}]+market-hours[^}]+\.alarm_name\}"\)$/);
    for (const gate of ["mdl-dev-use1-market-records-incoming-records-below-band", "mdl-dev-use1-market-records-market-hours"]) {
      expect(alarms.get(gate)).toMatchObject({ alarm_actions: [], ok_actions: [] });
    }
    // No records at all is below any band; an unknown hour is outside market hours.
    expect(alarms.get("mdl-dev-use1-market-records-incoming-records-below-band")!.treat_missing_data).toBe("breaching");
    expect(alarms.get("mdl-dev-use1-market-records-market-hours")!.treat_missing_data).toBe("notBreaching");
  });

  it("makes 'pipeline unhealthy' from every paging alarm and the market-hours composite, not tickets or gates", () => {
    // Prepare
    const byAddress = new Map(resourcesOf(dev, "aws_cloudwatch_metric_alarm").map(([name, a]) => [name, a.alarm_name as string]));
    const unhealthy = compositesOf(dev).get("mdl-dev-use1-pipeline-unhealthy")!;

    // Act
    const members = [...unhealthy.alarm_rule.matchAll(/ALARM\("\$\{aws_cloudwatch_(metric|composite)_alarm\.([^.]+)\.alarm_name\}"\)/g)].map((m) => (m[1] === "metric" ? byAddress.get(m[2]!) : "composite"));

    // Assess
    expect(members).toContain("mdl-dev-use1-validation-dlq-not-empty");
    expect(members).toContain("mdl-dev-use1-validate-raw-error-log-lines");
    expect(members).toContain("mdl-dev-use1-realtime-efo-millis-behind-latest");
    expect(members).toContain("composite");
    for (const notPaging of ["mdl-dev-use1-validate-raw-duration-p99", "mdl-dev-use1-raw-to-processed-failed-tasks", "mdl-dev-use1-market-records-market-hours"]) {
      expect(members).not.toContain(notPaging);
    }
    expect(unhealthy.alarm_actions).toEqual(unhealthy.ok_actions);
    expect(unhealthy.alarm_actions).toHaveLength(1);
  });

  it("resolves every link inside the runbook to one of its headings", () => {
    // Prepare
    const runbook = readFileSync(join(__dirname, "..", "..", "docs", "runbook.md"), "utf8");
    const headings = new Set([...runbook.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1]!)));

    // Act
    const links = [...runbook.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]!);

    // Assess
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((l) => !headings.has(l))).toEqual([]);
  });
});
