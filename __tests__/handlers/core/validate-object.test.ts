import { Readable } from "node:stream";
import { RULES, UnreadableObjectError, validateObject } from "../../../handlers/validation/core";
import { DATE, TRADES_HEADER, runValidation, runValidationStream } from "./validation-harness";

const LINES = [
  "T1,AAPL,2026-11-20T14:30:00.000000001Z,189.5,100,Q,@",
  "T2,msft,1795185000123,410.25,5,,",
  'T3,BRK.B,2026-11-20T14:30:01Z,410.1,7,N,"F, T"',
];
const CSV = [TRADES_HEADER, ...LINES].join("\n") + "\n";

async function unreadableReason(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return "no error";
  } catch (error) {
    return error instanceof UnreadableObjectError ? `${error.reason}: ${error.message}` : `other: ${String(error)}`;
  }
}

describe("validateObject on CSV", () => {
  it("accepts good records and writes them as normalised JSON lines", async () => {
    // Act
    const run = await runValidation(CSV);
    // Assess
    expect(run.accepted).toEqual([
      { trade_id: "T1", symbol: "AAPL", ts: `${DATE}T14:30:00.000000001Z`, price: 189.5, size: 100, exchange: "Q", conditions: "@" },
      { trade_id: "T2", symbol: "MSFT", ts: `${DATE}T14:30:00.123000000Z`, price: 410.25, size: 5 },
      { trade_id: "T3", symbol: "BRK.B", ts: `${DATE}T14:30:01.000000000Z`, price: 410.1, size: 7, exchange: "N", conditions: "F, T" },
    ]);
    expect(run.summary).toMatchObject({ records_in: 3, accepted: 3, rejected: 0, flagged: 0, lines: 4, bytes_read: CSV.length });
  });

  it.each([
    ["CRLF line endings", CSV.replace(/\n/g, "\r\n"), 1 << 20],
    ["one-byte chunks", CSV, 1],
    ["CRLF split between chunks", CSV.replace(/\n/g, "\r\n"), 3],
    ["no newline at the end", CSV.trimEnd(), 5],
    ["a byte order mark", `\ufeff${CSV}`, 2],
    ["blank lines", CSV.replace(/\n/g, "\n\n\r\n"), 7],
  ])("gives the same records with %s", async (_name, text, chunkBytes) => {
    // Prepare
    const reference = await runValidation(CSV);
    // Act
    const run = await runValidation(text, { chunkBytes });
    // Assess
    expect(run.output).toBe(reference.output);
    expect(run.summary.records_in).toBe(3);
  });

  it("quarantines malformed lines with rule, line number and the original text, losing nothing", async () => {
    // Prepare
    const text = [
      TRADES_HEADER,
      LINES[0],
      "T4,AAPL,2026-11-20T14:30:02Z,189.5", // too few columns
      'T5,AAPL,2026-11-20T14:30:03Z,189.5,1,Q,"unterminated', // quote not closed on this line
      'T6,AAPL,2026-11-20T14:30:04Z,189.5,1,Q,"multi', // a quoted field with an embedded newline ...
      'line"', // ... arrives as two malformed lines
      'T7,AA"PL,2026-11-20T14:30:05Z,189.5,1,Q,@',
      "T8,AAPL,2026-11-20T14:30:06Z,-1,1,Q,@",
      LINES[2],
    ].join("\n");
    // Act
    const run = await runValidation(text);
    // Assess
    expect(run.rejected.map((r) => [r.line, r.rule])).toEqual([
      [3, RULES.csvColumnCount],
      [4, RULES.csvQuoting],
      [5, RULES.csvQuoting],
      [6, RULES.csvQuoting],
      [7, RULES.csvQuoting],
      [8, RULES.priceRange],
    ]);
    expect(run.rejected[0]).toEqual({
      rule: RULES.csvColumnCount,
      message: "expected 7 columns as in the header, got 4",
      line: 3,
      text: "T4,AAPL,2026-11-20T14:30:02Z,189.5",
    });
    expect(run.summary).toMatchObject({ records_in: 8, accepted: 2, rejected: 6 });
    expect(run.summary.rejected_by_rule).toEqual({ [RULES.csvColumnCount]: 1, [RULES.csvQuoting]: 4, [RULES.priceRange]: 1 });
  });

  it("counts flags and attaches them to the accepted records", async () => {
    // Prepare
    const text = [TRADES_HEADER, "1,AAPL,2026-11-20T14:30:01Z,100,1,,", "2,AAPL,2026-11-20T14:30:00Z,150,1,,"].join("\n");
    // Act
    const run = await runValidation(text);
    // Assess
    expect(run.accepted[1]).toMatchObject({ trade_id: "2", flags: [RULES.timestampOrder, RULES.priceJump] });
    expect(run.summary).toMatchObject({ accepted: 2, flagged: 1, flagged_by_rule: { [RULES.timestampOrder]: 1, [RULES.priceJump]: 1 } });
  });

  it("ignores unknown columns, reports them and matches columns by name in any order", async () => {
    // Prepare
    const text = "price,venue_seq,ts,symbol,size,trade_id\n189.5,77,2026-11-20T14:30:00Z,AAPL,10,T1\n";
    // Act
    const run = await runValidation(text);
    // Assess
    expect(run.accepted).toEqual([{ trade_id: "T1", symbol: "AAPL", ts: `${DATE}T14:30:00.000000000Z`, price: 189.5, size: 10 }]);
    expect(run.summary.ignored_columns).toEqual(["venue_seq"]);
  });

  it.each([
    ["a missing required column", "trade_id,symbol,ts,price\n", /header lacks required trades column\(s\) size/],
    ["a repeated column", "trade_id,symbol,ts,price,size,size\n", /column size appears twice/],
    ["a broken header", 'trade_id,"symbol\n', /header: a quoted field is not closed/],
  ])("makes the object unreadable for %s", async (_name, text, message) => {
    // Act
    const reason = await unreadableReason(runValidation(text));
    // Assess
    expect(reason).toMatch(/^header: /);
    expect(reason).toMatch(message);
  });

  it.each([
    ["no bytes", "", "csv"],
    ["only blank lines", "\n\r\n\n", "csv"],
    ["only a byte order mark", "\ufeff", "csv"],
    ["no bytes (JSON lines)", "", "jsonl"],
  ] as const)("reports an empty object for %s", async (_name, text, format) => {
    // Act
    const reason = await unreadableReason(runValidation(text, { format }));
    // Assess
    expect(reason).toMatch(/^empty: /);
  });

  it("accepts a header without records as zero records", async () => {
    // Act
    const run = await runValidation(`${TRADES_HEADER}\n`);
    // Assess
    expect(run.summary).toMatchObject({ records_in: 0, accepted: 0, rejected: 0 });
  });

  it.each([
    ["an invalid byte", Buffer.concat([Buffer.from(`${TRADES_HEADER}\n${LINES[0]}\nT2,AA`), Buffer.from([0xff]), Buffer.from("PL\n")]), 1 << 20, 3],
    ["a truncated sequence at the end", Buffer.concat([Buffer.from(`${TRADES_HEADER}\n`), Buffer.from([0xe6, 0x97])]), 4, 2],
    ["Latin-1 text", Buffer.from(`${TRADES_HEADER}\nT1,AAPL,2026-11-20T14:30:00Z,1,1,Q,caf\u00e9\n`, "latin1"), 8, 2],
  ])("reports an encoding error for %s, with the line", async (_name, bytes, chunkBytes, line) => {
    // Act
    const reason = await unreadableReason(runValidation(bytes, { chunkBytes }));
    // Assess
    expect(reason).toBe(`encoding: line ${line} is not valid UTF-8`);
  });

  it("reads multi-byte characters split across chunks", async () => {
    // Prepare
    const text = `${TRADES_HEADER}\nT1,AAPL,2026-11-20T14:30:00Z,1,1,Q,日本🙂\n`;
    // Act
    const run = await runValidation(text, { chunkBytes: 1 });
    // Assess
    expect(run.accepted[0]).toMatchObject({ conditions: "日本🙂" });
  });

  it("refuses a line longer than the limit as unreadable", async () => {
    // Prepare
    const text = `${TRADES_HEADER}\n${"x".repeat(5000)}\n`;
    // Act
    const reason = await unreadableReason(runValidation(text, { config: { maxLineBytes: 4096 }, chunkBytes: 1000 }));
    // Assess
    expect(reason).toBe("line-too-long: line 2 is longer than 4096 bytes; the object is not line-oriented market data");
  });
});

