import type { EnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { configIssueLinesOf } from "../support/config-issues";

const dev = ENVIRONMENTS.dev!;
const withAlarms = (alarms: Partial<EnvironmentConfig["alarms"]>): EnvironmentConfig => ({ ...dev, alarms: { ...dev.alarms, ...alarms } });

const issuesOf = configIssueLinesOf;

describe("alarms config", () => {
  it.each([
    ["a repository path", "docs/runbook.md"],
    ["an https URL", "https://git.example.com/platform/market-data-lake/blob/main/docs/runbook.md"],
  ])("accepts the runbook as %s", (_label, runbookUrl) => {
    expect(issuesOf(withAlarms({ runbookUrl }))).toEqual([]);
  });

  it.each([
    [{ runbookUrl: "http://wiki/runbook" }, /^alarms\.runbookUrl: "http:\/\/wiki\/runbook" is invalid; expected an https URL/],
    [{ durationShareOfTimeout: 1 }, /^alarms\.durationShareOfTimeout: 1 must be from 0\.5 to 0\.95/],
    [{ validationBacklogAgeSeconds: 50_000 }, /^alarms\.validationBacklogAgeSeconds: 50000 must be a whole number of seconds from 60 to 43200/],
    [{ ingestionRate: { ...dev.alarms.ingestionRate, bandWidth: 0 } }, /^alarms\.ingestionRate\.bandWidth: 0 must be from 0\.5 to 10/],
    [{ ingestionRate: { ...dev.alarms.ingestionRate, evaluationPeriods: 0 } }, /^alarms\.ingestionRate\.evaluationPeriods: 0 must be a whole number of 5-minute periods/],
    [{ ingestionRate: { ...dev.alarms.ingestionRate, marketHoursUtc: { open: "9:30", close: "20:00" } } }, /^alarms\.ingestionRate\.marketHoursUtc\.open: "9:30" is not a time "HH:MM"/],
    [{ ingestionRate: { ...dev.alarms.ingestionRate, marketHoursUtc: { open: "20:00", close: "14:30" } } }, /^alarms\.ingestionRate\.marketHoursUtc: close 14:30 must be after open 20:00/],
  ])("rejects %p naming the field and what is allowed", (alarms, message) => {
    const issues = issuesOf(withAlarms(alarms as Partial<EnvironmentConfig["alarms"]>));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(message);
  });
});

describe("ExternalId rotation", () => {
  const producer = dev.producers[0]!;
  const withPrevious = (previousExternalId: string): EnvironmentConfig => ({ ...dev, producers: [{ ...producer, previousExternalId }] });

  it("accepts the id being rotated out beside the new one", () => {
    expect(issuesOf(withPrevious("mdl-dev-exchange-feed-old-1"))).toEqual([]);
  });

  it("rejects a previous id equal to the current one, or malformed", () => {
    expect(issuesOf(withPrevious(producer.externalId))).toEqual(["producers[0].previousExternalId: equals externalId; set it to the id being rotated out, or leave it out"]);
    expect(issuesOf(withPrevious("x"))).toEqual([expect.stringMatching(/^producers\[0\]\.previousExternalId: "x" is invalid/)]);
  });
});

describe("validation.redelivery", () => {
  const withRedelivery = (redelivery: { baseSeconds: number; maxSeconds: number }): EnvironmentConfig => ({ ...dev, validation: { ...dev.validation, redelivery } });

  it("accepts the shipped backoff and a flat one", () => {
    expect(issuesOf(withRedelivery({ baseSeconds: 30, maxSeconds: 900 }))).toEqual([]);
    expect(issuesOf(withRedelivery({ baseSeconds: 60, maxSeconds: 60 }))).toEqual([]);
  });

  it("rejects a cap below the base or beyond SQS's 12 h visibility, and a base out of range", () => {
    expect(issuesOf(withRedelivery({ baseSeconds: 60, maxSeconds: 30 }))).toEqual(["validation.redelivery.maxSeconds: 30 must be a whole number from 60 to 43200"]);
    expect(issuesOf(withRedelivery({ baseSeconds: 30, maxSeconds: 50_000 }))).toEqual(["validation.redelivery.maxSeconds: 50000 must be a whole number from 30 to 43200"]);
    expect(issuesOf(withRedelivery({ baseSeconds: 0, maxSeconds: 900 }))).toEqual(["validation.redelivery.baseSeconds: 0 must be a whole number from 1 to 900"]);
  });
});
