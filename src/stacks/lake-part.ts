import type { LakeNetwork } from "../constructs/lake-network";
import type { EnvironmentConfig } from "../config";
import type { Naming } from "../config/naming";
import type { LakeKeys } from "./lake-keys";
import type { LakeStorage } from "./lake-storage";

/** What every part of the data lake stack is built from (validation, ETL, streaming). */
export interface LakePartProps {
  readonly config: EnvironmentConfig;
  readonly naming: Naming;
  readonly keys: LakeKeys;
  readonly storage: LakeStorage;
  readonly network: LakeNetwork;
  /** Deploying to the local AWS API server (README, "Local mode"). @default false */
  readonly localAwsServer?: boolean;
}
