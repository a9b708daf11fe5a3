import { createServer, request, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** An answer the proxy gives itself: a Glue response body, or an AWS error. */
export type GlueAnswer = { readonly body: unknown } | { readonly error: string; readonly message: string; readonly status?: number };

/** Answers one Glue operation from its input; undefined passes the request on to moto. */
export type GlueHandler = (input: any) => GlueAnswer | undefined;

export interface GlueProxy {
  readonly endpoint: string;
  /** Operations the proxy answered itself, in order, e.g. "ResetJobBookmark". */
  readonly answered: string[];
  /** Answers `operation` (the X-Amz-Target after "AWSGlue.") with `handler` from now on. */
  answer(operation: string, handler: GlueHandler): void;
  /** Forwards everything again. */
  clear(): void;
  close(): Promise<void>;
}

/** Glue's JSON 1.1 protocol sends timestamps as epoch seconds. */
function wire(body: unknown): string {
  return JSON.stringify(body, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}

/**
 * An HTTP endpoint in front of a moto server for a CLI under test (another process, so no stub
 * client can be handed to it): Glue operations a test names are answered here as AWS answers them
 * (JSON 1.1, X-Amz-Target "AWSGlue.<Operation>", errors as `__type` plus the x-amzn-errortype
 * header), for what moto 5.2.1 cannot do: ResetJobBookmark (not implemented), workflow runs that
 * end, job runs that fail. Everything else goes to moto unchanged.
 */
export async function startGlueProxy(motoEndpoint: string): Promise<GlueProxy> {
  const target = new URL(motoEndpoint);
  const handlers = new Map<string, GlueHandler>();
  const answered: string[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const operation = String(req.headers["x-amz-target"] ?? "").replace(/^AWSGlue\./, "");
      const answer = handlers.get(operation)?.(JSON.parse(body.toString("utf8") || "{}"));
      if (answer) {
        answered.push(operation);
        const headers: Record<string, string> = { "content-type": "application/x-amz-json-1.1" };
        if ("error" in answer) headers["x-amzn-errortype"] = answer.error;
        res.writeHead("error" in answer ? (answer.status ?? 400) : 200, headers);
        res.end("error" in answer ? JSON.stringify({ __type: answer.error, Message: answer.message }) : wire(answer.body));
        return;
      }
      const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      upstream.on("error", (error) => res.writeHead(502).end(error.message));
      upstream.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    answered,
    answer: (operation, handler) => void handlers.set(operation, handler),
    clear: () => {
      handlers.clear();
      answered.length = 0;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
