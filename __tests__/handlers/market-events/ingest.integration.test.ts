import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { CreateTableCommand, UpdateTimeToLiveCommand } from "@aws-sdk/client-dynamodb";
import { CreateEventBusCommand, EventBridgeClient, PutRuleCommand, PutTargetsCommand } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { createIngestHandler } from "../../../handlers/market-events/handler";
import { localClientOptions, localClients, type LocalClients } from "../../../scripts/lib/local-clients";
import { createQueue } from "../../../scripts/lib/local-queue";
import { startMotoServer, type MotoServer } from "../../../scripts/lib/moto-server";
import { SETTINGS, apiEvent, batch, bookEvent, captureStdout, context, quoteEvent, tradeEvent, type Json } from "./ingest-fixture";
import { receiveAll } from "../../support/receive-all";

const TABLE = "market-events-idempotency-it";
const BUS = "market-events-it";

describe("ingest handler against a local AWS API server: idempotency table, bus, rule, SQS target", () => {
  let moto: MotoServer;
  let clients: LocalClients;
  let eventBridge: EventBridgeClient;
  let queueUrl: string;

  beforeAll(async () => {
    moto = await startMotoServer();
    clients = localClients(moto.endpoint);
    // One attempt: the local server's PutEvents must not be retried by the SDK (DESIGN.md: duplicates).
    eventBridge = new EventBridgeClient({ ...localClientOptions(moto.endpoint), maxAttempts: 1 });
    // The table as Powertools expects it: key `id`, TTL on `expiration`.
    await clients.dynamo.send(new CreateTableCommand({ TableName: TABLE, KeySchema: [{ AttributeName: "id", KeyType: "HASH" }], AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }], BillingMode: "PAY_PER_REQUEST" }));
    await clients.dynamo.send(new UpdateTimeToLiveCommand({ TableName: TABLE, TimeToLiveSpecification: { AttributeName: "expiration", Enabled: true } }));
    const queue = await createQueue(clients.sqs, "market-events-it");
    queueUrl = queue.url;
    await eventBridge.send(new CreateEventBusCommand({ Name: BUS }));
    await eventBridge.send(new PutRuleCommand({ Name: "all-market-events", EventBusName: BUS, EventPattern: JSON.stringify({ source: [SETTINGS.eventSource], "detail-type": ["trade", "quote", "orderbook"] }) }));
    await eventBridge.send(new PutTargetsCommand({ Rule: "all-market-events", EventBusName: BUS, Targets: [{ Id: "queue", Arn: queue.arn }] }));
  }, 60_000);
  afterAll(async () => moto?.stop());

  it("delivers each accepted event to the queue exactly once; a duplicate post adds nothing", async () => {
    const handler = createIngestHandler({
      eventBridge,
      persistenceStore: new DynamoDBPersistenceLayer({ tableName: TABLE, awsSdkV3Client: clients.dynamo }),
      settings: { ...SETTINGS, eventBusName: BUS },
    });
    const post = async (body: Json) => JSON.parse((await captureStdout(() => handler(apiEvent(body), context))).result.body!) as { counts: Record<string, number>; results: Json[] };
    const good = [...Array.from({ length: 12 }, () => tradeEvent()), quoteEvent(), bookEvent()];
    const first = await post(batch(...good, tradeEvent({ price: 0 }), { ...good[0]! }));
    expect(first.counts).toEqual({ accepted: 14, duplicate: 1, rejected: 1, retry: 0 });

    const second = await post(batch(...good.slice(0, 5), tradeEvent()));
    expect(second.results.map((r) => r.status)).toEqual(["duplicate", "duplicate", "duplicate", "duplicate", "duplicate", "accepted"]);

    const delivered = await receiveAll(clients.sqs, queueUrl);
    const ids = delivered.map((m) => m.detail.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual([...good.map((e) => e.id as string), second.results[5]!.id as string].sort());
    expect(delivered[0]).toMatchObject({ source: SETTINGS.eventSource, "detail-type": expect.stringMatching(/trade|quote|orderbook/) });

    // The records: COMPLETED, with the TTL attribute Powertools writes, keyed by hash (never the raw id).
    const { Items } = await DynamoDBDocumentClient.from(clients.dynamo).send(new ScanCommand({ TableName: TABLE }));
    expect(Items).toHaveLength(15);
    const now = Date.now() / 1000;
    for (const item of Items!) {
      expect(item.status).toBe("COMPLETED");
      expect(item.expiration).toBeGreaterThan(now + SETTINGS.idempotencyWindowSeconds - 60);
      expect(item.expiration).toBeLessThan(now + SETTINGS.idempotencyWindowSeconds + 60);
      expect(String(item.id)).toMatch(/^market-events-ingest#/);
    }
  }, 60_000);
});
