import { Construct } from "constructs";
import { DynamoTable, type TableReplica } from "../constructs/dynamo-table";
import { EVENTS_TABLE_KEYS, IDEMPOTENCY_TABLE_KEYS, INSTRUMENTS_TABLE_KEYS } from "../../handlers/market-events/saga/event-store-schema";
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
  readonly events: DynamoTable;
  readonly instruments: DynamoTable;
  readonly idempotency: DynamoTable;

  constructor(scope: Construct, id: string, props: MarketEventsStoreProps) {
    super(scope, id);
    const { config, names, key, lake } = props;
    const replicas: TableReplica[] = props.replica ? [{ region: props.replica.region, keyArn: props.replica.key.arn }] : [];
    const base = { encryptionKey: key, region: config.region, alarmActions: [lake.alertTopicArn] };
    const e = EVENTS_TABLE_KEYS;
    this.events = new DynamoTable(this, "events", {
      ...base,
      tableName: names.eventsTable,
      partitionKey: e.partitionKey,
      sortKey: e.sortKey,
      indexes: [e.bySymbolTime, e.byTypeDay],
      replicas,
    });
    this.instruments = new DynamoTable(this, "instruments", { ...base, tableName: names.instrumentsTable, partitionKey: INSTRUMENTS_TABLE_KEYS.partitionKey });
    this.idempotency = new DynamoTable(this, "idempotency", {
      ...base,
      tableName: names.idempotencyTable,
      partitionKey: IDEMPOTENCY_TABLE_KEYS.partitionKey,
      ttlAttribute: IDEMPOTENCY_TABLE_KEYS.expiryAttribute,
      replicas,
    });
  }
}
