import type { EnvironmentConfig } from "../config";
import type { Naming } from "../config/naming";

/** Purposes (Naming suffixes) of the lake resources a later stack of the environment uses. */
export const LAKE_ALERT_TOPIC_PURPOSE = "data-quality-alerts";
export const LAKE_PLATFORM_KEY_PURPOSE = "platform";

/** What a later stack takes from data-lake-<env>: computed values, never a cross-stack reference. */
export interface LakeReferences {
  /** The environment's one alert topic (on-call subscribes once). */
  readonly alertTopicArn: string;
  /** Alias of the key the topic is encrypted with: publishers need kms:GenerateDataKey and kms:Decrypt on it. */
  readonly platformKeyAlias: string;
}

/**
 * The lake's alert topic and its key, from the Naming helper the lake itself names them with. A
 * key's ARN holds a random id no other stack can compute, so its users are granted it by alias
 * (kms:ResourceAliases), which AWS evaluates on the key the request resolves to.
 */
export function lakeReferences(config: Pick<EnvironmentConfig, "region" | "accountId">, naming: Naming): LakeReferences {
  return {
    alertTopicArn: `arn:aws:sns:${config.region}:${config.accountId}:${naming.resource(LAKE_ALERT_TOPIC_PURPOSE)}`,
    platformKeyAlias: naming.kmsAlias(LAKE_PLATFORM_KEY_PURPOSE),
  };
}
