/**
 * What the fused-path property tests share: running one input through validateObject with the
 * fused paths on or off, and generators of timestamps and validation settings.
 */
import fc from "fast-check";
import { Readable } from "node:stream";
import { Dataset, RecordFormat, RejectedRecord, ValidationConfig, ValidationSummary, validateObject } from "../../../handlers/validation/core";
import { DATE, chunksOf } from "./validation-harness";

export interface PathRun {
  chunks: string[];
  rejected: RejectedRecord[];
  summary: ValidationSummary | { error: string };
}

export interface PathOptions {
  readonly dataset: Dataset;
  readonly format: RecordFormat;
  readonly chunkBytes: number;
  readonly config: Partial<ValidationConfig>;
  readonly forceGeneralPath: boolean;
}

/** Validates `text` fed in `chunkBytes` pieces; whatever happens, returns what was output and how it ended. */
export async function runPath(text: string, { dataset, format, chunkBytes, config, forceGeneralPath }: PathOptions): Promise<PathRun> {
  const chunks: string[] = [];
  const rejected: RejectedRecord[] = [];
  const bytes = Buffer.from(text, "utf8");
  try {
    const summary = await validateObject(
      Readable.from(chunksOf(bytes, chunkBytes)),
      { dataset, date: DATE, format, config, forceGeneralPath },
      { accepted: (chunk) => void chunks.push(chunk.toString("utf8")), rejected: (record) => void rejected.push(record) },
    );
    return { chunks, rejected, summary };
  } catch (error) {
    return { chunks, rejected, summary: { error: String(error) } };
  }
}

export const digits = (n: number) => fc.array(fc.constantFrom("0", "1", "2", "5", "9"), { minLength: n, maxLength: n }).map((d) => d.join(""));
export const pad2 = (max: number) => fc.integer({ min: 0, max }).map((v) => String(v).padStart(2, "0"));

export const canonicalTs = fc
  .tuple(fc.constantFrom("00", "09", "14", "14", "14", "23", "24", "1a"), pad2(60), pad2(61), digits(9))
  .map(([h, m, s, n]) => `${DATE}T${h}:${m}:${s}.${n}Z`);
export const otherTs = fc.constantFrom(
  `${DATE}T14:30:00Z`,
  `${DATE}t14:30:00.123456789Z`,
  `${DATE}T14:30:00.123456789z`,
  `${DATE} 14:30:00.123456789Z`,
  `${DATE}T14:30:00.12345678Z`,
  `${DATE}T14:30:00.1234567890Z`,
  `${DATE}T14:30:00.123456789+00:00`,
  `${DATE}T14:30:00.12345678+0100`,
  `${DATE}T14:30:00.123456789`,
  `${DATE}T14:30:00,123456789Z`,
  `${DATE}T14-30:00.123456789Z`,
  `${DATE}T14:30:00.1234 6789Z`,
  "2026-11-21T00:00:00.000000000Z",
  "2026-11-19T23:59:59.999999999Z",
  "2026-11-20T23:59:59.999999999Z",
  "2026-11-20T00:00:00.000000000Z",
  // The edges of the New York trading day 2026-11-20 (EST: 05:00Z to 05:00Z next day), in and out of it.
  "2026-11-20T04:59:59.999999999Z",
  "2026-11-20T05:00:00.000000000Z",
  "2026-11-21T04:59:59.999999999Z",
  "2026-11-21T05:00:00.000000000Z",
  "2026-11-20T23:30:00.000000000-05:00",
  "2026-11-20T14:30:00.123456789\u00e9",
  "1795182600",
  "1795182600123",
  "1795182600.5",
  "",
  "garbage",
);
export const config: fc.Arbitrary<Partial<ValidationConfig>> = fc.record({
  outOfOrderPolicy: fc.constantFrom("flag" as const, "reject" as const),
  duplicateWindow: fc.constantFrom(1, 2, 3, 5, 100_000),
  maxTrackedSymbols: fc.constantFrom(1, 2, 200_000),
  priceJumpRatio: fc.constantFrom(0.1, 10),
  maxSpreadRatio: fc.constantFrom(0.001, 0.1),
  outputChunkBytes: fc.constantFrom(4096, 8192, 256 << 10),
  maxLineBytes: fc.constantFrom(1024, 1100, 1 << 20),
  // Zoned trading days: the fused paths must leave every timestamp outside the zone's day to the
  // general path (UTC twice: the default, and the only zone the fused paths take whole days of).
  partitionTimeZone: fc.constantFrom("UTC", "UTC", "America/New_York", "Asia/Tokyo", "America/St_Johns"),
});

/**
 * The property every fused path must have: on the given lines, joined with either line ending, with
 * or without a final one, fed in any chunking and under any settings, it gives the same output
 * chunks (hence byte-identical output), rejects and summary (key order included) as the general path.
 */
export function matchesGeneralPath(dataset: Dataset, format: RecordFormat, lines: fc.Arbitrary<string[]>) {
  return fc.asyncProperty(lines, fc.constantFrom("\n", "\r\n"), fc.boolean(), fc.integer({ min: 1, max: 4096 }), config, async (lineList, eol, trailingNewline, chunkBytes, options) => {
    // Prepare
    const input = lineList.join(eol) + (trailingNewline ? eol : "");
    // Act
    const fused = await runPath(input, { dataset, format, chunkBytes, config: options, forceGeneralPath: false });
    const general = await runPath(input, { dataset, format, chunkBytes, config: options, forceGeneralPath: true });
    // Assess
    expect(fused.chunks).toEqual(general.chunks);
    expect(fused.rejected).toEqual(general.rejected);
    expect(JSON.stringify(fused.summary)).toBe(JSON.stringify(general.summary));
  });
}
