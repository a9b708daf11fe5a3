import { UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { fromItem } from "../../../handlers/validation/dynamo-attributes";
import { LineageStore, type LineageOutcome } from "../../../handlers/validation/lineage-store";
import { validatedOutcome } from "../../support/lineage-outcome";

const ref = { bucket: "raw", key: "dataset=trades/date=2026-11-20/f.csv", versionId: "v1" };
const OUTCOME = validatedOutcome({ outputs: { report: "reports/f.v1.json" } });

/** Completes `outcome` against a client that keeps the UpdateItem it is sent. */
async function completeUpdate(outcome: LineageOutcome): Promise<{ expression: string; values: Record<string, unknown> }> {
  const sent: UpdateItemCommand[] = [];
  const client = { send: async (command: UpdateItemCommand) => void sent.push(command) } as unknown as DynamoDBClient;
  await new LineageStore(client, { tableName: "t", ttlDays: 1, leaseSeconds: 960, now: () => 0 }).complete(ref, 1, outcome);
  const input = sent[0]!.input;
  return { expression: `${input.UpdateExpression} ${input.ConditionExpression}`, values: fromItem(input.ExpressionAttributeValues!) };
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
});
