import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand } from "@aws-sdk/lib-dynamodb";
import { LineageStore, lineageId } from "../../../handlers/validation/lineage-store";
import type { S3ObjectRef } from "../../../handlers/validation/s3-event";
import { localClients } from "../../../scripts/lib/local-clients";
import { startMotoServer, type MotoServer } from "../../../scripts/lib/moto-server";
import { createLineageTable } from "../../support/validation-fixture";
import { validatedOutcome } from "../../support/lineage-outcome";

const TABLE = "lineage-claims";
const LEASE_SECONDS = 60;
const T0 = Date.parse("2026-11-20T15:00:00Z");

const outcome = validatedOutcome();

/** The real conditional writes of the claim, on moto's DynamoDB; the clock is the only fake. */
describe("LineageStore against a local DynamoDB", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await startMotoServer();
    await createLineageTable(localClients(moto.endpoint).dynamo, TABLE);
  }, 60_000);
  afterAll(async () => moto?.stop());

  let objects = 0;
  /** A new object version per call, so no test sees another's item. */
  const newObject = (): S3ObjectRef => ({ bucket: "raw", key: `dataset=trades/date=2026-11-20/claims-${++objects}.csv`, versionId: `v${objects}`, etag: "etag", size: 120 });

  /** One Lambda invocation's store: its own client, at time `now`. */
  const invocation = (now: number, client: DynamoDBClient = localClients(moto.endpoint).dynamo) =>
    new LineageStore(client, { tableName: TABLE, ttlDays: 30, leaseSeconds: LEASE_SECONDS, now: () => now });

  async function item(ref: S3ObjectRef): Promise<Record<string, any>> {
    const { Item } = await DynamoDBDocumentClient.from(localClients(moto.endpoint).dynamo).send(new GetCommand({ TableName: TABLE, Key: { object_id: lineageId(ref) }, ConsistentRead: true }));
    return Item!;
  }

  /**
   * Clients whose first GetItem answers are held until every client has one: each claim then
   * decides from the same "before" state, so both reach the conditional write and DynamoDB alone
   * picks the winner. Records the PutItem outcomes.
   */
  function racingClients(count: number): { clients: DynamoDBClient[]; puts: string[] } {
    let read = 0;
    let allRead!: () => void;
    const everyoneRead = new Promise<void>((resolve) => (allRead = resolve));
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`only ${read} of ${count} claims read the item`)), 10_000).unref());
    const puts: string[] = [];
    const clients = Array.from({ length: count }, () => {
      const client = localClients(moto.endpoint).dynamo;
      client.middlewareStack.add(
        (next, context) => async (args) => {
          if (context.commandName === "PutItemCommand") {
            try {
              const output = await next(args);
              puts.push("written");
              return output;
            } catch (error) {
              puts.push((error as Error).name);
              throw error;
            }
          }
          const output = await next(args);
          if (context.commandName === "GetItemCommand" && read < count) {
            if (++read === count) allRead();
            await Promise.race([everyoneRead, timeout]);
          }
          return output;
        },
        { step: "initialize", name: "raceReads" },
      );
      return client;
    });
    return { clients, puts };
  }

  it("lets exactly one of two racing first claims win; the other is told the object is busy", async () => {
    // Prepare
    const ref = newObject();
    const race = racingClients(2);
    // Act
    const results = await Promise.all(race.clients.map((client) => invocation(T0, client).claim(ref, "trades")));
    // Assess: both writes reached DynamoDB, which refused the second
    expect(race.puts.sort()).toEqual(["ConditionalCheckFailedException", "written"]);
    expect(results).toEqual(expect.arrayContaining([{ kind: "claimed", attempt: 1 }, { kind: "busy", leaseUntil: T0 + LEASE_SECONDS * 1000 }]));
    expect(await item(ref)).toMatchObject({ status: "PROCESSING", attempt: 1, lease_until: T0 + LEASE_SECONDS * 1000 });
  });

  it("reports busy while another invocation's lease is live, and leaves its claim alone", async () => {
    // Prepare
    const ref = newObject();
    await invocation(T0).claim(ref, "trades");
    // Act: one millisecond before the lease ends
    const result = await invocation(T0 + LEASE_SECONDS * 1000 - 1).claim(ref, "trades");
    // Assess
    expect(result).toEqual({ kind: "busy", leaseUntil: T0 + LEASE_SECONDS * 1000 });
    expect(await item(ref)).toMatchObject({ status: "PROCESSING", attempt: 1, lease_until: T0 + LEASE_SECONDS * 1000 });
  });

  it.each([
    ["has expired", async (_ref: S3ObjectRef) => undefined, T0 + LEASE_SECONDS * 1000],
    ["was released after a transient error", (ref: S3ObjectRef) => invocation(T0).release(ref, 1, "SlowDown"), T0 + 1],
  ])("takes over a claim whose lease %s, at the next attempt", async (_when, afterFirstClaim, takeoverAt) => {
    // Prepare
    const ref = newObject();
    await invocation(T0).claim(ref, "trades");
    await afterFirstClaim(ref);
    // Act
    const result = await invocation(takeoverAt).claim(ref, "trades");
    // Assess
    expect(result).toEqual({ kind: "claimed", attempt: 2 });
    expect(await item(ref)).toMatchObject({ status: "PROCESSING", attempt: 2, lease_until: takeoverAt + LEASE_SECONDS * 1000 });
  });

  it("lets exactly one of two racing takeovers of an expired lease win", async () => {
    // Prepare
    const ref = newObject();
    await invocation(T0).claim(ref, "trades");
    const race = racingClients(2);
    const later = T0 + 2 * LEASE_SECONDS * 1000;
    // Act
    const results = await Promise.all(race.clients.map((client) => invocation(later, client).claim(ref, "trades")));
    // Assess
    expect(race.puts.sort()).toEqual(["ConditionalCheckFailedException", "written"]);
    expect(results).toEqual(expect.arrayContaining([{ kind: "claimed", attempt: 2 }, { kind: "busy", leaseUntil: later + LEASE_SECONDS * 1000 }]));
    expect(await item(ref)).toMatchObject({ attempt: 2 });
  });

  it("refuses the outcome of a stale attempt whose claim was taken over, and keeps the newer run's", async () => {
    // Prepare: attempt 1 outlives its lease, attempt 2 takes over
    const ref = newObject();
    const zombie = invocation(T0);
    await zombie.claim(ref, "trades");
    const successor = invocation(T0 + LEASE_SECONDS * 1000 + 1);
    await successor.claim(ref, "trades");
    // Act
    const stale = zombie.complete(ref, 1, { ...outcome, recordsIn: 999 });
    // Assess
    await expect(stale).rejects.toBeInstanceOf(ConditionalCheckFailedException);
    expect(await item(ref)).toMatchObject({ status: "PROCESSING", attempt: 2 });
    await successor.complete(ref, 2, outcome);
    await zombie.release(ref, 1, "late error"); // a no-op, not an error
    expect(await item(ref)).toMatchObject({ status: "VALIDATED", attempt: 2, records_in: 3 });
    expect(await item(ref)).not.toHaveProperty("last_error");
    await expect(invocation(T0 + 10 * LEASE_SECONDS * 1000).claim(ref, "trades")).resolves.toEqual({ kind: "done", status: "VALIDATED" });
  });
});