describe("validateObject on JSON lines", () => {
  it("validates objects and quarantines invalid JSON and non-objects", async () => {
    // Prepare
    const text = [
      '{"symbol":"AAPL","ts":"2026-11-20T14:30:00Z","bid_price":189.5,"bid_size":100,"ask_price":189.52,"ask_size":200}',
      '{"symbol":"AAPL","ts":1795185001000,"bid_price":"189.5","bid_size":100,"ask_price":189.52,"ask_size":200,"extra":true}',
      '{"symbol":"AAPL",',
      "[1,2]",
      '{"symbol":"AAPL","ts":"2026-11-20T14:30:02Z","bid_price":190,"bid_size":100,"ask_price":189.52,"ask_size":200}',
    ].join("\n");
    // Act
    const run = await runValidation(text, { dataset: "quotes", format: "jsonl" });
    // Assess
    expect(run.accepted).toEqual([
      { symbol: "AAPL", ts: `${DATE}T14:30:00.000000000Z`, bid_price: 189.5, bid_size: 100, ask_price: 189.52, ask_size: 200 },
      { symbol: "AAPL", ts: `${DATE}T14:30:01.000000000Z`, bid_price: 189.5, bid_size: 100, ask_price: 189.52, ask_size: 200 },
    ]);
    expect(run.rejected.map((r) => [r.line, r.rule])).toEqual([
      [3, RULES.jsonSyntax],
      [4, RULES.jsonNotObject],
      [5, RULES.quoteCrossed],
    ]);
    expect(run.summary).toMatchObject({ records_in: 5, accepted: 2, rejected: 3 });
  });
});

