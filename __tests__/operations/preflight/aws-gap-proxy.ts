import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** What the proxy answers for an API the local server lacks; others go to the server. */
export interface GapAnswers {
  /** Lambda GetAccountSettings `AccountLimit` figures. */
  readonly lambda: { readonly concurrentExecutions: number; readonly unreserved: number };
  /** Service Quotas GetServiceQuota values by `<service>/<quota code>`; a missing one is NoSuchResourceException. */
  readonly quotas: Readonly<Record<string, number>>;
}

export interface GapProxy {
  readonly endpoint: string;
  /** Requests answered by the proxy itself, e.g. "lambda:GetAccountSettings". */
  readonly answered: string[];
  close(): Promise<void>;
}

function json(res: ServerResponse, status: number, body: unknown, contentType: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": contentType, ...headers });
  res.end(JSON.stringify(body));
}

/**
 * An HTTP endpoint in front of a moto server that answers, on the wire as AWS does, the two
 * read-only APIs moto does not implement: Lambda GetAccountSettings (REST-JSON,
 * GET /2016-08-19/account-settings; response syntax from
 * https://docs.aws.amazon.com/lambda/latest/api/API_GetAccountSettings.html) and Service Quotas
 * GetServiceQuota (JSON 1.1, X-Amz-Target ServiceQuotasV20190624.GetServiceQuota; response syntax
 * from https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_GetServiceQuota.html).
 * Everything else is forwarded to moto unchanged, so the CLI runs its real SDK clients end to end.
 */
export async function startGapProxy(motoEndpoint: string, answers: GapAnswers): Promise<GapProxy> {
  const target = new URL(motoEndpoint);
  const answered: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const amzTarget = String(req.headers["x-amz-target"] ?? "");
      if (req.method === "GET" && req.url?.startsWith("/2016-08-19/account-settings")) {
        answered.push("lambda:GetAccountSettings");
        const { concurrentExecutions, unreserved } = answers.lambda;
        return json(res, 200, {
          AccountLimit: { CodeSizeUnzipped: 262144000, CodeSizeZipped: 52428800, ConcurrentExecutions: concurrentExecutions, TotalCodeSize: 80530636800, UnreservedConcurrentExecutions: unreserved },
          AccountUsage: { FunctionCount: 0, TotalCodeSize: 0 },
        }, "application/json");
      }
      if (amzTarget === "ServiceQuotasV20190624.GetServiceQuota") {
        const { ServiceCode, QuotaCode } = JSON.parse(body.toString("utf8")) as { ServiceCode: string; QuotaCode: string };
        answered.push(`servicequotas:GetServiceQuota ${ServiceCode}/${QuotaCode}`);
        const value = answers.quotas[`${ServiceCode}/${QuotaCode}`];
        if (value === undefined) {
          return json(res, 400, { __type: "NoSuchResourceException", Message: "The request failed because the specified resource does not exist." }, "application/x-amz-json-1.1", { "x-amzn-errortype": "NoSuchResourceException" });
        }
        return json(res, 200, {
          Quota: { ServiceCode, ServiceName: ServiceCode, QuotaArn: `arn:aws:servicequotas:us-east-1:123456789012:${ServiceCode}/${QuotaCode}`, QuotaCode, QuotaName: QuotaCode, Value: value, Unit: "None", Adjustable: true, GlobalQuota: false },
        }, "application/x-amz-json-1.1");
      }
      const forward = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        upstream.pipe(res);
      });
      forward.on("error", (error) => json(res, 502, { message: error.message }, "application/json"));
      forward.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { endpoint: `http://127.0.0.1:${port}`, answered, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
