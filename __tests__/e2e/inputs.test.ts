import { ENVIRONMENTS } from "../../src/config/environments";
import { gunzipSync } from "node:zlib";
import { generateMarketData } from "../../bench/validator/generate-market-data";
import { RULES } from "../../handlers/validation/core/rules";
import { E2E_DATE, breakRows, generated, loadRunInputs, plainRunInputs, poisonInput, type InputObject } from "../../scripts/e2e/inputs";
import { runValidation } from "../handlers/core/validation-harness";

const clean = (dataset: "trades" | "quotes" | "bars", format: "csv" | "jsonl", seed: number) =>
  Buffer.concat([...generateMarketData({ dataset, format, targetBytes: 60_000, seed, date: E2E_DATE })]).toString("latin1");

describe("breakRows", () => {
  it.each([
    ["trades", "csv"],
    ["quotes", "jsonl"],
    ["bars", "csv"],
  ] as const)("reports exactly the %s %s lines it changed, one field each, and is deterministic", (dataset, format) => {
    // Prepare
    const text = clean(dataset, format, 11);
    // Act
    const broken = breakRows(text, dataset, format, 0.05, 42);
    const again = breakRows(text, dataset, format, 0.05, 42);
    // Assess
    const before = text.split("\n");
    const after = broken.text.split("\n");
    const changed = after.flatMap((line, i) => (line !== before[i] ? [i + 1] : []));
    expect(broken.badRows.length).toBeGreaterThan(5);
    expect(broken.badRows.map((b) => b.line)).toEqual(changed);
    expect(after).toHaveLength(before.length);
    for (const { line } of broken.badRows) {
      const fields = (l: string) => (format === "csv" ? l.split(",") : Object.entries(JSON.parse(l) as object).map(([k, v]) => `${k}=${JSON.stringify(v)}`));
      const a = fields(before[line - 1]!);
      const b = fields(after[line - 1]!);
      expect(b.filter((f, i) => f !== a[i])).toHaveLength(1);
    }
    expect(new Set(broken.badRows.map((b) => b.rule))).toEqual(new Set([RULES.priceRange, RULES.sizeRange, RULES.symbolFormat, RULES.timestampPartition]));
    expect(again).toEqual(broken);
  });

  it("breaks nothing at rate 0", () => {
    // Act
    const data = generated({ dataset: "trades", format: "csv", targetBytes: 20_000, seed: 1 });
    // Assess
    expect(data.badRows).toEqual([]);
  });
});

describe("run inputs", () => {
  const plain = plainRunInputs();
  const validatedInputs = (inputs: InputObject[]) => inputs.filter((i) => i.expect.status === "VALIDATED");

  it("the plain run has bad rows in each dataset, and none in its clean objects", () => {
    // Assess
    const withBad = plain.filter((i) => i.badRows.length > 0).map((i) => i.key.split("/")[0]);
    expect(withBad.sort()).toEqual(["dataset=bars", "dataset=quotes", "dataset=trades"]);
    expect(plain.filter((i) => i.expect.status === "FAILED").every((i) => i.badRows.length === 0)).toBe(true);
    expect(poisonInput().badRows).toEqual([]);
  });

  // Ties the bookkeeping to the validator: the rows the generator says it broke are exactly the
  // rows the validator rejects, for the rule it names (the dev stack's config: New York trading dates).
  it.each([...validatedInputs(plain), ...loadRunInputs(3, 2000)].map((i) => [i.key, i] as const))("validator rejects exactly the bad rows of %s", async (_key, input) => {
    // Prepare
    const gzipped = input.key.endsWith(".gz") || input.contentEncoding === "gzip";
    const bytes = gzipped ? gunzipSync(input.body) : input.body;
    const dataset = /dataset=(\w+)/.exec(input.key)![1] as "trades" | "quotes" | "bars";
    // Act
    const run = await runValidation(bytes, { dataset, format: input.key.includes(".jsonl") ? "jsonl" : "csv", config: { partitionTimeZone: ENVIRONMENTS.dev.partitionTimeZones[dataset] } });
    // Assess
    expect(run.rejected.map((r) => ({ line: r.line, rule: r.rule }))).toEqual(input.badRows);
    expect(run.summary.records_in).toBe(input.records);
  });

  it("the only repeated trade ids are the resend's, each once, with the original's fields", () => {
    // Prepare
    const tradeLines = (input: InputObject) => (input.key.endsWith(".gz") || input.contentEncoding ? gunzipSync(input.body) : input.body).toString("latin1").split("\n").slice(1).filter((l) => l !== "");
    const trades = [...validatedInputs(plain), poisonInput()].filter((i) => i.key.startsWith("dataset=trades/"));
    const [resend, ...otherResends] = trades.filter((i) => (i.resent ?? 0) > 0);
    // Act
    const seen = new Map<string, string>();
    const repeats: string[] = [];
    for (const input of trades) for (const line of tradeLines(input)) {
      const id = `${line.split(",")[1]}/${line.split(",")[0]}`; // symbol/trade_id: the dedup key
      if (seen.has(id)) repeats.push(seen.get(id) === line ? id : `${id} (fields differ)`);
      else seen.set(id, line);
    }
    // Assess
    expect(otherResends).toEqual([]);
    expect(resend!.resent).toBe(resend!.records);
    expect(repeats).toHaveLength(resend!.records);
    expect(repeats.filter((r) => r.endsWith("(fields differ)"))).toEqual([]);
  });
});
