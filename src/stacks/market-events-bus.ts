import { Construct } from "constructs";
import { EventBus, type RuleTarget } from "../constructs/event-bus";
import { FailureQueue } from "../constructs/failure-queue";
import { RUNBOOK_SECTIONS } from "../constructs/runbook";
import { EVENT_TYPES } from "../operations/replay/market-events-names";
import { INGEST_EVENT_SOURCE } from "./market-events-ingest";
import type { MarketEventsPartProps } from "./market-events-stack";
import type { SecondaryRegion } from "./secondary-region";

/** `Source` of the saga's "stored" events (they are not routed to the saga again). */
export const SAGA_EVENT_SOURCE = "market-data.saga";

export interface MarketEventsBusProps extends MarketEventsPartProps {
  /** Where each type's events go: the saga's state machine, or (local server) a queue. */
  readonly sagaTarget: Pick<RuleTarget, "kind" | "arn" | "queue" | "roleStatements">;
  /** The second region: every event is replicated to its bus. */
  readonly replica?: SecondaryRegion;
}

/**
 * The market events bus and its routing: one rule per event type (trade, quote, orderbook) to the
 * saga, a catch-all for any other type from the same sources to a queue with an alarm (nothing is
 * silently dropped), and in prod a rule replicating every event to the second region's bus. Each
 * target retries per config.marketEvents.delivery and dead-letters into its own queue.
 */
export class MarketEventsBus extends Construct {
  readonly bus: EventBus;
  readonly unknownTypes: FailureQueue;
  readonly name: string;
  readonly arn: string;
  readonly archiveName: string;

  constructor(scope: Construct, id: string, props: MarketEventsBusProps) {
    super(scope, id);
    const { config, names, key, lake } = props;
    const m = config.marketEvents;
    const enforceConditionalDenies = !props.localAwsServer;
    this.bus = new EventBus(this, "bus", {
      busName: names.bus,
      archiveName: names.archive,
      archiveRetentionDays: m.archiveRetentionDays,
      region: config.region,
      accountId: config.accountId,
      encryptionKey: key,
      partners: m.busPartners,
      ownSources: [INGEST_EVENT_SOURCE],
      alarmActions: [lake.alertTopicArn],
      enforceConditionalDenies,
    });
    this.name = this.bus.name;
    this.arn = this.bus.arn;
    this.archiveName = names.archive;
    const retries = { maximumRetryAttempts: m.delivery.maximumRetryAttempts, maximumEventAgeSeconds: m.delivery.maximumEventAgeSeconds };
    for (const type of EVENT_TYPES) {
      this.bus.addRule(type, names.rule(type), `Market events of type ${type} to the saga`, { source: [...this.bus.sources], "detail-type": [type] }, { ...props.sagaTarget, ...retries });
    }
    this.unknownTypes = new FailureQueue(this, "unknown-types", {
      queueName: `${names.bus}-unknown-types`,
      region: config.region,
      encryptionKey: key,
      holds: `events whose detail-type is none of ${EVENT_TYPES.join(", ")}`,
      whatToDo: "their detail-type and source name the producer; fix it or add the type, then replay",
      runbook: RUNBOOK_SECTIONS.unknownEventTypes,
      alarmActions: [lake.alertTopicArn],
      enforceConditionalDenies,
    });
    this.bus.addRule("unknown-types", `${names.bus}-unknown-types`, "Events of a type no rule routes, kept for inspection", { source: [...this.bus.sources], "detail-type": [{ "anything-but": [...EVENT_TYPES] }] }, { kind: "queue", arn: this.unknownTypes.arn, queue: this.unknownTypes, ...retries });
    if (props.replica) {
      this.bus.addRule("replicate", `${names.bus}-replicate`, `Every event to the bus in ${props.replica.region}`, { source: [...this.bus.sources, SAGA_EVENT_SOURCE] }, { kind: "event-bus", arn: props.replica.bus.arn, ...retries });
    }
  }
}
