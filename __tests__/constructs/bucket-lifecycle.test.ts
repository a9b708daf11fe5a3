import { ENVIRONMENTS } from "../../src/config/environments";
import { expiringLifecycleRules, tierLifecycleRules } from "../../src/constructs/bucket-lifecycle";
import { EncryptedLogGroup } from "../../src/constructs/encrypted-log-group";
import { LakeKey } from "../../src/constructs/lake-key";
import { refTo, resourceAt, synthScope } from "../support/synth";

describe("tierLifecycleRules", () => {
  it("tiers prod raw data to Intelligent-Tiering, Glacier at 90 days, Deep Archive, then expires it after 7 years", () => {
    // Act
    const [tiering, housekeeping] = tierLifecycleRules(ENVIRONMENTS.prod.lifecycle.raw);
    // Assess
    expect(tiering).toEqual({
      id: "tiering-and-retention",
      status: "Enabled",
      filter: [{ prefix: "" }],
      transition: [
        { days: 0, storageClass: "INTELLIGENT_TIERING" },
        { days: 90, storageClass: "GLACIER" },
        { days: 365, storageClass: "DEEP_ARCHIVE" },
      ],
      expiration: [{ days: 2557 }],
    });
    expect(housekeeping).toEqual({
      id: "noncurrent-versions-and-uploads",
      status: "Enabled",
      filter: [{ prefix: "" }],
      noncurrentVersionExpiration: [{ noncurrentDays: 30 }],
      expiration: [{ expiredObjectDeleteMarker: true }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
    });
  });

  it("stops at Glacier Instant Retrieval when no Deep Archive day is configured", () => {
    const [tiering] = tierLifecycleRules(ENVIRONMENTS.dev.lifecycle.processed);
    expect(tiering.transition).toEqual([
      { days: 0, storageClass: "INTELLIGENT_TIERING" },
      { days: 90, storageClass: "GLACIER_IR" },
    ]);
    expect(tiering.expiration).toEqual([{ days: 366 }]);
  });

  it("expires short-lived buckets after the given days and cleans up old versions", () => {
    const [expire, housekeeping] = expiringLifecycleRules(90);
    expect(expire.expiration).toEqual([{ days: 90 }]);
    expect(housekeeping.noncurrentVersionExpiration).toEqual([{ noncurrentDays: 7 }]);
  });
});

describe("EncryptedLogGroup", () => {
  it("encrypts with the given key and keeps logs for the set time", () => {
    const json = synthScope((scope) => {
      const key = new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1", allowCloudWatchLogs: true });
      new EncryptedLogGroup(scope, "app-logs", { name: "/mdl/app", encryptionKey: key, retentionDays: 731 });
    });
    expect(resourceAt(json, "aws_cloudwatch_log_group", "app-logs/log-group")).toEqual({ name: "/mdl/app", kms_key_id: refTo(json, "aws_kms_key", "platform/key", "arn"), retention_in_days: 731 });
  });

  it("refuses a retention CloudWatch does not accept, listing the allowed values", () => {
    expect(() =>
      synthScope((scope) => {
        const key = new LakeKey(scope, "platform", { aliasName: "alias/p", description: "p", accountId: "123456789012", region: "us-east-1" });
        new EncryptedLogGroup(scope, "app-logs", { name: "/mdl/app", encryptionKey: key, retentionDays: 100 });
      }),
    ).toThrow(/retentionDays 100 is not accepted by CloudWatch Logs; use one of 1, 3, 5, 7, 14, 30, 60, 90, 120/);
  });
});
