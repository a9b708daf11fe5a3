import { loadEnvironmentConfig, validateEnvironmentConfig } from "../../src/config";
import { ENVIRONMENTS } from "../../src/config/environments";
import { devConfigWith } from "../support/synth";
import { configIssuesOf } from "../support/config-issues";

const issuesOf = configIssuesOf;

describe("environment config validation", () => {
  it.each(Object.keys(ENVIRONMENTS))("accepts the shipped %s config", (name) => {
    expect(() => loadEnvironmentConfig(name)).not.toThrow();
  });

  it("rejects an unknown environment name with the allowed names", () => {
    expect(() => loadEnvironmentConfig("qa")).toThrow(/environment: "qa" is not an environment; use one of "dev", "staging", "prod"/);
  });

  it.each([
    ["accountId", { accountId: "12345" }, /accountId: "12345" is invalid; expected a 12-digit AWS account id/],
    ["region", { region: "us-east-9" }, /region: "us-east-9" is not allowed; use one of "us-east-1", "us-east-2"/],
    ["project", { project: "Market_Data" }, /project: "Market_Data" is invalid; expected 2-8 lowercase/],
    ["environmentSuffix", { environmentSuffix: "development" }, /environmentSuffix: "development" is invalid/],
    ["logRetentionDays", { logRetentionDays: 45 }, /logRetentionDays: 45 is not allowed; use one of 1, 3, 5/],
    ["accessLogRetentionDays", { accessLogRetentionDays: 0 }, /accessLogRetentionDays: 0 must be a whole number from 1 to 3653/],
  ])("names the field %s and what is allowed", (_field, change, expected) => {
    // Prepare
    const config = devConfigWith(change);
    // Act
    const act = () => validateEnvironmentConfig(config);
    // Assess
    expect(act).toThrow(expected);
    expect(act).toThrow(/Invalid configuration for environment "dev"/);
  });

  it("rejects a data classification outside the list", () => {
    const config = devConfigWith({ tags: { ...ENVIRONMENTS.dev.tags, dataClassification: "secret" } });
    expect(issuesOf(config)).toEqual([{ field: "tags.dataClassification", message: '"secret" is not allowed; use one of "public", "internal", "confidential", "restricted"' }]);
  });

  describe("external accounts", () => {
    it.each([
      ["too short", "x"],
      ["too long", "a".repeat(1225)],
      ["a character STS refuses", "abc def"],
      ["a character STS refuses", "id#1"],
    ])("rejects an ExternalId that is %s", (_why, externalId) => {
      const config = devConfigWith({ producers: [{ ...ENVIRONMENTS.dev.producers[0], externalId }] });
      expect(issuesOf(config)).toEqual([
        { field: "producers[0].externalId", message: expect.stringContaining("expected 2-1224 characters of letters, digits and +=,.@:/-_") },
      ]);
    });

    it("requires each producer to name the datasets it writes, from the lake's datasets, once each", () => {
      const producer = ENVIRONMENTS.dev.producers[0];
      const config = devConfigWith({
        producers: [
          { ...producer, datasets: [] },
          { ...producer, name: "feed-b", externalId: "ext-b", datasets: ["trades", "options" as never] },
          { ...producer, name: "feed-c", externalId: "ext-c", datasets: ["bars", "bars"] },
        ],
      });
      expect(issuesOf(config)).toEqual([
        { field: "producers[0].datasets", message: 'is missing; list the datasets this producer writes, from "trades", "quotes", "bars"' },
        { field: "producers[1].datasets[1]", message: expect.stringContaining('"options" is not allowed; use one of "trades", "quotes", "bars"') },
        { field: "producers[2].datasets", message: "names a dataset twice" },
      ]);
    });

    it("accepts principal ARNs of the partner's own account only", () => {
      const consumer = ENVIRONMENTS.dev.consumers[0];
      const config = devConfigWith({
        consumers: [{ ...consumer, principalArns: ["arn:aws:iam::345678901234:role/readers/*", "arn:aws:iam::999999999999:role/other", "role/reader"] }],
      });
      expect(issuesOf(config)).toEqual([
        { field: "consumers[0].principalArns[1]", message: expect.stringContaining("is not in the partner's account 345678901234") },
        { field: "consumers[0].principalArns[2]", message: expect.stringContaining("expected an IAM role or user ARN of account 345678901234") },
        { field: "consumers[0].principalArns[2]", message: expect.stringContaining("is not in the partner's account 345678901234") },
      ]);
    });

    it("accepts an ExternalId at both length limits and with every allowed symbol", () => {
      const short = devConfigWith({ producers: [{ ...ENVIRONMENTS.dev.producers[0], externalId: "ab" }] });
      const long = devConfigWith({ consumers: [{ ...ENVIRONMENTS.dev.consumers[0], externalId: `${"a".repeat(1210)}+=,.@:/-_x` }] });
      expect(issuesOf(short)).toEqual([]);
      expect(issuesOf(long)).toEqual([]);
    });

    it("rejects a bad partner account id, the environment's own account and reused ExternalIds", () => {
      const partner = ENVIRONMENTS.dev.consumers[0];
      const config = devConfigWith({
        consumers: [
          { ...partner, accountId: "34567890123" },
          { ...partner, name: "own", accountId: ENVIRONMENTS.dev.accountId },
        ],
      });
      expect(issuesOf(config)).toEqual([
        { field: "consumers[0].accountId", message: expect.stringContaining("expected a 12-digit AWS account id") },
        { field: "consumers[1].accountId", message: expect.stringContaining("is the environment's own account") },
        { field: "consumers[1].externalId", message: expect.stringContaining("is used twice in consumers") },
      ]);
    });
  });

  describe("network", () => {
    const network = ENVIRONMENTS.dev.network;

    it("rejects overlapping subnets, naming both", () => {
      const config = devConfigWith({ network: { ...network, privateSubnetCidrs: ["10.40.0.0/20", "10.40.8.0/21"] } });
      expect(issuesOf(config)).toEqual([
        { field: "network.privateSubnetCidrs[1]", message: '"10.40.8.0/21" overlaps network.privateSubnetCidrs[0] ("10.40.0.0/20")' },
      ]);
    });

    it("rejects a subnet outside the VPC and a malformed CIDR", () => {
      const config = devConfigWith({ network: { ...network, privateSubnetCidrs: ["10.41.0.0/20", "10.40.16.1/20"] } });
      expect(issuesOf(config)).toEqual([
        { field: "network.privateSubnetCidrs[0]", message: '"10.41.0.0/20" is not inside the VPC CIDR "10.40.0.0/16"' },
        { field: "network.privateSubnetCidrs[1]", message: expect.stringContaining("is not an IPv4 network in CIDR form") },
      ]);
    });

    it("requires two zones of the region and one subnet per zone", () => {
      const config = devConfigWith({ network: { ...network, availabilityZones: ["eu-west-1a"], privateSubnetCidrs: network.privateSubnetCidrs } });
      const fields = issuesOf(config).map((i) => i.field);
      expect(fields).toEqual(["network.availabilityZones", "network.privateSubnetCidrs", "network.availabilityZones[0]"]);
    });

    it("rejects a VPC prefix AWS does not allow and an unknown endpoint service", () => {
      const config = devConfigWith({ network: { ...network, vpcCidr: "10.0.0.0/8", privateSubnetCidrs: ["10.40.0.0/20", "10.40.16.0/20"], interfaceEndpoints: ["sqs", "ec2"] } });
      expect(issuesOf(config)).toEqual([
        { field: "network.vpcCidr", message: "prefix /8 is outside the /16 to /24 that AWS allows for a VPC" },
        { field: "network.interfaceEndpoints[1]", message: expect.stringMatching(/^"ec2" is not allowed; use one of "sqs", "sns", "kinesis-streams"/) },
      ]);
    });
  });

  describe("lifecycle", () => {
    const raw = ENVIRONMENTS.prod.lifecycle.raw;

    it("rejects days out of order, naming the later field and the order", () => {
      const config = devConfigWith({ lifecycle: { ...ENVIRONMENTS.dev.lifecycle, raw: { ...raw, glacierDays: 400, deepArchiveDays: 365 } } });
      expect(issuesOf(config)).toEqual([
        {
          field: "lifecycle.raw.deepArchiveDays",
          message: "lifecycle days are out of order: deepArchiveDays (365) must be later than glacierDays (400); order is intelligentTieringDays < glacierDays < deepArchiveDays < expiry",
        },
      ]);
    });

    it("rejects a retention that expires data before it reaches Deep Archive", () => {
      const config = devConfigWith({ lifecycle: { ...ENVIRONMENTS.dev.lifecycle, curated: { ...raw, retentionYears: 1, deepArchiveDays: 400 } } });
      expect(issuesOf(config)).toEqual([
        { field: "lifecycle.curated.expiry", message: expect.stringContaining("expiry (retentionYears 1 = 366 days) (366) must be later than deepArchiveDays (400)") },
      ]);
    });

    it("rejects an unknown Glacier class and non-whole day counts", () => {
      const config = devConfigWith({ lifecycle: { ...ENVIRONMENTS.dev.lifecycle, processed: { ...raw, glacierStorageClass: "GLACIER_DEEP", abortIncompleteMultipartUploadDays: 1.5 } } });
      expect(issuesOf(config).map((i) => i.field)).toEqual(["lifecycle.processed.glacierStorageClass", "lifecycle.processed.abortIncompleteMultipartUploadDays"]);
    });
  });

  it("reports every problem at once, not only the first", () => {
    const config = devConfigWith({ accountId: "1", region: "mars-1", logRetentionDays: 2 });
    expect(issuesOf(config).map((i) => i.field)).toEqual(expect.arrayContaining(["accountId", "region", "logRetentionDays"]));
  });
});
