import { DynamoDBClient, type UpdateItemCommandInput } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { LineageStore, type LineageOutcome } from "../../../handlers/validation/lineage-store";
import { validatedOutcome } from "../../support/lineage-outcome";

const ref = { bucket: "raw", key: "dataset=trades/date=2026-11-20/f.csv", versionId: "v1" };
const OUTCOME = validatedOutcome({ outputs: { report: "reports/f.v1.json" } });

/** A DynamoDB client that keeps each request as the document client marshalled it, and answers {}. */
function recordingClient(sent: UpdateItemCommandInput[]): DynamoDBClient {
  const client = new DynamoDBClient({ region: "us-east-1", credentials: { accessKeyId: "test", secretAccessKey: "test" } });
  client.middlewareStack.add(() => async (args) => (sent.push(args.input as UpdateItemCommandInput), { output: { $metadata: {} }, response: {} }), { step: "build" });
  return client;
}

/** Completes `outcome` against a client that keeps the UpdateItem it is sent. */
async function completeUpdate(outcome: LineageOutcome): Promise<{ expression: string; values: Record<string, unknown> }> {
  const sent: UpdateItemCommandInput[] = [];
  await new LineageStore(recordingClient(sent), { tableName: "t", ttlDays: 1, leaseSeconds: 960, now: () => 0 }).complete(ref, 1, outcome);
  const input = sent[0]!;
  return { expression: `${input.UpdateExpression} ${input.ConditionExpression}`, values: unmarshall(input.ExpressionAttributeValues!) };
}

/** DynamoDB rejects an expression naming a value it is not given, and a value the expression does not use. */
function placeholders(expression: string): string[] {
  return [...new Set(expression.match(/:[a-z_]+/g))].sort();
}

describe("LineageStore.complete", () => {
  it("writes symbol state resets and ignored columns when the object had them", async () => {
    // Act
    const { expression, values } = await completeUpdate({ ...OUTCOME, symbolStateResets: 2, ignoredColumns: ["venue_seq"] });
    // Assess
    expect(expression).toMatch(/symbol_state_resets = :symbol_state_resets/);
    expect(expression).toMatch(/ignored_columns = :ignored_columns/);
    expect(values).toMatchObject({ ":symbol_state_resets": 2, ":ignored_columns": ["venue_seq"] });
    expect(placeholders(expression)).toEqual(Object.keys(values).sort());
  });

  it("adds neither attribute when the object had neither", async () => {
    // Act
    const { expression, values } = await completeUpdate(OUTCOME);
    // Assess
    expect(expression).not.toMatch(/symbol_state_resets|ignored_columns/);
    expect(placeholders(expression)).toEqual(Object.keys(values).sort());
  });

  it("bounds the ignored columns an untrusted header can put in the item", async () => {
    // Prepare
    const ignoredColumns = Array.from({ length: 1000 }, (_, i) => `${"x".repeat(1000)}${i}`);
    // Act
    const { values } = await completeUpdate({ ...OUTCOME, ignoredColumns });
    // Assess
    const kept = values[":ignored_columns"] as string[];
    expect(kept).toHaveLength(20);
    expect(kept.every((name) => name.length === 100)).toBe(true);
  });

  it("leaves undefined fields out and refuses numbers DynamoDB cannot hold exactly, before sending anything", async () => {
    // Prepare
    const sent: UpdateItemCommandInput[] = [];
    const store = new LineageStore(recordingClient(sent), { tableName: "t", ttlDays: 1, leaseSeconds: 960, now: () => 0 });
    // Act
    await store.complete(ref, 1, { ...OUTCOME, dataset: undefined });
    // Assess
    expect(unmarshall(sent[0]!.ExpressionAttributeValues!)).toMatchObject({ ":dataset": "unknown", ":reason": null });
    await expect(store.complete(ref, 1, { ...OUTCOME, durationMs: Number.NaN })).rejects.toThrow(/NaN/);
    await expect(store.complete(ref, 1, { ...OUTCOME, bytesRead: 2 ** 60 })).rejects.toThrow(/MAX_SAFE_INTEGER/);
    expect(sent).toHaveLength(1);
  });
});
