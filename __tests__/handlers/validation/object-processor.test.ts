import { Readable } from "node:stream";
import { GetObjectCommand, PutObjectCommand } from "@aws-sdk/client-s3";
import type { SQSRecord } from "aws-lambda";
import { DeadlineExceededError } from "../../../handlers/validation/deadline";
import { outputKeys, processObject } from "../../../handlers/validation/object-processor";
import { handleRecord } from "../../../handlers/validation/record-handler";
import { readSettings } from "../../../handlers/validation/settings";
import { UPLOAD_CONFIG, fakeLineage, processorDeps as deps } from "./processor-fakes";

const ref = { bucket: "raw", key: "dataset=trades/date=2026-11-20/f.csv", versionId: "v1" };

describe("processObject", () => {
  it("releases its claim and rethrows when S3 throttles, so SQS redelivers", async () => {
    // Prepare
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 2 });
    const s3 = { send: async () => Promise.reject(Object.assign(new Error("Please reduce your request rate."), { name: "SlowDown" })) };
    // Act
    const act = processObject(ref, deps(s3, store));
    // Assess
    await expect(act).rejects.toThrow("Please reduce your request rate.");
    expect(calls).toEqual([["claim", null], ["release", "Please reduce your request rate."]]);
  });

  it("does nothing for an object version already done, and asks for a retry while another run holds it", async () => {
    const never = { send: async () => Promise.reject(new Error("must not be called")) };
    await expect(processObject(ref, deps(never, fakeLineage({ kind: "done", status: "VALIDATED" }).store))).resolves.toEqual({ kind: "duplicate" });
    await expect(processObject(ref, deps(never, fakeLineage({ kind: "busy", leaseUntil: 1 }).store))).resolves.toEqual({ kind: "busy" });
  });

  it("records an empty object as FAILED with its reason, writes the report and alerts", async () => {
    // Prepare
    const puts: string[] = [];
    const s3 = {
      config: UPLOAD_CONFIG,
      send: async (command: unknown) => {
        if (command instanceof GetObjectCommand) return { Body: Readable.from([]) };
        if (command instanceof PutObjectCommand) return void puts.push(command.input.Key!);
        throw new Error(`unexpected ${String(command)}`);
      },
    };
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    const alerts: object[] = [];
    // Act
    const result = await processObject(ref, deps(s3, store, alerts));
    // Assess
    expect(result).toMatchObject({ kind: "failed", outcome: { status: "FAILED", recordsIn: 0, failureReason: expect.stringMatching(/^unreadable object \(empty\)/) } });
    expect(calls.map(([c]) => c)).toEqual(["claim", "complete"]);
    expect(puts).toEqual(["reports/dataset=trades/date=2026-11-20/f.v1.json"]);
    expect(alerts).toEqual([expect.objectContaining({ status: "FAILED", object: "s3://raw/dataset=trades/date=2026-11-20/f.csv" })]);
  });
});

describe("processObject outcome", () => {
  it("carries the summary's symbol state resets and ignored columns into the lineage outcome and the report", async () => {
    // Prepare: an unknown column, and two symbols with state for one
    const csv = "trade_id,symbol,ts,price,size,venue_seq\nT1,AAPL,2026-11-20T14:30:00Z,189.5,10,1\nT2,MSFT,2026-11-20T14:30:01Z,410.5,5,2\n";
    const reports: string[] = [];
    const s3 = {
      config: UPLOAD_CONFIG,
      send: async (command: unknown) => {
        if (command instanceof GetObjectCommand) return { Body: Readable.from([Buffer.from(csv)]) };
        if (command instanceof PutObjectCommand) return void (command.input.Key!.startsWith("reports/") && reports.push(String(command.input.Body)));
        throw new Error(`unexpected ${String(command)}`);
      },
    };
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    const base = deps(s3, store);
    // Act
    await processObject(ref, { ...base, settings: { ...base.settings, validator: { ...base.settings.validator, maxTrackedSymbols: 1 } } });
    // Assess
    const recorded = { symbolStateResets: 1, ignoredColumns: ["venue_seq"] };
    expect(calls.find(([c]) => c === "complete")?.[1]).toMatchObject(recorded);
    expect(JSON.parse(reports[0]!)).toMatchObject(recorded);
  });

  // A winter post-market trade, 19:30 New York = 00:30Z the next day, in its New York date: accepted
  // only when the trades dataset's zone is New York (UTC is the default, quotes' zone is not trades').
  it.each([
    ['{"trades":"America/New_York"}', 0, {}],
    [undefined, 1, { "timestamp.partition": 1 }],
    ['{"quotes":"America/New_York"}', 1, { "timestamp.partition": 1 }],
  ])("dates trades in the trades dataset's zone: PARTITION_TIME_ZONES %s quarantines %i of a post-market trade", async (zones, quarantined, rejectedByRule) => {
    // Prepare
    const csv = "trade_id,symbol,ts,price,size\nT1,AAPL,2026-01-15T20:59:00Z,189.5,10\nT2,AAPL,2026-01-16T00:30:00Z,189.6,5\n";
    const s3 = {
      config: UPLOAD_CONFIG,
      send: async (command: unknown) => {
        if (command instanceof GetObjectCommand) return { Body: Readable.from([Buffer.from(csv)]) };
        if (command instanceof PutObjectCommand) return undefined;
        throw new Error(`unexpected ${String(command)}`);
      },
    };
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    // Act
    await processObject({ bucket: "raw", key: "dataset=trades/date=2026-01-15/f.csv", versionId: "v1" }, deps(s3, store, [], zones === undefined ? {} : { PARTITION_TIME_ZONES: zones }));
    // Assess
    expect(calls.find(([c]) => c === "complete")?.[1]).toMatchObject({ status: "VALIDATED", recordsIn: 2, quarantined, rejectedByRule });
  });
});

