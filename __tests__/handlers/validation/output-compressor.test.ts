import { gunzipSync } from "node:zlib";
import { OutputCompressor } from "../../../handlers/validation/output-compressor";

async function compress(chunks: Buffer[]): Promise<{ compressed: Buffer; gzipWrites: number }> {
  const compressor = new OutputCompressor();
  const write = jest.spyOn(compressor.gzip, "write");
  const parts: Buffer[] = [];
  const drained = (async () => {
    for await (const part of compressor.gzip) parts.push(part as Buffer);
  })();
  for (const chunk of chunks) await compressor.write(chunk, drained);
  compressor.end();
  await drained;
  return { compressed: Buffer.concat(parts), gzipWrites: write.mock.calls.length };
}

describe("OutputCompressor", () => {
  it("hands gzip 2 MiB batches, so compression overlaps validation, and loses no byte", async () => {
    // Prepare: 5 MiB of JSON lines in the validator's 256 KiB chunks
    const line = Buffer.from('{"symbol":"AAPL","ts":"2026-11-20T14:30:00.000000000Z","price":189.5,"size":100}\n');
    const chunks = Array.from({ length: 20 }, (_, k) => Buffer.concat(Array.from({ length: (256 << 10) / line.length }, () => line)).subarray(k % 2));
    // Act
    const { compressed, gzipWrites } = await compress(chunks);
    // Assess: 20 chunks of ~256 KiB make two 2 MiB batches and the rest at the end
    expect(gunzipSync(compressed).equals(Buffer.concat(chunks))).toBe(true);
    expect(gzipWrites).toBe(3);
  });

  it("compresses at level 1 (gzip's header says 'fastest')", async () => {
    // Act
    const { compressed } = await compress([Buffer.from("x".repeat(1000))]);
    // Assess: XFL (byte 8) is 4 for the fastest level, 2 for the best, 0 otherwise (RFC 1952)
    expect([compressed[0], compressed[1], compressed[8]]).toEqual([0x1f, 0x8b, 4]);
  });
});
