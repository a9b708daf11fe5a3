import { CreateTableCommand } from "@aws-sdk/client-dynamodb";
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { CreateTopicCommand, SubscribeCommand } from "@aws-sdk/client-sns";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from "@aws-sdk/lib-dynamodb";
import { EVENTS_TABLE_KEYS } from "../../../../handlers/market-events/saga/event-store-schema";
import type { BusEvent } from "../../../../handlers/market-events/steps/saga-state";
import { localClientOptions, localClients, type LocalClients } from "../../../../scripts/lib/local-clients";
import { createQueue } from "../../../../scripts/lib/local-queue";
import { startMotoServer, type MotoServer } from "../../../../scripts/lib/moto-server";
import { localSaga, type LocalSagaOptions } from "../../../../scripts/lib/run-saga-locally";
import { receiveAll } from "../../../support/receive-all";
import { bookEvent, quoteEvent, tradeEvent, type Json } from "../ingest-fixture";

const EVENTS = "saga-it-events";
const INSTRUMENTS = "saga-it-instruments";
const BUS = "saga-it-bus";
const RETRY = { intervalSeconds: 1, backoffRate: 2, maxAttempts: 2, maxDelaySeconds: 4 };

let deliveries = 0;
/** The event as a rule delivers it to the state machine. */
const busEvent = (envelope: Json, tenant = "desk-7"): BusEvent => ({
  id: `bus-${++deliveries}`,
  "detail-type": String(envelope.type),
  source: "market-data.ingest",
  time: String(envelope.time),
  detail: { ...envelope, tenant, receivedAt: "2026-11-20T14:30:01.000Z" } as unknown as BusEvent["detail"],
});

/** A document client whose TransactWrite calls go through `intercept` (count, fail, fail after writing). */
function interceptedTransactions(documents: DynamoDBDocumentClient, intercept: (call: number, send: () => Promise<unknown>) => Promise<unknown>): DynamoDBDocumentClient {
  let calls = 0;
  return new Proxy(documents, {
    get(target, key) {
      if (key !== "send") return Reflect.get(target, key);
      return (command: unknown) => (command instanceof TransactWriteCommand ? intercept(++calls, () => target.send(command)) : target.send(command as never));
    },
  });
}

