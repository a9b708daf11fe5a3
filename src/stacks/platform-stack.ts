import { Aspects, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import type { EnvironmentConfig } from "../config";
import { Naming } from "../config/naming";
import { RUNBOOK_URL_CONTEXT } from "../constructs/runbook";
import { ALL_RULES } from "../policy";
import { GuardrailsAspect } from "../policy/guardrails";
import { addAwsProvider } from "./aws-provider";
import { REMOTE_STATE, type DeploymentMode } from "./deployment-mode";
import { applyLocalModeWorkarounds } from "./local-mode";
import { configureStateBackend } from "./state-backend";

export interface PlatformStackProps {
  /** A config that passed `validateEnvironmentConfig` (use `loadEnvironmentConfig`). */
  readonly config: EnvironmentConfig;
  /** @default remote S3 state */
  readonly mode?: DeploymentMode;
}

/**
 * What every stack of the platform is: its state in the bootstrap backend (or local), the AWS
 * provider of the environment (or the local server), alarms linking the configured runbook, the
 * guardrails applied at synth, and the local-mode workarounds when deployed to the local server.
 */
export abstract class PlatformStack extends TerraformStack {
  readonly naming: Naming;
  readonly mode: DeploymentMode;
  /** Deployed to a local AWS API server (moto): the README's "Local mode" differences apply. */
  readonly localAwsServer: boolean;

  constructor(scope: Construct, id: string, props: PlatformStackProps) {
    super(scope, id);
    const { config } = props;
    this.mode = props.mode ?? REMOTE_STATE;
    // Before any child: every alarm below links its runbook section under this address.
    this.node.setContext(RUNBOOK_URL_CONTEXT, config.alarms.runbookUrl);
    this.naming = new Naming(config);
    configureStateBackend(this, id, config, this.mode);
    addAwsProvider(this, config, this.naming, this.mode);
    this.localAwsServer = this.mode.localAwsEndpoint !== undefined;
    Aspects.of(this).add(new GuardrailsAspect(ALL_RULES));
    if (this.localAwsServer) applyLocalModeWorkarounds(this);
  }
}
