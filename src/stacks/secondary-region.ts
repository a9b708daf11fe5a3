import { regionCode } from "../config/naming";
import { Construct } from "constructs";
import { AlertTopic } from "../constructs/alert-topic";
import { EventBus } from "../constructs/event-bus";
import { LakeKey } from "../constructs/lake-key";
import { RegionScope } from "../constructs/region-scope";
import { addAwsProvider } from "./aws-provider";
import type { DeploymentMode } from "./deployment-mode";
import type { MarketEventsPartProps } from "./market-events-stack";

export interface SecondaryRegionProps extends MarketEventsPartProps {
  readonly region: string;
  readonly mode: DeploymentMode;
}

/**
 * The market events stack's second region (prod: eu-west-1), through a provider alias: its own key
 * (table replicas and the replica bus are encrypted in their region), a bus of the same name with
 * its archive, which the primary bus replicates every event to, and an alert topic with the lake's
 * subscribers (a CloudWatch alarm can only notify a topic of its own region). No API or saga runs
 * there yet: it holds the data a failover would start from.
 */
export class SecondaryRegion extends Construct {
  readonly region: string;
  readonly key: LakeKey;
  readonly bus: EventBus;
  readonly alerts: AlertTopic;

  constructor(scope: Construct, id: string, props: SecondaryRegionProps) {
    super(scope, id);
    const { config, names } = props;
    this.region = props.region;
    const provider = addAwsProvider(this, config, props.naming, props.mode, { alias: "secondary", region: props.region });
    const inRegion = new RegionScope(this, "resources", { provider, region: props.region });
    this.key = new LakeKey(inRegion, "key", {
      accountId: config.accountId,
      region: props.region,
      aliasName: props.naming.kmsAlias(`market-events-${regionCode(props.region)}`),
      description: `Market events replica in ${props.region}: bus, table replicas (${config.environment})`,
      usedVia: ["dynamodb", "sqs"],
      allowEventBridge: true,
      allowCloudWatchAlarms: true,
    });
    this.alerts = new AlertTopic(inRegion, "alerts", {
      topicName: `${names.bus}-alerts`,
      accountId: config.accountId,
      encryptionKey: this.key,
      subscriptions: config.validation.alertSubscriptions,
    });
    this.bus = new EventBus(inRegion, "bus", {
      busName: names.bus,
      archiveName: names.archive,
      archiveRetentionDays: config.marketEvents.archiveRetentionDays,
      region: props.region,
      accountId: config.accountId,
      encryptionKey: this.key,
      alarmActions: [this.alerts.arn],
    });
  }
}
