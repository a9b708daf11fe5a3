/**
 * Cost per stage of the CSV path, in ns per record, on an in-memory file (no I/O noise): split lines;
 * + read fields; + validate; + write output. Differences between rows are the stages' costs. The last
 * row is the fused trades path (read, validate and write in one pass, general path on a bail), which
 * is what validateObject runs on a canonical trades header.
 *   npx esbuild bench/validator/stage-costs.ts --bundle --platform=node --outfile=build/bench/stage-costs.js
 *   node build/bench/stage-costs.js <trades.csv>
 */
import { readFileSync } from "node:fs";
import { LineSplitter } from "../../handlers/validation/core/line-splitter";
import { CsvRecordReader } from "../../handlers/validation/core/csv-record-reader";
import { createFileContext, validateRecord } from "../../handlers/validation/core/record-validator";
import { JsonlWriter } from "../../handlers/validation/core/jsonl-writer";
import { FusedTradesCsv } from "../../handlers/validation/core/fused-trades-csv";
import { emptySummary } from "../../handlers/validation/core/validation-summary";

const CHUNK = 1 << 20;

function run(data: Buffer, stages: number): number {
  const context = createFileContext("trades", "2026-11-20");
  const raw = context.normalised.raw;
  const writer = new JsonlWriter(context.schema, "2026-11-20", context.dayStart, () => undefined, 256 << 10);
  let reader: CsvRecordReader | null = null;
  const summary = emptySummary("trades", "2026-11-20", "csv");
  let records = 0;
  const splitter = new LineSplitter((buf, start, end, line) => {
    records++;
    if (stages < 1) return;
    if (reader === null) {
      reader = CsvRecordReader.fromHeader(buf, start, end, line, context.schema);
      if (stages >= 4) splitter.lineRuns = FusedTradesCsv.create(context, writer, summary, "2026-11-20", reader.columnSlots);
      return;
    }
    if (reader.read(buf, start, end, raw) !== null || stages < 2) return;
    const outcome = validateRecord(raw, context);
    if (outcome.ok && stages >= 3) writer.write(outcome.normalised, end - start);
  }, 1 << 20);
  for (let offset = 0; offset < data.length; offset += CHUNK) splitter.push(data.subarray(offset, offset + CHUNK));
  splitter.end();
  return records + summary.records_in;
}

const data = readFileSync(process.argv[2]!);
const names = ["split lines", "+ read fields", "+ validate", "+ write JSON", "fused path"];
for (let stages = 0; stages < names.length; stages++) {
  let best = Infinity;
  let records = 0;
  for (let r = 0; r < 3; r++) {
    const t = process.cpuUsage();
    records = run(data, stages);
    const used = process.cpuUsage(t);
    best = Math.min(best, (used.user + used.system) * 1000);
  }
  console.log(`${names[stages]!.padEnd(16)} ${(best / records).toFixed(0).padStart(5)} ns/record  ${(data.length / best * 1000).toFixed(0).padStart(5)} MB/s CPU`);
}
