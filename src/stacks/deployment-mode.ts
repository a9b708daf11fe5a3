/** How a stack is deployed, as opposed to what it contains (that is the environment config). */
export interface DeploymentMode {
  /**
   * "s3": remote state in the bucket and lock table made by terraform-backend.tf.
   * "local": state in a local file, so synth, init and validate need nothing remote.
   */
  readonly backend: "s3" | "local";
  /**
   * Endpoint of a local AWS API server (moto) to deploy to instead of AWS. Only the workarounds
   * listed in README ("Local mode") differ from a real deployment; never set for real accounts.
   */
  readonly localAwsEndpoint?: string;
}

export const REMOTE_STATE: DeploymentMode = { backend: "s3" };
