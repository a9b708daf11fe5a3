import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { UnreadableObjectError, openRecordStream, parseObjectKey } from "../../../handlers/validation/core";
import { createRecordGunzip } from "../../../handlers/validation/core/record-stream";
import { TRADES_HEADER, runValidation, runValidationStream } from "./validation-harness";

const CSV = `${TRADES_HEADER}\n${Array.from({ length: 2000 }, (_, i) => `T${i},AAPL,2026-11-20T14:30:00Z,100,1,Q,@`).join("\n")}\n`;

function body(bytes: Buffer, chunkBytes = 4096): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunkBytes) chunks.push(bytes.subarray(offset, offset + chunkBytes));
  return Readable.from(chunks);
}

async function failure(run: Promise<unknown>): Promise<string> {
  try {
    await run;
    return "no error";
  } catch (error) {
    return error instanceof UnreadableObjectError ? `${error.reason}` : `other: ${(error as Error).message}`;
  }
}

describe("openRecordStream", () => {
  it("lets gunzip run 4 MiB ahead of the validator in 256 KiB chunks", () => {
    // Act
    const gunzip = createRecordGunzip();
    // Assess: the stream default would stop gunzip after every chunk until the next read
    const outputChunk = (gunzip as unknown as { _outBuffer: Buffer })._outBuffer; // zlib's own output buffer
    expect([gunzip.readableHighWaterMark, outputChunk.length]).toEqual([4 << 20, 256 << 10]);
    gunzip.destroy();
  });

  it("gunzips a .csv.gz object to the same records as the plain one", async () => {
    // Prepare
    const key = parseObjectKey("dataset=trades/date=2026-11-20/feed-001.csv.gz");
    const plain = await runValidation(CSV);
    // Act
    const run = await runValidationStream(openRecordStream(body(gzipSync(CSV)), { gzip: key.gzip }));
    // Assess
    expect(run.output).toBe(plain.output);
    expect(run.summary.bytes_read).toBe(Buffer.byteLength(CSV));
  });

  it("reads concatenated gzip members as one object", async () => {
    // Prepare
    const half = CSV.indexOf("\n", CSV.length / 2) + 1;
    const members = Buffer.concat([gzipSync(CSV.slice(0, half)), gzipSync(CSV.slice(half))]);
    // Act
    const run = await runValidationStream(openRecordStream(body(members), { gzip: true }));
    // Assess
    expect(run.summary.accepted).toBe(2000);
  });

  it("passes a plain body through untouched", async () => {
    // Act
    const run = await runValidationStream(openRecordStream(body(Buffer.from(CSV)), { gzip: false }));
    // Assess
    expect(run.summary.accepted).toBe(2000);
  });

  it("reports a truncated gzip stream as truncated-gzip", async () => {
    // Prepare
    const gz = gzipSync(CSV);
    // Act
    const reason = await failure(runValidationStream(openRecordStream(body(gz.subarray(0, gz.length - 100)), { gzip: true })));
    // Assess
    expect(reason).toBe("truncated-gzip");
  });

  it("reports bytes that are not gzip as corrupt-gzip", async () => {
    // Act
    const reason = await failure(runValidationStream(openRecordStream(body(Buffer.from(CSV)), { gzip: true })));
    // Assess
    expect(reason).toBe("corrupt-gzip");
  });

  it("reports an empty gzip object as empty", async () => {
    // Act
    const reason = await failure(runValidationStream(openRecordStream(body(gzipSync("")), { gzip: true })));
    // Assess
    expect(reason).toBe("empty");
  });

  it("passes the body's own error through for a retry", async () => {
    // Prepare
    const broken = new Readable({
      read() {
        this.push(gzipSync(CSV).subarray(0, 100));
        this.destroy(new Error("socket hang up"));
      },
    });
    // Act
    const reason = await failure(runValidationStream(openRecordStream(broken, { gzip: true })));
    // Assess
    expect(reason).toBe("other: socket hang up");
  });
});
