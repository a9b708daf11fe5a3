import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An entry of a PutRecords request on the wire (JSON 1.1: Data is base64). */
export interface WireEntry {
  readonly Data: string;
  readonly PartitionKey: string;
}

/** Which entries of the request-th PutRecords to fail, and with which code; undefined writes it. */
export type FailEntry = (entry: WireEntry, position: number, request: number) => "ProvisionedThroughputExceededException" | "InternalFailure" | undefined;

export interface FailingProxy {
  readonly endpoint: string;
  /** Entries the proxy failed, per error code. */
  readonly failed: Record<string, number>;
  /** PutRecords requests seen. */
  readonly requests: () => number;
  close(): Promise<void>;
}

/**
 * An HTTP endpoint in front of a moto server for what moto never does: fail some entries of a
 * PutRecords request (moto writes every entry). As AWS does it, a failed entry is not written: the
 * proxy forwards the request without the entries it fails, then answers with moto's entries and
 * the failed ones woven back in at their positions (ErrorCode + ErrorMessage, as in the API
 * reference's response syntax) and FailedRecordCount raised to match. Everything else goes to moto unchanged.
 */
export async function startFailingProxy(motoEndpoint: string, fail: FailEntry): Promise<FailingProxy> {
  const target = new URL(motoEndpoint);
  const failed: Record<string, number> = {};
  let putRecords = 0;
  const forward = (req: IncomingMessage, body: Buffer, onReply: (status: number, headers: IncomingMessage["headers"], body: Buffer) => void, onError: (e: Error) => void) => {
    const headers = { ...req.headers, "content-length": String(body.length) };
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (reply) => {
      const chunks: Buffer[] = [];
      reply.on("data", (c: Buffer) => chunks.push(c));
      reply.on("end", () => onReply(reply.statusCode ?? 502, reply.headers, Buffer.concat(chunks)));
    });
    upstream.on("error", onError);
    upstream.end(body);
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const bad = (e: Error) => res.writeHead(502).end(e.message);
      if (req.headers["x-amz-target"] !== "Kinesis_20131202.PutRecords") {
        return forward(req, body, (status, headers, reply) => res.writeHead(status, headers).end(reply), bad);
      }
      const input = JSON.parse(body.toString("utf8")) as { Records: WireEntry[] } & Record<string, unknown>;
      const n = putRecords++;
      const codes = input.Records.map((entry, i) => fail(entry, i, n));
      const kept = input.Records.filter((_, i) => !codes[i]);
      const answer = (written: { Records?: unknown[]; FailedRecordCount?: number; EncryptionType?: string }) => {
        const moto = [...(written.Records ?? [])];
        const records = codes.map((code) => {
          if (!code) return moto.shift();
          failed[code] = (failed[code] ?? 0) + 1;
          return { ErrorCode: code, ErrorMessage: code === "InternalFailure" ? "Internal service failure." : `Rate exceeded for shard shardId-000000000001 in stream ${String(input.StreamName)} under account 123456789012.` };
        });
        const failedCount = codes.filter(Boolean).length + (written.FailedRecordCount ?? 0);
        res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end(JSON.stringify({ ...written, FailedRecordCount: failedCount, Records: records }));
      };
      // A request whose every entry fails never reaches moto (which refuses an empty Records list).
      if (!kept.length) return answer({ Records: [], FailedRecordCount: 0 });
      forward(req, Buffer.from(JSON.stringify({ ...input, Records: kept })), (status, headers, reply) => (status === 200 ? answer(JSON.parse(reply.toString("utf8"))) : res.writeHead(status, headers).end(reply)), bad);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, failed, requests: () => putRecords, close: () => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }) };
}