describe("validateObject sinks", () => {
  it("awaits slow sinks before reading on, and hands over chunks it never reuses", async () => {
    // Prepare
    const lines = Array.from({ length: 3000 }, (_, i) => `T${i},AAPL,2026-11-20T14:30:00.${String(i).padStart(9, "0")}Z,100,1,Q,@`);
    const input = Buffer.from([TRADES_HEADER, ...lines, "bad line"].join("\n"));
    const chunks: Buffer[] = [];
    const events: string[] = [];
    let reads = 0;
    async function* source(): AsyncGenerator<Buffer> {
      for (let offset = 0; offset < input.length; offset += 10_000) {
        reads++;
        yield input.subarray(offset, offset + 10_000);
      }
    }
    // Act
    const summary = await validateObject(
      source(),
      { dataset: "trades", date: DATE, format: "csv", config: { outputChunkBytes: 8192 } },
      {
        accepted: async (chunk) => {
          events.push(`chunk after read ${reads}`);
          await new Promise((resolve) => setTimeout(resolve, 1));
          chunks.push(chunk);
        },
        rejected: async (record) => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          events.push(`reject line ${record.line}`);
        },
      },
    );
    // Assess
    const output = Buffer.concat(chunks).toString("utf8").trimEnd().split("\n");
    expect(output).toHaveLength(3000);
    expect(JSON.parse(output[2999]!)).toMatchObject({ trade_id: "T2999" });
    expect(events[events.length - 1]).toBe("reject line 3002");
    expect(summary).toMatchObject({ records_in: 3001, accepted: 3000, rejected: 1 });
    expect(chunks.every((chunk) => chunk.length <= 8192)).toBe(true);
  });

  it("passes a failing stream's own error through", async () => {
    // Prepare
    const stream = new Readable({
      read() {
        this.destroy(new Error("connection reset"));
      },
    });
    // Act
    const reason = await unreadableReason(runValidationStream(stream));
    // Assess
    expect(reason).toBe("other: Error: connection reset");
  });
});
