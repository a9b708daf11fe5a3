import type { S3BucketLifecycleConfigurationRule } from "@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration";
import { retentionDays, type TierLifecycleConfig } from "../config";

/**
 * Lifecycle rules for a lake tier: Intelligent-Tiering while data is queried, Glacier at
 * `glacierDays`, optionally Deep Archive, expiry at the end of retention. Non-current versions
 * and unfinished multipart uploads are cleaned up so versioning never grows storage without bound.
 * The empty-prefix filter applies each rule to the whole bucket.
 */
/** Objects under `prefix` that expire after `days`, before the tier's retention (scratch, query results). */
export interface ShortLivedPrefix {
  readonly prefix: string;
  readonly days: number;
}

export function tierLifecycleRules(tier: TierLifecycleConfig, shortLived: readonly ShortLivedPrefix[] = []): S3BucketLifecycleConfigurationRule[] {
  const transitions = [
    { days: tier.intelligentTieringDays, storageClass: "INTELLIGENT_TIERING" },
    { days: tier.glacierDays, storageClass: tier.glacierStorageClass },
    ...(tier.deepArchiveDays === undefined ? [] : [{ days: tier.deepArchiveDays, storageClass: "DEEP_ARCHIVE" }]),
  ];
  return [
    {
      id: "tiering-and-retention",
      status: "Enabled",
      filter: [{ prefix: "" }],
      transition: transitions,
      expiration: [{ days: retentionDays(tier.retentionYears) }],
    },
    // When rules overlap, S3 applies the earliest expiration, so these end before retention does.
    ...shortLived.map(({ prefix, days }) => ({ id: `expire-${prefix.replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "")}`, status: "Enabled", filter: [{ prefix }], expiration: [{ days }] })),
    housekeepingRule(tier.noncurrentVersionExpirationDays, tier.abortIncompleteMultipartUploadDays),
  ];
}

/** Rules for a bucket of deployed code: kept while current, old versions cleaned up. */
export function codeLifecycleRules(): S3BucketLifecycleConfigurationRule[] {
  return [housekeepingRule(30, 1)];
}

/** Rules for a bucket that only keeps objects for `days` (e.g. server access logs). */
export function expiringLifecycleRules(days: number): S3BucketLifecycleConfigurationRule[] {
  return [
    { id: "expire", status: "Enabled", filter: [{ prefix: "" }], expiration: [{ days }] },
    housekeepingRule(7, 1),
  ];
}

/** Expiry of old versions, leftover delete markers and abandoned multipart uploads. */
function housekeepingRule(noncurrentDays: number, abortDays: number): S3BucketLifecycleConfigurationRule {
  return {
    id: "noncurrent-versions-and-uploads",
    status: "Enabled",
    filter: [{ prefix: "" }],
    noncurrentVersionExpiration: [{ noncurrentDays }],
    expiration: [{ expiredObjectDeleteMarker: true }],
    abortIncompleteMultipartUpload: [{ daysAfterInitiation: abortDays }],
  };
}