describe("the market event saga in a real ASL interpreter, its steps the real handlers against a local AWS server", () => {
  let moto: MotoServer;
  let clients: LocalClients;
  let documents: DynamoDBDocumentClient;
  let eventBridge: EventBridgeClient;
  let alertsQueue: string;
  let storedQueue: string;
  let options: LocalSagaOptions;

  beforeAll(async () => {
    moto = await startMotoServer();
    clients = localClients(moto.endpoint);
    documents = DynamoDBDocumentClient.from(clients.dynamo, { marshallOptions: { removeUndefinedValues: true } });
    // One attempt: the local server's PutEvents must not be retried by the SDK (DESIGN.md: duplicates).
    eventBridge = new EventBridgeClient({ ...localClientOptions(moto.endpoint), maxAttempts: 1 });
    const k = EVENTS_TABLE_KEYS;
    const attribute = (name: string) => ({ AttributeName: name, AttributeType: "S" as const });
    await clients.dynamo.send(new CreateTableCommand({
      TableName: EVENTS,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: k.partitionKey, KeyType: "HASH" }, { AttributeName: k.sortKey, KeyType: "RANGE" }],
      AttributeDefinitions: [k.partitionKey, k.sortKey, k.bySymbolTime.partitionKey, k.bySymbolTime.sortKey, k.byTypeDay.partitionKey, k.byTypeDay.sortKey].map(attribute),
      GlobalSecondaryIndexes: [k.bySymbolTime, k.byTypeDay].map((i) => ({ IndexName: i.indexName, KeySchema: [{ AttributeName: i.partitionKey, KeyType: "HASH" }, { AttributeName: i.sortKey, KeyType: "RANGE" }], Projection: { ProjectionType: "ALL" } })),
    }));
    await clients.dynamo.send(new CreateTableCommand({ TableName: INSTRUMENTS, BillingMode: "PAY_PER_REQUEST", KeySchema: [{ AttributeName: "symbol", KeyType: "HASH" }], AttributeDefinitions: [attribute("symbol")] }));
    for (const [symbol, venue] of [["AAPL", "XNAS"], ["MSFT", "XNAS"], ["SPY", "ARCX"]]) await documents.send(new PutCommand({ TableName: INSTRUMENTS, Item: { symbol, venue, currency: "USD" } }));
    const alerts = await createQueue(clients.sqs, "saga-it-alerts");
    const stored = await createQueue(clients.sqs, "saga-it-stored");
    alertsQueue = alerts.url;
    storedQueue = stored.url;
    const { TopicArn } = await clients.sns.send(new CreateTopicCommand({ Name: "saga-it-alerts" }));
    await clients.sns.send(new SubscribeCommand({ TopicArn, Protocol: "sqs", Endpoint: alerts.arn, Attributes: { RawMessageDelivery: "true" } }));
    await eventBridge.send(new CreateEventBusCommand({ Name: BUS }));
    await eventBridge.send(new PutRuleCommand({ Name: "stored", EventBusName: BUS, EventPattern: JSON.stringify({ source: ["market-data.saga"], "detail-type": ["stored"] }) }));
    await eventBridge.send(new PutTargetsCommand({ Rule: "stored", EventBusName: BUS, Targets: [{ Id: "queue", Arn: stored.arn }] }));
    options = {
      documents,
      eventBridge,
      sns: clients.sns,
      eventsTable: EVENTS,
      instrumentsTable: INSTRUMENTS,
      busName: BUS,
      eventSource: "market-data.saga",
      alertTopicArn: TopicArn!,
      validate: { maxSpreadRatio: 0.05, maxOrderBookDepth: 50, partitionTimeZones: { trades: "UTC", quotes: "UTC", bars: "UTC" } },
      retry: RETRY,
    };
  }, 120_000);
  afterAll(async () => moto?.stop());

  const eventItem = (tenant: string, id: string) => documents.send(new GetCommand({ TableName: EVENTS, Key: { pk: `EVENT#${tenant}#${id}`, sk: "EVENT" }, ConsistentRead: true })).then((r) => r.Item);
  const sagaItem = (tenant: string, id: string) => documents.send(new GetCommand({ TableName: EVENTS, Key: { pk: `EVENT#${tenant}#${id}`, sk: "SAGA" }, ConsistentRead: true })).then((r) => r.Item);

  it("stores a good trade once, enriched, findable by symbol and by type and day, and publishes it", async () => {
    // Prepare
    const trade = tradeEvent({ symbol: "AAPL", price: 190.1, size: 100 });
    // Act
    const outcome = await localSaga(options).run(busEvent(trade));
    // Assess
    expect(outcome).toMatchObject({ status: "SUCCEEDED", entered: ["Validate", "Enrich", "Store", "Publish", "Stored"], retries: 0 });
    const item = await eventItem("desk-7", String(trade.id));
    expect(item).toMatchObject({ type: "trade", symbol: "AAPL", enrichment: { venue: "Q", currency: "USD", notional: 19_010, mid: null, spreadBps: null } });
    expect(await sagaItem("desk-7", String(trade.id))).toMatchObject({ status: "STORED" });
    const bySymbol = await documents.send(new QueryCommand({ TableName: EVENTS, IndexName: "symbol-by-time", KeyConditionExpression: "gsi1pk = :s", ExpressionAttributeValues: { ":s": "SYMBOL#AAPL" } }));
    const byType = await documents.send(new QueryCommand({ TableName: EVENTS, IndexName: "type-by-day", KeyConditionExpression: "gsi2pk = :t", ExpressionAttributeValues: { ":t": "TYPE#trade#2026-11-20" } }));
    expect(bySymbol.Items?.map((i) => i.id)).toContain(trade.id);
    expect(byType.Items?.map((i) => i.id)).toContain(trade.id);
    const published = await receiveAll(clients.sqs, storedQueue);
    expect(published.map((e) => e.detail)).toContainEqual({ tenant: "desk-7", id: trade.id, type: "trade", symbol: "AAPL", time: trade.time, written: true });
  });

  it("computes mid and spread in bps for quotes and books (hand-computed)", async () => {
    // Prepare: bid 410.10 / ask 410.12 -> mid 410.11, spread 0.02 / 410.11 x 10,000 = 0.48666 bps
    const quote = quoteEvent({ bid_price: 410.1, ask_price: 410.12 });
    const book = bookEvent();
    // Act
    const [q, b] = [await localSaga(options).run(busEvent(quote)), await localSaga(options).run(busEvent(book))];
    // Assess
    expect([q.status, b.status]).toEqual(["SUCCEEDED", "SUCCEEDED"]);
    const quoteEnrichment = (await eventItem("desk-7", String(quote.id)))!.enrichment;
    expect(quoteEnrichment.mid).toBeCloseTo(410.11, 10);
    expect(quoteEnrichment.spreadBps).toBeCloseTo((0.02 / 410.11) * 10_000, 6);
    const bookData = book.data as { bids: Array<{ price: number }>; asks: Array<{ price: number }>; venue: string };
    const bookEnrichment = (await eventItem("desk-7", String(book.id)))!.enrichment;
    expect(bookEnrichment).toMatchObject({ venue: bookData.venue, mid: (bookData.bids[0].price + bookData.asks[0].price) / 2 });
  });

  it("never stores a duplicate twice: a second delivery of the same event writes nothing and still succeeds", async () => {
    // Prepare
    const trade = tradeEvent();
    const saga = localSaga(options);
    await saga.run(busEvent(trade));
    const first = await eventItem("desk-7", String(trade.id));
    // Act: EventBridge retries or a replay deliver it again under a new bus event id
    const again = await saga.run(busEvent(trade));
    // Assess
    expect(again.status).toBe("SUCCEEDED");
    expect(await eventItem("desk-7", String(trade.id))).toEqual(first);
    const stored = await documents.send(new QueryCommand({ TableName: EVENTS, KeyConditionExpression: "pk = :pk", ExpressionAttributeValues: { ":pk": `EVENT#desk-7#${trade.id}` } }));
    expect(stored.Items?.map((i) => i.sk).sort()).toEqual(["EVENT", "SAGA"]);
  });

  it("compensates and alerts when Store fails after its write went through", async () => {
    // Prepare: the transaction commits, then the step fails (the response lost, the function killed)
    const trade = tradeEvent();
    const failing = interceptedTransactions(documents, async (call, send) => {
      const result = await send();
      if (call === 1) throw Object.assign(new Error("socket hang up after the write"), { name: "TimeoutError" });
      return result;
    });
    // Act
    const outcome = await localSaga({ ...options, documents: failing }).run(busEvent(trade));
    // Assess
    expect(outcome).toMatchObject({ status: "FAILED", error: "SagaCompensated" });
    expect(outcome.entered).toEqual(["Validate", "Enrich", "Store", "Compensate", "NotifyCompensated", "Compensated"]);
    expect(await eventItem("desk-7", String(trade.id))).toBeUndefined();
    expect(await sagaItem("desk-7", String(trade.id))).toMatchObject({ status: "COMPENSATED", cause: expect.stringContaining("TimeoutError") });
    const alerts = await receiveAll(clients.sqs, alertsQueue);
    expect(alerts.map((a) => a.compensation?.result)).toContainEqual(expect.objectContaining({ id: trade.id, deleted: true, status: "COMPENSATED" }));
  });

  it("retries a throttled Store with the configured backoff (1 s, then 2 s, full jitter), then stores once", async () => {
    // Prepare: DynamoDB throttles the first two transactions
    const trade = tradeEvent();
    const throttled = interceptedTransactions(documents, async (call, send) => {
      if (call <= 2) throw Object.assign(new Error("Rate of requests exceeds the allowed throughput"), { name: "ProvisionedThroughputExceededException" });
      return send();
    });
    const started = Date.now();
    // Act: the interpreter waits the definition's own backoff
    const outcome = await localSaga({ ...options, documents: throttled, retryWaits: "as-defined" }).run(busEvent(trade));
    // Assess: full jitter waits a random share of 1 s and of 2 s, so at most 3 s in all
    expect(outcome).toMatchObject({ status: "SUCCEEDED", retries: 2 });
    expect(Date.now() - started).toBeLessThan(3_000 + 2_000);
    expect(outcome.entered.filter((s) => s === "Store")).toHaveLength(1);
    expect(await eventItem("desk-7", String(trade.id))).toMatchObject({ id: trade.id });
  });

  it("refuses other content under a stored id without touching the stored event (EventConflict, then an alert)", async () => {
    // Prepare
    const trade = tradeEvent({ price: 190.1 });
    const saga = localSaga(options);
    await saga.run(busEvent(trade));
    const original = await eventItem("desk-7", String(trade.id));
    // Act: a producer reuses the id for another trade
    const outcome = await saga.run(busEvent({ ...trade, data: { ...(trade.data as Json), price: 191 } }));
    // Assess
    expect(outcome).toMatchObject({ status: "FAILED", error: "SagaCompensated" });
    expect(await eventItem("desk-7", String(trade.id))).toEqual(original);
    expect(await sagaItem("desk-7", String(trade.id))).toMatchObject({ status: "STORED" });
    const alerts = await receiveAll(clients.sqs, alertsQueue);
    expect(alerts.map((a) => [a.failure?.Error, a.compensation?.result?.status])).toContainEqual(["EventConflict", "UNCHANGED"]);
  });

  it("rejects an invalid event with the field and the rule, writing nothing", async () => {
    // Prepare: a crossed quote (bid above ask)
    const quote = quoteEvent({ bid_price: 411, ask_price: 410 });
    // Act
    const outcome = await localSaga(options).run(busEvent(quote));
    // Assess
    expect(outcome).toMatchObject({ status: "FAILED", error: "EventRejected", entered: ["Validate", "Rejected"] });
    expect(await eventItem("desk-7", String(quote.id))).toBeUndefined();
  });

  it("ends Unenriched, storing nothing, for a symbol the instruments table lacks", async () => {
    // Prepare
    const trade = tradeEvent({ symbol: "ZZZZ" });
    // Act
    const outcome = await localSaga(options).run(busEvent(trade));
    // Assess
    expect(outcome).toMatchObject({ status: "FAILED", error: "EnrichmentFailed" });
    expect(await eventItem("desk-7", String(trade.id))).toBeUndefined();
  });
});
