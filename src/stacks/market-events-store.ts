import { Construct } from "constructs";
import { EventStoreTable, type TableReplicaDefinition } from "../constructs/event-store-table";
import { EVENTS_TABLE, IDEMPOTENCY_TABLE, INSTRUMENTS_TABLE } from "../constructs/market-event-tables";
import type { MarketEventsPartProps } from "./market-events-stack";
import type { SecondaryRegion } from "./secondary-region";

export interface MarketEventsStoreProps extends MarketEventsPartProps {
  /** The second region: the events and idempotency tables become global tables with a replica there. */
  readonly replica?: SecondaryRegion;
}

/**
 * The market events tables: the events single table (an item per event and its saga record; the
 * indexes "events of a symbol by time" and "events of a type by day"), the instruments reference
 * data Enrich reads, and the ingest function's idempotency records (TTL = the idempotency window).
 * In prod the events and idempotency tables replicate to the second region: a failover there keeps
 * both the events and the memory of which ids were taken.
 */
export class MarketEventsStore extends Construct {
  readonly events: EventStoreTable;
  readonly instruments: EventStoreTable;
  readonly idempotency: EventStoreTable;

  constructor(scope: Construct, id: string, props: MarketEventsStoreProps) {
    super(scope, id);
    const { config, names, key, lake } = props;
    const replicaRegions: TableReplicaDefinition[] = props.replica ? [{ region: props.replica.region, kmsKeyArn: props.replica.key.arn }] : [];
    const base = { encryptionKey: key, region: config.region, alarmActions: [lake.alertTopicArn] };
    this.events = new EventStoreTable(this, "events", { ...base, ...EVENTS_TABLE, tableName: names.eventsTable, replicaRegions });
    this.instruments = new EventStoreTable(this, "instruments", { ...base, ...INSTRUMENTS_TABLE, tableName: names.instrumentsTable });
    this.idempotency = new EventStoreTable(this, "idempotency", { ...base, ...IDEMPOTENCY_TABLE, tableName: names.idempotencyTable, replicaRegions });
  }
}
