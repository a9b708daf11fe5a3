/**
 * The two proofs the local AWS server cannot give (its Firehose never reads a Kinesis source and
 * leaves `!{partitionKeyFromQuery:...}` literal): the delivery stream's own JQ query, read from the
 * synthesized stack, run with real jq over real records; and object keys built the way Firehose
 * names them, run through the validation pipeline's key parser.
 */
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { Testing } from "cdktf";
import { parseObjectKey } from "../../handlers/validation/core/object-key";
import { ENVIRONMENTS } from "../../src/config/environments";
import { DataLakeStack } from "../../src/stacks/data-lake-stack";
import { VALIDATION_PREFIXES } from "../../src/stacks/validation-pipeline";
import { resourceAt, type SynthesizedJson } from "../support/synth";

const JQ = "/usr/bin/jq";

const stack = new DataLakeStack(Testing.app(), "data-lake-dev", { config: ENVIRONMENTS.dev });
const json = JSON.parse(Testing.synth(stack)) as SynthesizedJson;
const delivery = resourceAt(json, "aws_kinesis_firehose_delivery_stream", "streaming/delivery/delivery");
const s3 = delivery.extended_s3_configuration;
const query: string = s3.processing_configuration.processors
  .find((p: { type: string }) => p.type === "MetadataExtraction")
  .parameters.find((p: { parameter_name: string }) => p.parameter_name === "MetadataExtractionQuery").parameter_value;

/** Real jq; missing, the test fails saying how to install it (it is never skipped). */
function jq(args: readonly string[], input = ""): string {
  if (!existsSync(JQ)) {
    throw new Error(`${JQ} is missing: this test runs Firehose's partitioning query with real jq. Install it (Debian/Ubuntu: sudo apt-get install -y jq), then rerun.`);
  }
  return execFileSync(JQ, [...args], { input, encoding: "utf8" });
}

/** Runs the query as Firehose does, once per record, with the jq version Firehose runs (1.6). */
function partitionKeys(record: unknown): Record<string, unknown> {
  return JSON.parse(jq(["-c", query], JSON.stringify(record))) as Record<string, unknown>;
}

/** The object prefix Firehose evaluates from the configured prefix and a record's partition keys. */
function evaluatedPrefix(keys: Record<string, unknown>): string {
  return (s3.prefix as string).replace(/!\{partitionKeyFromQuery:([A-Za-z0-9_]+)\}/g, (_m, name: string) => String(keys[name]));
}

/**
 * `<evaluated prefix><delivery stream name>-<version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid><file extension>`
 * (Firehose developer guide, "Configure Amazon S3 object name format"; the version starts at 1 and
 * grows with every configuration change; the time is the delivery's, in the stream's time zone).
 */
function firehoseObjectKey(prefix: string, deliveredAt: Date, version = 1): string {
  const t = deliveredAt.toISOString();
  const stamp = `${t.slice(0, 10)}-${t.slice(11, 13)}-${t.slice(14, 16)}-${t.slice(17, 19)}`;
  return `${prefix}${delivery.name}-${version}-${stamp}-${randomUUID()}${s3.file_extension}`;
}

describe("the delivery stream's partitioning, as Firehose evaluates it", () => {
  it("runs real jq 1.6, the JQ version the delivery stream declares", () => {
    expect(jq(["--version"]).trim()).toBe("jq-1.6");
    expect(s3.processing_configuration.processors[0].parameters).toContainEqual({ parameter_name: "JsonParsingEngine", parameter_value: "JQ-1.6" });
  });

  it.each([
    ["a regular-hours trade", { dataset: "trades", trading_date: "2026-11-20", trade_id: "T1", symbol: "AAPL", ts: "2026-11-20T14:30:00.000Z", price: 190.1, size: 100, exchange: "Q" }, "dataset=trades/date=2026-11-20/"],
    // 19:30 New York time on 20 November is already 21 November in UTC: the producer's trading date wins.
    ["a winter post-market trade after 19:00 New York time", { dataset: "trades", trading_date: "2026-11-20", trade_id: "T2", symbol: "AAPL", ts: "2026-11-21T00:30:00.000Z", price: 190.2, size: 5, exchange: "Q" }, "dataset=trades/date=2026-11-20/"],
    ["a quote", { dataset: "quotes", trading_date: "2026-07-01", symbol: "MSFT", ts: "2026-07-01T13:30:00.000Z", bid_price: 410.1, bid_size: 300, ask_price: 410.12, ask_size: 200, exchange: "P" }, "dataset=quotes/date=2026-07-01/"],
    ["a one-minute bar", { dataset: "bars", trading_date: "2026-03-09", symbol: "SPY", ts: "2026-03-09T13:31:00.000Z", open: 510, high: 511, low: 509.5, close: 510.5, volume: 120000 }, "dataset=bars/date=2026-03-09/"],
  ])("puts %s under its dataset and trading date", (_what, record, prefix) => {
    const keys = partitionKeys(record);
    expect(keys).toEqual({ dataset: record.dataset, date: record.trading_date });
    expect(evaluatedPrefix(keys)).toBe(prefix);
    expect(prefix.startsWith(VALIDATION_PREFIXES.input)).toBe(true);
  });

  it("yields a null key for a record without a trading date, which Firehose cannot partition (error prefix)", () => {
    expect(partitionKeys({ dataset: "trades", symbol: "AAPL", ts: "2026-11-20T14:30:00.000Z" })).toEqual({ dataset: "trades", date: null });
    expect(s3.error_output_prefix.startsWith(VALIDATION_PREFIXES.input)).toBe(false);
  });
});

describe("objects as Firehose names them, read by the validation key parser", () => {
  it.each([
    ["trades", "2026-11-20", new Date("2026-11-21T00:31:07Z")],
    ["quotes", "2026-07-01", new Date("2026-07-01T13:35:59Z")],
    ["bars", "2026-03-09", new Date("2026-03-09T23:59:59Z")],
  ])("reads a %s object of %s as that dataset and date, JSON lines, gzip", (dataset, date, deliveredAt) => {
    const key = firehoseObjectKey(evaluatedPrefix(partitionKeys({ dataset, trading_date: date })), deliveredAt);
    expect(key).toMatch(new RegExp(`^dataset=${dataset}/date=${date}/mdl-dev-use1-records-to-raw-1-\\d{4}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-\\d{2}-[0-9a-f-]{36}\\.jsonl\\.gz$`));
    expect(parseObjectKey(key)).toEqual({ dataset, date, format: "jsonl", gzip: true });
  });

  it("still reads a key after configuration changes raise the delivery stream version", () => {
    const key = firehoseObjectKey("dataset=trades/date=2026-11-20/", new Date("2026-11-20T15:00:00Z"), 12);
    expect(key).toContain(`/${delivery.name}-12-2026-11-20-15-00-00-`);
    expect(parseObjectKey(key)).toEqual({ dataset: "trades", date: "2026-11-20", format: "jsonl", gzip: true });
  });
});
