import type { EnvironmentConfig, MarketEventsConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { marketEventsCapacity, marketEventsReservedConcurrency } from "../../src/config/market-events-capacity";
import { configIssueLinesOf } from "../support/config-issues";

const dev = ENVIRONMENTS.dev!;
const withMarketEvents = (changes: Partial<MarketEventsConfig>): EnvironmentConfig => ({ ...dev, marketEvents: { ...dev.marketEvents, ...changes } });

const issuesOf = configIssueLinesOf;

describe("marketEvents config", () => {
  it("accepts every environment as configured; only prod has a second region", () => {
    for (const config of Object.values(ENVIRONMENTS)) expect(issuesOf(config)).toEqual([]);
    expect(ENVIRONMENTS.prod.marketEvents.secondaryRegion).toBe("eu-west-1");
    expect(ENVIRONMENTS.dev.marketEvents.secondaryRegion).toBeUndefined();
    expect(ENVIRONMENTS.staging.marketEvents.secondaryRegion).toBeUndefined();
    expect(ENVIRONMENTS.prod.marketEvents.archiveRetentionDays).toBe(30);
  });

  it.each([
    [{ jwtIssuer: "http://issuer.example.com" }, /^marketEvents\.jwtIssuer: "http:\/\/issuer\.example\.com" is not an https URL/],
    [{ jwtAudiences: [] }, /^marketEvents\.jwtAudiences: is empty; list at least one audience/],
    [{ tenantClaim: "has space" }, /^marketEvents\.tenantClaim: "has space" is not a claim name/],
    [{ corsAllowOrigins: ["*"] }, /^marketEvents\.corsAllowOrigins\[0\]: "\*" is not an https origin .*no "\*"/],
    [{ corsAllowOrigins: ["https://ops.example.com/path"] }, /^marketEvents\.corsAllowOrigins\[0\]: .* is not an https origin/],
    [{ maxEventsPerRequest: 0 }, /^marketEvents\.maxEventsPerRequest: 0 must be a whole number from 1 to 1000/],
    [{ maxBodyBytes: 20 * 1024 * 1024 }, /^marketEvents\.maxBodyBytes: 20971520 must be a whole number from 1024 to 10485760/],
    [{ archiveRetentionDays: 0 }, /^marketEvents\.archiveRetentionDays: 0 must be a whole number from 1 to 3650/],
    [{ averageEventsPerRequest: 600 }, /^marketEvents\.averageEventsPerRequest: 600 is more than maxEventsPerRequest 500/],
    [{ ingest: { memoryMb: 512, timeoutSeconds: 30, p99SecondsPerRequest: 0.25 } }, /^marketEvents\.ingest\.timeoutSeconds: 30 must be a whole number from 1 to 29 \(the HTTP API gives an integration 30 s\)/],
    [{ ingest: { memoryMb: 512, timeoutSeconds: 2, p99SecondsPerRequest: 3 } }, /^marketEvents\.ingest\.p99SecondsPerRequest: 3 s reaches the timeout 2 s/],
    [{ saga: { ...dev.marketEvents.saga, timeoutSeconds: 301 } }, /^marketEvents\.saga\.timeoutSeconds: 301 must be a whole number from 1 to 300 \(an Express execution lasts at most 300 s\)/],
    [{ saga: { ...dev.marketEvents.saga, retry: { intervalSeconds: 4, backoffRate: 2, maxAttempts: 3, maxDelaySeconds: 2 } } }, /^marketEvents\.saga\.retry\.maxDelaySeconds: 2 is shorter than intervalSeconds 4/],
    [{ delivery: { maximumRetryAttempts: 186, maximumEventAgeSeconds: 3600 } }, /^marketEvents\.delivery\.maximumRetryAttempts: 186 must be a whole number from 0 to 185/],
    [{ busPartners: [{ name: "self", accountId: dev.accountId }] }, /^marketEvents\.busPartners\[0\]\.accountId: is the environment's own account/],
    [{ busPartners: [{ name: "a-b", accountId: "1" }] }, /^marketEvents\.busPartners\[0\]\.accountId: "1" is invalid; expected a 12-digit AWS account id/],
    [{ secondaryRegion: "us-east-1" }, /^marketEvents\.secondaryRegion: is the environment's own region us-east-1/],
    [{ secondaryRegion: "mars-1" }, /^marketEvents\.secondaryRegion: "mars-1" is not allowed; use one of "us-east-1"/],
  ])("rejects %p naming the field and what is allowed", (changes, message) => {
    const issues = issuesOf(withMarketEvents(changes as Partial<MarketEventsConfig>));

    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatch(message);
  });

  it("names the missing section", () => {
    const { marketEvents: _left, ...rest } = dev;

    expect(issuesOf(rest as EnvironmentConfig)).toEqual([expect.stringMatching(/^marketEvents: is missing/)]);
  });
});

describe("marketEventsCapacity", () => {
  it("sizes prod from 100,000 events a minute as the arithmetic in the code says", () => {
    const capacity = marketEventsCapacity(ENVIRONMENTS.prod);

    // 100,000 / 60 = 1,666.7/s; x2 = 3,333.3 -> 3,334 events/s; / 10 per request = 334 requests/s.
    expect(capacity.peakEventsPerSecond).toBeCloseTo(1666.67, 1);
    expect(capacity).toMatchObject({
      apiRateLimit: 334,
      apiBurstLimit: 334,
      ingestConcurrency: 84, // 334 x 0.25 s = 83.5
      stepConcurrency: 334, // 3,333.3 x 0.1 s
      compensateConcurrency: 34,
      putEventsRequestsPerSecond: 334 + 3334,
      ruleInvocationsPerSecond: 3334 * 3, // the type rule, and both events replicated to eu-west-1
      expressStartsPerSecond: 3334,
    });
    expect(marketEventsReservedConcurrency(capacity)).toBe(84 + 3 * 334 + 34);
    expect(capacity.why.join("\n")).toContain("replicated to eu-west-1");
  });

  it("keeps at least 2 instances per function at a trickle, and no replication invocations in one region", () => {
    const capacity = marketEventsCapacity({ ...dev, capacity: { ...dev.capacity, peakMarketEventsPerMinute: 6 } });

    expect(capacity).toMatchObject({ apiRateLimit: 1, ingestConcurrency: 2, stepConcurrency: 2, compensateConcurrency: 2, ruleInvocationsPerSecond: 1 });
  });

  it("refuses a peak the account's API Gateway limit cannot take, saying what to change", () => {
    const config = { ...dev, capacity: { ...dev.capacity, peakMarketEventsPerMinute: 1_000_000 }, marketEvents: { ...dev.marketEvents, averageEventsPerRequest: 1 } };

    expect(() => marketEventsCapacity(config)).toThrow(/needs 33334 requests\/s .*above API Gateway's account limit of 10000\/s .*batch more events per request/);
  });
});