describe("outputKeys", () => {
  it("mirrors the input partitions and keeps versions apart", () => {
    const settings = readSettings({ ENVIRONMENT: "test", LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a" });
    expect(outputKeys({ bucket: "raw", key: "dataset=quotes/date=2026-11-20/q 1.jsonl.gz", versionId: "3/L4kqtJl+cp" }, { dataset: "quotes", date: "2026-11-20", format: "jsonl", gzip: true }, settings)).toEqual({
      validated: "validated/dataset=quotes/date=2026-11-20/q 1.3L4kqtJlcp.jsonl.gz",
      quarantine: "quarantine/dataset=quotes/date=2026-11-20/q 1.3L4kqtJlcp.jsonl.gz",
      report: "reports/dataset=quotes/date=2026-11-20/q 1.3L4kqtJlcp.json",
    });
  });
});

describe("handleRecord", () => {
  const record = (body: string) => ({ messageId: "m1", body }) as SQSRecord;
  const log = { info: () => undefined, warn: () => undefined, error: () => undefined };

  it("acknowledges the S3 test event without touching anything", async () => {
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    await expect(handleRecord(record('{"Event":"s3:TestEvent"}'), deps({}, store), log)).resolves.toEqual([]);
    expect(calls).toEqual([]);
  });

  it("fails the message (for a later retry) while another invocation holds the object", async () => {
    const body = JSON.stringify({ Records: [{ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: "raw" }, object: { key: "dataset%3Dtrades/date%3D2026-11-20/f.csv" } } }] });
    await expect(handleRecord(record(body), deps({}, fakeLineage({ kind: "busy", leaseUntil: 1 }).store), log)).rejects.toThrow(/is being validated by another invocation/);
  });

  it("does not start the message's next object once the deadline has passed, and fails the message", async () => {
    // Prepare: two objects with unusable keys (no S3 needed); the deadline passes once the first is done
    const s3Record = (key: string) => ({ eventSource: "aws:s3", eventName: "ObjectCreated:Put", s3: { bucket: { name: "raw" }, object: { key } } });
    const body = JSON.stringify({ Records: [s3Record("first.csv"), s3Record("second.csv")] });
    const controller = new AbortController();
    const { store, calls } = fakeLineage({ kind: "claimed", attempt: 1 });
    const passOnFirstObject = { ...log, info: () => controller.abort(new DeadlineExceededError("deadline: 30000 ms before the function timeout")) };
    // Act
    const act = handleRecord(record(body), { ...deps({}, store), deadline: controller.signal }, passOnFirstObject);
    // Assess
    await expect(act).rejects.toThrow(DeadlineExceededError);
    expect(calls.map(([c]) => c)).toEqual(["claim", "complete"]);
  });
});

describe("readSettings", () => {
  it("names a missing variable and refuses a bad policy", () => {
    expect(() => readSettings({ ALERT_TOPIC_ARN: "a" })).toThrow("Environment variable LINEAGE_TABLE is not set");
    expect(() => readSettings({ LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a" })).toThrow("Environment variable ENVIRONMENT is not set; the stack sets it (src/stacks/validation-pipeline.ts)");
    expect(() => readSettings({ ENVIRONMENT: "test", LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a", OUT_OF_ORDER_POLICY: "drop" })).toThrow('OUT_OF_ORDER_POLICY="drop" is not allowed');
    expect(() => readSettings({ ENVIRONMENT: "test", LINEAGE_TABLE: "t", ALERT_TOPIC_ARN: "a", MAX_SPREAD_RATIO: "wide" })).toThrow('MAX_SPREAD_RATIO="wide" is not a number');
  });
});
