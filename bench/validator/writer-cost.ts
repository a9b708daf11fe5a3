/**
 * The JSON lines writer alone, in ns per record: one trades line read and validated, then written
 * 2 million times (isolates the writer from the machine's noise in the other stages).
 *   npx esbuild bench/validator/writer-cost.ts --bundle --platform=node --outfile=build/bench/writer-cost.js
 */
import { CsvRecordReader } from "../../handlers/validation/core/csv-record-reader";
import { createFileContext, validateRecord } from "../../handlers/validation/core/record-validator";
import { JsonlWriter } from "../../handlers/validation/core/jsonl-writer";

const header = Buffer.from("trade_id,symbol,ts,price,size,exchange,conditions");
const line = Buffer.from("T1234567,AAPL,2026-11-20T01:00:00.000558341Z,220.22,887,N,@ I");
const context = createFileContext("trades", "2026-11-20");
const reader = CsvRecordReader.fromHeader(header, 0, header.length, 1, context.schema);
if (reader.read(line, 0, line.length, context.normalised.raw) !== null) throw new Error("unreadable");
const outcome = validateRecord(context.normalised.raw, context);
if (!outcome.ok) throw new Error(outcome.message);
const N = 2_000_000;
for (let round = 0; round < 5; round++) {
  const writer = new JsonlWriter(context.schema, "2026-11-20", context.dayStart, () => undefined, 256 << 10);
  const t = process.cpuUsage();
  for (let i = 0; i < N; i++) writer.write(outcome.normalised, line.length);
  const used = process.cpuUsage(t);
  console.log(`write: ${(((used.user + used.system) * 1000) / N).toFixed(0)} ns/record`);
}
